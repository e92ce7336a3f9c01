/**
 * Figure 13 (training half of the remedies, MATH.md §7b): final test
 * accuracy against depth for each remedy beside the paper's SLL and plain
 * networks (mean ± SE over seeds), with the majority-class rate.
 */
import type { ChartConfiguration } from "chart.js";
import { lineChart, type SeriesSpec } from "../charts.js";
import type { ReportResults } from "../results.js";
import { remedyAccuracyRows, remedyDepths } from "../remedies-training.js";
import { budgetParts, depthDodge } from "./training.js";
import { allValues, dodgeMeasured, unitRange } from "./axes.js";

export function remediesAccuracyFigure(r: ReportResults): ChartConfiguration {
  const depths = remedyDepths(r);
  const t = r.stages.training;
  const measured: SeriesSpec[] = remedyAccuracyRows(r).map((row) => ({
    label: row.name,
    role: "measured",
    points: row.groups.flatMap((g, i) => (g === null ? [] : [{ x: depths[i], y: g.finalAccuracy.value, ...(g.finalAccuracy.se !== null ? { se: g.finalAccuracy.se } : {}) }])),
  }));
  const series: SeriesSpec[] = [
    ...dodgeMeasured(measured, depthDodge(depths, measured.length)),
    { label: `majority class (${(100 * t.data.majorityAccuracy).toFixed(1)}%)`, role: "bound", points: depths.map((x) => ({ x, y: t.data.majorityAccuracy })) },
  ];
  return lineChart({
    title: `Remedies: final test accuracy against depth (after ${t.config.epochs} epochs)`,
    subtitle: [...budgetParts(t), "every remedy on the paper's SLL layers (output layer ReLU, as the author's), same seeds, data and batches; series side by side at each depth"],
    x: { label: "depth L", ticks: depths },
    y: { label: "test accuracy", ...unitRange(allValues(series)) },
    series,
  }) as unknown as ChartConfiguration;
}
