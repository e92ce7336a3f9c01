/**
 * Figure 6: the paper's GND closed forms divided by Monte Carlo, over n, one
 * line per d, for one distribution (one PNG each). A ratio of 1 means the
 * closed form is exact; error bars are the ratio's ± 1 SE from the Monte Carlo SE.
 */
import type { ChartConfiguration } from "chart.js";
import { lineChart } from "../charts.js";
import type { ReportResults } from "../results.js";
import type { SeriesSpec } from "../charts.js";
import { allValues, decadeRange, paddedLinearRange } from "./axes.js";

export const PAPER_DISTRIBUTIONS = [
  { dist: "laplace", label: "Laplace" },
  { dist: "gaussian", label: "normal" },
  { dist: "uniform", label: "uniform" },
] as const;

export function paperClosedFormFigure(r: ReportResults, dist: (typeof PAPER_DISTRIBUTIONS)[number]): ChartConfiguration {
  const runs = r.stages["paper-grid"].filter((x) => x.config.dist === dist.dist && x.paper !== null);
  const ds = [...new Set(runs.map((x) => x.config.d))];
  const ns = [...new Set(runs.map((x) => x.config.n))];
  const series: SeriesSpec[] = [
    ...ds.map((d) => ({
      label: `d = ${d}`,
      role: "measured" as const,
      points: runs.filter((x) => x.config.d === d).map((x) => ({ x: x.config.n, y: x.paper! / x.estimate, se: (x.paper! * x.se) / x.estimate ** 2 })),
    })),
    { label: "exact agreement", role: "bound" as const, points: ns.map((n) => ({ x: n, y: 1 })) },
  ];
  const values = allValues(series);
  return lineChart({
    title: `The paper's closed form for ${dist.label} weights vs Monte Carlo`,
    subtitle: "ratio closed form / Monte Carlo Var[w̄] ± 1 SE; 1 = the closed form is exact",
    x: { label: "inputs n", log: true, ticks: ns },
    // A log axis once the ratios span more than a factor 2 (the uniform and Laplace forms are off by up to ~10×).
    y: Math.max(...values) / Math.min(...values) > 2 ? { label: "paper / Monte Carlo", unit: "ratio", log: true, ...decadeRange(values) } : { label: "paper / Monte Carlo", unit: "ratio", ...paddedLinearRange(values, 0.1) },
    series,
  }) as unknown as ChartConfiguration;
}
