/** Figure 7: AOL feed-forward vs SLL residual stack, variance per depth (log y). */
import type { ChartConfiguration } from "chart.js";
import { scatterChart } from "../charts.js";
import type { ReportResults } from "../results.js";
import type { SeriesSpec } from "../charts.js";
import { allValues, logRange } from "./axes.js";

export function residualFigure(r: ReportResults): ChartConfiguration {
  const res = r.stages.residual;
  const series: SeriesSpec[] = [
    { label: "SLL residual, measured", role: "measured", points: res.layers.map((l) => ({ x: l.layer, y: l.variance, se: l.varianceSe })) },
    { label: "input mean square (no decay)", role: "reference", points: res.layers.map((l) => ({ x: l.layer, y: l.predicted })) },
    { label: "AOL feed-forward, measured", role: "measured", points: res.layers.map((l) => ({ x: l.layer, y: l.aolVariance, se: l.aolVarianceSe })) },
    { label: "AOL feed-forward, predicted", role: "exact", points: res.layers.map((l) => ({ x: l.layer, y: l.aolPredicted })) },
  ];
  return scatterChart({
    title: "AOL feed-forward vs SLL residual: variance per depth",
    subtitle: `width ${res.config.width}, inner ${res.config.inner}, Gaussian weights; ± 1 SE over ${res.config.replicates} networks`,
    x: { label: "layer / block index ℓ", ticks: res.layers.map((l) => l.layer) },
    y: { label: "mean square of the layer output", unit: "input variance units", log: true, ...logRange(allValues(series)) },
    series,
  }) as unknown as ChartConfiguration;
}
