/**
 * Var[y_{ℓ}] with depth for one decay run: measured ± SE against the predicted
 * recursion (and the bias fixed point), on a log axis — figure 4's series
 * for a single configuration, as the explorer page draws it.
 */
import type { ChartConfiguration } from "chart.js";
import { scatterChart, type SeriesSpec } from "../charts.js";
import type { DecayResult } from "../../experiments/types.js";
import { allValues, logRange } from "./axes.js";

/**
 * What kind of stack ran: an AOL stack (column Gram), or the author's SLL
 * feed-forward layer (row Gram; with random q once the decay config carries
 * transform "sll" and qStd).
 */
export function stackName(config: DecayResult["config"]): string {
  const c = config as DecayResult["config"] & { transform?: string; qStd?: number };
  if (c.transform === "sll") return `SLL stack (${c.gram} Gram, log q ~ N(0, ${c.qStd ?? 0}²))`;
  return c.gram === "row" ? "SLL stack (row Gram, q ≡ 1)" : "AOL stack";
}

export function depthVarianceFigure(result: DecayResult): ChartConfiguration {
  const { config, layers } = result;
  const fixed = layers.at(-1)?.fixedPoint ?? null;
  const series: SeriesSpec[] = [
    { label: "measured", role: "measured", points: layers.map((l) => ({ x: l.layer, y: l.variance, se: l.varianceSe })) },
    { label: "predicted", role: "exact", points: layers.map((l) => ({ x: l.layer, y: l.predicted })) },
    ...(fixed !== null ? [{ label: "bias fixed point σ_{b}²/(1−r)", role: "bound" as const, points: layers.map((l) => ({ x: l.layer, y: fixed })) }] : []),
  ];
  const beta = config.beta === "inf" ? "∞" : String(config.beta);
  const widths = config.widths.every((w) => w === config.widths[0]) ? `width ${config.widths[0]}` : `widths ${config.widths.join(", ")}`;
  return scatterChart({
    title: "Forward variance with depth: measured vs predicted",
    subtitle: `${stackName(config)}, ${config.dist} weights (β = ${beta}), ${widths}, σ_{b} = ${config.biasStd}, ReLU; ± 1 SE over ${config.replicates} networks`,
    x: { label: "layer index ℓ", ticks: layers.map((l) => l.layer) },
    y: { label: "Var[y_{ℓ}]", unit: "input variance units", log: true, ...logRange(allValues(series)) },
    series,
  }) as unknown as ChartConfiguration;
}
