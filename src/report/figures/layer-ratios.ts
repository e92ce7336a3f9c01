/**
 * Figures 4–5, ratio view: measured / predicted per layer ± SE for the
 * forward variance and the backward gradients, with and without bias. On the
 * log axes of figures 4 and 5 (13 decades) a 30% miss is invisible; here 1
 * means the prediction is exact.
 */
import type { ChartConfiguration } from "chart.js";
import { lineChart, type SeriesSpec } from "../charts.js";
import type { ReportResults } from "../results.js";
import { allValues, paddedLinearRange } from "./axes.js";

/** Horizontal offsets of the four series around each layer (in layers), so their error bars do not sit on one another. */
export const RATIO_DODGE = [-0.15, -0.05, 0.05, 0.15] as const;

export function layerRatioFigure(r: ReportResults): ChartConfiguration {
  const { noBias, bias } = r.stages.decay;
  const b = bias.config.biasStd;
  const xs = noBias.layers.map((l) => l.layer);
  const series: SeriesSpec[] = [
    { label: "forward, no bias", role: "measured", points: noBias.layers.map((l) => ({ x: l.layer + RATIO_DODGE[0], y: l.ratio, se: l.ratioSe })) },
    { label: `forward, bias σ_{b} = ${b}`, role: "measured", points: bias.layers.map((l) => ({ x: l.layer + RATIO_DODGE[1], y: l.ratio, se: l.ratioSe })) },
    { label: "gradient, no bias", role: "measured", points: noBias.layers.map((l) => ({ x: l.layer + RATIO_DODGE[2], y: l.gradRatio, se: l.gradRatioSe })) },
    { label: `gradient, bias σ_{b} = ${b}`, role: "measured", points: bias.layers.map((l) => ({ x: l.layer + RATIO_DODGE[3], y: l.gradRatio, se: l.gradRatioSe })) },
    { label: "prediction exact", role: "bound", points: [{ x: 0.5, y: 1 }, { x: xs.length + 0.5, y: 1 }] },
  ];
  return lineChart({
    title: "Measured / predicted per layer: forward variance and backward gradients",
    subtitle: `AOL stack, Gaussian weights, width ${noBias.config.widths[0]}; ± 1 SE over ${noBias.config.replicates} networks; 1 = prediction exact; series side by side per layer`,
    x: { label: "layer index ℓ", ticks: xs, min: 0.5, max: xs.length + 0.5 },
    y: { label: "measured / predicted", unit: "ratio", ...paddedLinearRange(allValues(series), 0.05) },
    series,
  }) as unknown as ChartConfiguration;
}
