/**
 * Var[y_{ℓ}] with depth for one decay run: measured ± SE against the predicted
 * recursion (and the bias fixed point), on a log axis — figure 4's series
 * for a single configuration, as the explorer page draws it.
 */
import type { ChartConfiguration } from "chart.js";
import { scatterChart, type SeriesSpec } from "../charts.js";
import type { DecayResult } from "../../experiments/types.js";
import { allValues, logRange } from "./axes.js";

export function depthVarianceFigure(result: DecayResult): ChartConfiguration {
  const { config, layers } = result;
  const fixed = layers.at(-1)?.fixedPoint ?? null;
  const series: SeriesSpec[] = [
    { label: "measured", role: "measured", points: layers.map((l) => ({ x: l.layer, y: l.variance, se: l.varianceSe })) },
    { label: "predicted", role: "exact", points: layers.map((l) => ({ x: l.layer, y: l.predicted })) },
    ...(fixed !== null ? [{ label: "bias fixed point σ_{b}²/(1−r)", role: "bound" as const, points: layers.map((l) => ({ x: l.layer, y: fixed })) }] : []),
  ];
  const beta = config.beta === "inf" ? "∞" : String(config.beta);
  return scatterChart({
    title: "Forward variance with depth: measured vs predicted",
    subtitle: `AOL stack, ${config.dist} weights (β = ${beta}), width ${config.widths[0]}, σ_{b} = ${config.biasStd}, ReLU; ± 1 SE over ${config.replicates} networks`,
    x: { label: "layer index ℓ", ticks: layers.map((l) => l.layer) },
    y: { label: "Var[y_{ℓ}]", unit: "input variance units", log: true, ...logRange(allValues(series)) },
    series,
  }) as unknown as ChartConfiguration;
}
