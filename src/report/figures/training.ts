/**
 * Figures 9: the training experiment (MATH.md §7) — test accuracy and loss
 * per epoch for every model and depth (mean ± SE over seeds), final
 * accuracy against depth with the majority-class rate, and the per-layer
 * E[y²] at initialisation against lipvar's prediction. The subtitle states
 * the reduced budget (rows, epochs, seeds) and the data.
 */
import type { ChartConfiguration } from "chart.js";
import { lineChart, scatterChart, type SeriesSpec } from "../charts.js";
import type { TrainGroupSummary, TrainResult } from "../../experiments/train-types.js";
import { allValues, dodgeMeasured, logRange, unitRange } from "./axes.js";

const MODEL_NAMES: Record<string, string> = { plain: "plain ReLU", sll: "SLL", "sll-better": "SLL, better init", "sll-better-hooks": "SLL, better init + hooks" };
const name = (g: TrainGroupSummary) => `${MODEL_NAMES[g.model] ?? g.model}, depth ${g.depth}`;

/** The data and budget as two parts (setup; the comparison with the author's): the report's training runs are far smaller than the author's. */
export function budgetParts(r: TrainResult): [string, string] {
  const c = r.config;
  const data = r.data.source.startsWith("synthetic") ? "synthetic Covertype schema" : r.data.source;
  return [`${data} · ${r.data.rowsUsed} rows · ${c.epochs} epochs · ${c.seeds} seeds · width ${c.width} · bias ${c.bias} · ${c.standardise ? "standardised" : "raw"} inputs`, "reduced budget (author: 581,012 rows, 25 epochs, 10 seeds)"];
}

/** The data and budget in one line, for the report's text. */
export function trainingBudget(r: TrainResult): string {
  return budgetParts(r).join(" · ");
}

/** Accuracy axis: padded to multiples of 0.1 (Chart.js' tick step here, so the top tick is not a rounded 0.85), kept inside [0, 1]. */
/** Width between dodged series at each depth: 8% of the closest gap between depths, less when many series would together span more than a quarter of it. */
export function depthDodge(depths: readonly number[], count: number): number {
  const sorted = [...depths].sort((a, b) => a - b);
  const gap = sorted.length > 1 ? Math.min(...sorted.slice(1).map((v, i) => v - sorted[i])) : 1;
  return count > 1 ? Math.min(0.08 * gap, (0.25 * gap) / (count - 1)) : 0;
}

function majoritySeries(r: TrainResult, xs: number[]): SeriesSpec {
  return { label: `majority class (${(100 * r.data.majorityAccuracy).toFixed(1)}%)`, role: "bound", points: xs.map((x) => ({ x, y: r.data.majorityAccuracy })) };
}

function perEpoch(r: TrainResult, what: "accuracy" | "loss"): ChartConfiguration {
  const epochs = Array.from({ length: r.config.epochs + 1 }, (_, e) => e);
  const series: SeriesSpec[] = r.groups.map((g) => {
    const mean = what === "accuracy" ? g.meanTestAccuracy : g.meanTestLoss;
    const se = what === "accuracy" ? g.seTestAccuracy : g.seTestLoss;
    return { label: name(g), role: "measured", points: mean.map((y, e) => ({ x: e, y, ...(se[e] !== null ? { se: se[e]! } : {}) })) };
  });
  if (what === "accuracy") series.push(majoritySeries(r, epochs));
  const values = allValues(series);
  return lineChart({
    title: what === "accuracy" ? "Training: test accuracy per epoch" : "Training: test loss per epoch",
    subtitle: budgetParts(r),
    x: { label: "epoch (0 = at initialisation)", ticks: epochs },
    y: what === "accuracy" ? { label: "test accuracy", ...unitRange(values) } : { label: "test cross-entropy", unit: "nats per row", log: true, ...logRange(values) },
    series,
  }) as unknown as ChartConfiguration;
}

export function trainingAccuracyFigure(r: TrainResult): ChartConfiguration {
  return perEpoch(r, "accuracy");
}

export function trainingLossFigure(r: TrainResult): ChartConfiguration {
  return perEpoch(r, "loss");
}

export function trainingDepthFigure(r: TrainResult): ChartConfiguration {
  const depths = [...r.config.depths].sort((a, b) => a - b);
  const measured: SeriesSpec[] = r.config.models.map((model) => ({
    label: `${MODEL_NAMES[model] ?? model}, final test accuracy`,
    role: "measured",
    points: r.groups.filter((g) => g.model === model).map((g) => ({ x: g.depth, y: g.finalAccuracy.value, ...(g.finalAccuracy.se !== null ? { se: g.finalAccuracy.se } : {}) })),
  }));
  const series = [...dodgeMeasured(measured, depthDodge(depths, measured.length)), majoritySeries(r, depths)];
  return lineChart({
    title: `Final test accuracy against depth (after ${r.config.epochs} epochs)`,
    subtitle: [budgetParts(r)[0], `${budgetParts(r)[1]}; models side by side at each depth`],
    x: { label: "depth L", ticks: depths },
    y: { label: "test accuracy", ...unitRange(allValues(series)) },
    series,
  }) as unknown as ChartConfiguration;
}

/** E[y_{ℓ}²] at initialisation per layer for each model at the deepest depth, measured (mean ± SE over seeds) and predicted. */
export function trainingInitVarianceFigure(r: TrainResult): ChartConfiguration {
  const deepest = Math.max(...r.config.depths);
  const groups = r.groups.filter((g) => g.depth === deepest);
  const series: SeriesSpec[] = groups.flatMap((g): SeriesSpec[] => [
    { label: `${MODEL_NAMES[g.model] ?? g.model}, measured`, role: "measured", points: g.initYMeanSquare.map((y, l) => ({ x: l + 1, y, ...(g.initYMeanSquareSe[l] !== null ? { se: g.initYMeanSquareSe[l]! } : {}) })) },
    ...(g.predictedYMeanSquare ? [{ label: `${MODEL_NAMES[g.model] ?? g.model}, lipvar's prediction`, role: "exact" as const, points: g.predictedYMeanSquare.map((y, l) => ({ x: l + 1, y })) }] : []),
  ]);
  const positive = series.map((s) => ({ ...s, points: s.points.filter((p) => p.y > 0) }));
  return scatterChart({
    title: `Per-layer E[y²] at initialisation, depth ${deepest}: measured vs lipvar`,
    subtitle: [budgetParts(r)[0], `${budgetParts(r)[1]}; prediction: MATH.md §4, q = 1`],
    x: { label: "layer ℓ" },
    y: { label: "E[y_{ℓ}²] (pre-activation)", unit: "input units²", log: true, ...logRange(allValues(positive)) },
    series: positive,
  }) as unknown as ChartConfiguration;
}
