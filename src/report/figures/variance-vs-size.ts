/** Figure 1: Gaussian AOL Var[w̄] against the square layer size d = n: Monte Carlo ± SE, exact V, mean-field, the bound 1/d. */
import type { ChartConfiguration } from "chart.js";
import { scatterChart } from "../charts.js";
import type { ReportResults } from "../results.js";
import type { SeriesSpec } from "../charts.js";
import { allValues, logRange } from "./axes.js";

export function varianceVsSizeFigure(r: ReportResults): ChartConfiguration {
  const runs = r.stages["variance-gaussian"];
  const ds = runs.map((x) => x.config.d);
  const series: SeriesSpec[] = [
    { label: "Monte Carlo", role: "measured", points: runs.map((x) => ({ x: x.config.d, y: x.estimate, se: x.se })) },
    { label: "exact Gaussian V(d, n)", role: "exact", points: runs.filter((x) => x.exact !== null).map((x) => ({ x: x.config.d, y: x.exact! })) },
    { label: "mean-field 1/(d + (n−1)m(d))", role: "approximation", points: runs.map((x) => ({ x: x.config.d, y: x.meanField })) },
    { label: "upper bound 1/d", role: "bound", points: runs.map((x) => ({ x: x.config.d, y: x.upper })) },
  ];
  return scatterChart({
    title: "Rescaled-weight variance vs layer size (Gaussian weights, AOL, d = n)",
    subtitle: "Monte Carlo ± 1 SE against the exact Gaussian V(d, n), the mean-field approximation and the bound 1/d",
    x: { label: "layer size d = n", log: true, ticks: ds },
    y: { label: "Var[w̄]", unit: "dimensionless", log: true, ...logRange(allValues(series)) },
    series,
  }) as unknown as ChartConfiguration;
}
