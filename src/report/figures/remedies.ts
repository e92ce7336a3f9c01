/**
 * The Remedies figures (docs/MATH.md §8): E[y²] with depth per remedy (log
 * scale, predicted lines, measured points ± SE), and the mean cosine between
 * two inputs' representations with depth (the spread the norm does not show).
 */
import type { ChartConfiguration } from "chart.js";
import { scatterChart, type SeriesSpec } from "../charts.js";
import type { RemedyRun } from "../results.js";
import { PALETTE } from "../style.js";
import { allValues, logRange } from "./axes.js";
import { activationLabel } from "../../experiments/decay.js";
import type { DecayResult } from "../../experiments/types.js";

function find(runs: readonly RemedyRun[], init: string, activation: string): DecayResult | undefined {
  return runs.find((r) => r.architecture === "AOL feed-forward" && r.init === init && r.activation === activation)?.decay;
}

function setup(runs: readonly RemedyRun[]): string {
  const d = runs.find((r) => r.decay)?.decay;
  return d ? `AOL stacks of width ${d.config.widths[0]}, no bias; ± 1 SE over ${d.config.replicates} networks × ${d.config.batch} inputs` : "";
}

/** E[y_ℓ²] with depth: iid + ReLU (the paper), iid + MaxMin, orthogonal + ReLU, orthogonal + MaxMin, and the SLL residual stacks. */
export function remediesVarianceFigure(runs: readonly RemedyRun[]): ChartConfiguration {
  const picks: [string, string][] = [["iid", "relu"], ["iid", "maxmin"], ["orthogonal", "relu"], ["orthogonal", "maxmin"]];
  const series: SeriesSpec[] = [];
  picks.forEach(([init, activation], i) => {
    const d = find(runs, init, activation);
    if (!d) return;
    const color = PALETTE[i];
    const name = `${init}, ${activationLabel(activation)}`;
    series.push({ label: `${name}: measured`, role: "measured", color, points: d.layers.map((l) => ({ x: l.layer, y: l.variance, se: l.varianceSe })) });
    series.push({ label: `${name}: predicted`, role: "exact", color, points: d.layers.map((l) => ({ x: l.layer, y: l.predicted })) });
  });
  const res = runs.find((r) => r.architecture === "SLL residual" && r.init === "iid")?.residual;
  if (res) series.push({ label: "SLL residual, iid P: measured", role: "measured", color: PALETTE[4], points: res.layers.map((l) => ({ x: l.layer, y: l.variance, se: l.varianceSe })) });
  const depth = Math.max(...series.flatMap((s) => s.points.map((p) => p.x)));
  return scatterChart({
    title: "Remedies: E[y²] with depth, measured vs predicted",
    subtitle: [
      setup(runs),
      "abs and GroupSort give the same E[y²] as MaxMin (norm-preserving); an SLL residual stack with orthogonal P stays at 1 exactly (not drawn)",
    ],
    x: { label: "layer index ℓ", ticks: Array.from({ length: depth }, (_, i) => i + 1).filter((l) => l === 1 || l % 5 === 0) },
    y: { label: "E[y_{ℓ}²]", unit: "input variance units", log: true, ...logRange(allValues(series)) },
    series,
  }) as unknown as ChartConfiguration;
}

/** Mean cosine between two inputs' y_ℓ with depth, orthogonal init, per activation (iid weights give the same mean-field map). */
export function remediesSpreadFigure(runs: readonly RemedyRun[]): ChartConfiguration {
  const activations = [...new Set(runs.filter((r) => r.architecture === "AOL feed-forward").map((r) => r.activation))];
  const series: SeriesSpec[] = [];
  activations.forEach((activation, i) => {
    const d = find(runs, "orthogonal", activation);
    if (!d) return;
    const color = PALETTE[i];
    const name = activationLabel(activation);
    series.push({ label: `${name}: measured`, role: "measured", color, points: d.layers.map((l) => ({ x: l.layer, y: l.meanCosine, se: l.meanCosineSe })) });
    const predicted = d.layers.filter((l) => l.meanCosinePredicted !== null);
    if (predicted.length === d.layers.length) series.push({ label: `${name}: mean field`, role: "approximation", color, points: predicted.map((l) => ({ x: l.layer, y: l.meanCosinePredicted! })) });
  });
  const depth = Math.max(...series.flatMap((s) => s.points.map((p) => p.x)));
  return scatterChart({
    title: "Remedies: the inputs merge with depth even where E[y²] is kept",
    subtitle: [
      `${setup(runs).replace("AOL stacks", "orthogonal AOL stacks")}`,
      "dashed: mean-field maps (ReLU's is MaxMin's; none for GroupSort above 2); 1: all inputs in one direction",
    ],
    x: { label: "layer index ℓ", ticks: Array.from({ length: depth }, (_, i) => i + 1).filter((l) => l === 1 || l % 5 === 0) },
    y: { label: "mean cosine between two inputs' y_{ℓ}", min: -0.05, max: 1.05, ticks: [0, 0.2, 0.4, 0.6, 0.8, 1] },
    series,
  }) as unknown as ChartConfiguration;
}
