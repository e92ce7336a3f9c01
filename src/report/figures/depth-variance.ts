/**
 * Var[y_{ℓ}] with depth for one decay run: measured ± SE against the predicted
 * recursion (and the bias fixed point), on a log axis — figure 4's series
 * for a single configuration, as the explorer page draws it.
 */
import type { ChartConfiguration } from "chart.js";
import { scatterChart, type SeriesSpec } from "../charts.js";
import type { DecayResult } from "../../experiments/types.js";
import { allValues, logRange } from "./axes.js";

/** What kind of stack ran: an AOL stack (column Gram), or the author's SLL feed-forward layer (row Gram, q = exp(θ)). */
export function stackName(config: DecayResult["config"]): string {
  if (config.transform === "sll") return `SLL stack (${config.gram} Gram, ${config.qStd > 0 ? `log q ~ N(0, ${config.qStd}²)` : "q ≡ 1"})`;
  return config.gram === "row" ? "AOL stack (row Gram)" : "AOL stack";
}

const ACTIVATIONS: Record<string, string> = { relu: "ReLU", abs: "abs", maxmin: "MaxMin" };

/** How the weights were drawn and the activation, e.g. "gnd weights (β = 1.5), ReLU" or "orthogonal weights, MaxMin". */
export function weightsAndActivation(config: DecayResult["config"]): string {
  const beta = config.beta === "inf" ? "∞" : String(config.beta);
  const weights = config.init === "orthogonal" ? "orthogonal (Haar) weights" : `${config.dist} weights (β = ${beta})`;
  const activation = ACTIVATIONS[config.activation] ?? config.activation.replace(/^groupsort:(\d+)$/, "GroupSort $1");
  return `${weights}, ${activation}`;
}

export function depthVarianceFigure(result: DecayResult): ChartConfiguration {
  const { config, layers } = result;
  const fixed = layers.at(-1)?.fixedPoint ?? null;
  const series: SeriesSpec[] = [
    { label: "measured", role: "measured", points: layers.map((l) => ({ x: l.layer, y: l.variance, se: l.varianceSe })) },
    { label: "predicted", role: "exact", points: layers.map((l) => ({ x: l.layer, y: l.predicted })) },
    ...(fixed !== null ? [{ label: "bias fixed point σ_{b}²/(1−r)", role: "bound" as const, points: layers.map((l) => ({ x: l.layer, y: fixed })) }] : []),
  ];
  const widths = config.widths.every((w) => w === config.widths[0]) ? `width ${config.widths[0]}` : `widths ${config.widths.join(", ")}`;
  return scatterChart({
    title: "Forward variance with depth: measured vs predicted",
    subtitle: [`${stackName(config)}, ${weightsAndActivation(config)}`, `${widths}, σ_{b} = ${config.biasStd}; ± 1 SE over ${config.replicates} networks`],
    x: { label: "layer index ℓ", ticks: layers.map((l) => l.layer) },
    y: { label: "Var[y_{ℓ}]", unit: "input variance units", log: true, ...logRange(allValues(series)) },
    series,
  }) as unknown as ChartConfiguration;
}
