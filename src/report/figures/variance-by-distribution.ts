/**
 * Figure 2: Var[w̄] across weight distributions, relative to the exact
 * Gaussian V(d, d) — on a plain Var[w̄] axis the seven curves overlap within
 * a line width across the decades, and the question is how much the shape of
 * the distribution changes the variance.
 */
import type { ChartConfiguration } from "chart.js";
import { lineChart } from "../charts.js";
import type { ReportResults } from "../results.js";

export function varianceByDistributionFigure(r: ReportResults): ChartConfiguration {
  const runs = r.stages["variance-distributions"];
  const exact = new Map(r.stages["variance-gaussian"].filter((x) => x.exact !== null).map((x) => [x.config.d, x.exact!]));
  const ds = (runs[0]?.results.map((x) => x.config.d) ?? []).filter((d) => exact.has(d));
  return lineChart({
    title: "Does the weight distribution matter? Var[w̄] relative to the Gaussian (AOL, d = n)",
    subtitle: "Monte Carlo Var[w̄] of each distribution ± 1 SE, divided by the exact Gaussian V(d, d)",
    x: { label: "layer size d = n", log: true, ticks: ds },
    y: { label: "Var[w̄] / V_{G}(d, d)", unit: "ratio" },
    series: [
      ...runs.map((run) => ({
        label: run.label,
        role: "measured" as const,
        points: run.results.filter((x) => exact.has(x.config.d)).map((x) => ({ x: x.config.d, y: x.estimate / exact.get(x.config.d)!, se: x.se / exact.get(x.config.d)! })),
      })),
      { label: "Gaussian (exact)", role: "bound" as const, points: ds.map((d) => ({ x: d, y: 1 })) },
    ],
  }) as unknown as ChartConfiguration;
}
