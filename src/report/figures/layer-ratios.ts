/**
 * Figures 4–5, ratio view: measured / predicted per layer ± SE for the
 * forward variance and the backward gradients, with and without bias. On the
 * log axes of figures 4 and 5 (13 decades) a 30% miss is invisible; here 1
 * means the prediction is exact.
 */
import type { ChartConfiguration } from "chart.js";
import { lineChart } from "../charts.js";
import type { ReportResults } from "../results.js";

export function layerRatioFigure(r: ReportResults): ChartConfiguration {
  const { noBias, bias } = r.stages.decay;
  const b = bias.config.biasStd;
  return lineChart({
    title: "Measured / predicted per layer: forward variance and backward gradients",
    subtitle: `AOL stack, Gaussian weights, width ${noBias.config.widths[0]}; ± 1 SE over ${noBias.config.replicates} networks; 1 = prediction exact`,
    x: { label: "layer index ℓ", ticks: noBias.layers.map((l) => l.layer) },
    y: { label: "measured / predicted", unit: "ratio" },
    series: [
      { label: "forward, no bias", role: "measured", points: noBias.layers.map((l) => ({ x: l.layer, y: l.ratio, se: l.ratioSe })) },
      { label: `forward, bias σ_b = ${b}`, role: "measured", points: bias.layers.map((l) => ({ x: l.layer, y: l.ratio, se: l.ratioSe })) },
      { label: "gradient, no bias", role: "measured", points: noBias.layers.map((l) => ({ x: l.layer, y: l.gradRatio, se: l.gradRatioSe })) },
      { label: `gradient, bias σ_b = ${b}`, role: "measured", points: bias.layers.map((l) => ({ x: l.layer, y: l.gradRatio, se: l.gradRatioSe })) },
      { label: "prediction exact", role: "bound", points: noBias.layers.map((l) => ({ x: l.layer, y: 1 })) },
    ],
  }) as unknown as ChartConfiguration;
}
