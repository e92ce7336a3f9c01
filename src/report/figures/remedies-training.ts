/**
 * Figure 13 (training half of the remedies, MATH.md §7b): final test
 * accuracy against depth for each remedy beside the paper's SLL and plain
 * networks (mean ± SE over seeds), with the majority-class rate.
 */
import type { ChartConfiguration } from "chart.js";
import { lineChart, type SeriesSpec } from "../charts.js";
import type { ReportResults } from "../results.js";
import { remedyAccuracyRows, remedyDepths } from "../remedies-training.js";
import { trainingBudget } from "./training.js";
import { allValues, paddedLinearRange } from "./axes.js";

export function remediesAccuracyFigure(r: ReportResults): ChartConfiguration {
  const depths = remedyDepths(r);
  const t = r.stages.training;
  const series: SeriesSpec[] = remedyAccuracyRows(r).map((row) => ({
    label: row.name,
    role: "measured",
    points: row.groups.flatMap((g, i) => (g === null ? [] : [{ x: depths[i], y: g.finalAccuracy.value, ...(g.finalAccuracy.se !== null ? { se: g.finalAccuracy.se } : {}) }])),
  }));
  series.push({ label: `majority class (${(100 * t.data.majorityAccuracy).toFixed(1)}%)`, role: "bound", points: depths.map((x) => ({ x, y: t.data.majorityAccuracy })) });
  const { min, max } = paddedLinearRange(allValues(series), 0.05);
  return lineChart({
    title: `Remedies: final test accuracy against depth (after ${t.config.epochs} epochs)`,
    subtitle: `${trainingBudget(t)}; every remedy on the paper's SLL layers (output layer ReLU, as the author's), same seeds, data and batches`,
    x: { label: "depth L", ticks: depths },
    y: { label: "test accuracy", min: Math.max(0, min), max: Math.min(1, max) },
    series,
  }) as unknown as ChartConfiguration;
}
