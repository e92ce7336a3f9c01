/** Figure 4: forward Var[y_{ℓ}] per layer, measured ± SE vs the predicted recursion, without and with bias (log y). */
import type { ChartConfiguration } from "chart.js";
import { scatterChart } from "../charts.js";
import type { ReportResults } from "../results.js";
import type { SeriesSpec } from "../charts.js";
import { allValues, logRange } from "./axes.js";

export function forwardVarianceFigure(r: ReportResults): ChartConfiguration {
  const { noBias, bias } = r.stages.decay;
  const fixed = bias.layers.at(-1)?.fixedPoint ?? null;
  const series: SeriesSpec[] = [
    { label: "measured, no bias", role: "measured", points: noBias.layers.map((l) => ({ x: l.layer, y: l.variance, se: l.varianceSe })) },
    { label: "predicted, no bias", role: "exact", points: noBias.layers.map((l) => ({ x: l.layer, y: l.predicted })) },
    { label: `measured, bias σ_{b} = ${bias.config.biasStd}`, role: "measured", points: bias.layers.map((l) => ({ x: l.layer, y: l.variance, se: l.varianceSe })) },
    { label: "predicted, with bias", role: "exact", points: bias.layers.map((l) => ({ x: l.layer, y: l.predicted })) },
    ...(fixed !== null ? [{ label: "bias fixed point σ_{b}²/(1−r)", role: "bound" as const, points: bias.layers.map((l) => ({ x: l.layer, y: fixed })) }] : []),
  ];
  return scatterChart({
    title: "Forward variance per layer: measured vs predicted",
    subtitle: `AOL stack, Gaussian weights, width ${noBias.config.widths[0]}, ReLU; ± 1 SE over ${noBias.config.replicates} networks`,
    x: { label: "layer index ℓ", ticks: noBias.layers.map((l) => l.layer) },
    y: { label: "Var[y_{ℓ}]", unit: "input variance units", log: true, ...logRange(allValues(series)) },
    series,
  }) as unknown as ChartConfiguration;
}
