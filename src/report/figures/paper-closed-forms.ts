/**
 * Figure 6: the GND closed forms of the author's plotting script
 * (src/distribution/generalized_normal_plots.py lines 6–15) divided by Monte
 * Carlo, over n, one line per d, for one distribution (one PNG each). A
 * ratio of 1 means the closed form is exact; below 1 (beyond the error bars)
 * it is not an upper bound there. Error bars: the ratio's ± 1 SE.
 */
import type { ChartConfiguration } from "chart.js";
import { lineChart } from "../charts.js";
import type { ReportResults } from "../results.js";
import type { SeriesSpec } from "../charts.js";
import { sequentialColors } from "../style.js";
import { allValues, logRange, paddedLinearRange } from "./axes.js";

export const PAPER_DISTRIBUTIONS = [
  { dist: "laplace", label: "Laplace" },
  { dist: "gaussian", label: "normal" },
  { dist: "uniform", label: "uniform" },
] as const;

export function paperClosedFormFigure(r: ReportResults, dist: (typeof PAPER_DISTRIBUTIONS)[number]): ChartConfiguration {
  const runs = r.stages["paper-grid"].filter((x) => x.config.dist === dist.dist && x.paper !== null);
  const ds = [...new Set(runs.map((x) => x.config.d))];
  const ns = [...new Set(runs.map((x) => x.config.n))];
  // d is ordered: a sequential colour map (dark = small d) instead of eight unrelated colours.
  const colors = sequentialColors(ds.length);
  const series: SeriesSpec[] = [
    ...ds.map((d, i) => ({
      label: `d = ${d}`,
      role: "measured" as const,
      color: colors[i],
      points: runs.filter((x) => x.config.d === d).map((x) => ({ x: x.config.n, y: x.paper! / x.estimate, se: (x.paper! * x.se) / x.estimate ** 2 })),
    })),
    { label: "form = Monte Carlo", role: "bound" as const, points: ns.map((n) => ({ x: n, y: 1 })) },
  ];
  const values = allValues(series);
  return lineChart({
    title: `The author's GND closed form for ${dist.label} weights vs Monte Carlo`,
    subtitle: "closed form / Monte Carlo Var[w̄] ± 1 SE; below 1: not an upper bound; the script plots d, n ≤ 10 only; colour: d (dark = small)",
    x: { label: "inputs n", log: true, ticks: ns },
    // A log axis once the ratios span more than a factor 2 (the uniform and Laplace forms are off by up to ~10×).
    y: Math.max(...values) / Math.min(...values) > 2 ? { label: "closed form / Monte Carlo", unit: "ratio", log: true, ...logRange(values) } : { label: "closed form / Monte Carlo", unit: "ratio", ...paddedLinearRange(values, 0.1) },
    series,
  }) as unknown as ChartConfiguration;
}
