/**
 * Figure 2: Var[w̄] across weight distributions, as the fraction d·Var[w̄] of
 * the bound 1/d — on a plain Var[w̄] axis the seven curves would overlap
 * within a line width across the decades.
 */
import type { ChartConfiguration } from "chart.js";
import { scatterChart } from "../charts.js";
import type { ReportResults } from "../results.js";

export function varianceByDistributionFigure(r: ReportResults): ChartConfiguration {
  const runs = r.stages["variance-distributions"];
  const ds = runs[0]?.results.map((x) => x.config.d) ?? [];
  return scatterChart({
    title: "Does the weight distribution matter? d·Var[w̄] by distribution (AOL, d = n)",
    subtitle: "Monte Carlo ± 1 SE, scaled by d: 1 is the distribution-free bound Var[w̄] ≤ 1/d",
    x: { label: "layer size d = n", log: true, ticks: ds },
    y: { label: "d · Var[w̄]", unit: "fraction of the bound 1/d", min: 0 },
    series: [
      ...runs.map((run) => ({ label: run.label, role: "measured" as const, points: run.results.map((x) => ({ x: x.config.d, y: x.config.d * x.estimate, se: x.config.d * x.se })) })),
      { label: "bound 1/d", role: "bound" as const, points: ds.map((d) => ({ x: d, y: 1 })) },
    ],
  }) as unknown as ChartConfiguration;
}
