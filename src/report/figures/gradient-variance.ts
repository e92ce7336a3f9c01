/** Figure 5: backward gradient second moment per layer, measured ± SE vs predicted, without and with bias (log y). */
import type { ChartConfiguration } from "chart.js";
import { scatterChart } from "../charts.js";
import type { ReportResults } from "../results.js";
import type { SeriesSpec } from "../charts.js";
import { allValues, logRange } from "./axes.js";

/** Horizontal offset of the with-bias markers (in layers). */
const DODGE = 0.2;

export function gradientVarianceFigure(r: ReportResults): ChartConfiguration {
  const { noBias, bias } = r.stages.decay;
  const series: SeriesSpec[] = [
    { label: "measured, no bias", role: "measured", points: noBias.layers.map((l) => ({ x: l.layer, y: l.gradVariance, se: l.gradVarianceSe })) },
    { label: bias.layers.some((l, i) => Math.abs(l.gradPredicted / noBias.layers[i].gradPredicted - 1) > 1e-3) ? "predicted, no bias" : "predicted (same with and without bias)", role: "exact", points: noBias.layers.map((l) => ({ x: l.layer, y: l.gradPredicted })) },
    // Shifted right by DODGE: the bias barely changes the gradients, so at the same x these markers would hide under the others.
    { label: `measured, bias σ_{b} = ${bias.config.biasStd} (drawn at ℓ + ${DODGE})`, role: "measured", points: bias.layers.map((l) => ({ x: l.layer + DODGE, y: l.gradVariance, se: l.gradVarianceSe })) },
    // The recursion has no bias term: draw the with-bias prediction only where it differs (it would hide under the other line).
    ...(bias.layers.some((l, i) => Math.abs(l.gradPredicted / noBias.layers[i].gradPredicted - 1) > 1e-3)
      ? [{ label: "predicted, with bias", role: "exact" as const, points: bias.layers.map((l) => ({ x: l.layer, y: l.gradPredicted })) }]
      : []),
  ];
  return scatterChart({
    title: "Backward gradients per layer: measured vs predicted",
    subtitle: `loss = Σ y_{L}; gradient w.r.t. the input x_{ℓ−1} of layer ℓ; ± 1 SE over ${noBias.config.replicates} networks`,
    x: { label: "layer index ℓ", ticks: noBias.layers.map((l) => l.layer) },
    y: { label: "E[(∂loss/∂x_{ℓ−1})²]", unit: "loss² per input unit²", log: true, ...logRange(allValues(series)) },
    series,
  }) as unknown as ChartConfiguration;
}
