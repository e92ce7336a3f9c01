/**
 * Figure 12: the shape effect on Var[w̄] at the precision of the
 * Gaussian-coupled estimator — 100·(Var_{β}[w̄] / V_{G} − 1) % against
 * 1/β (0 = uniform, ½ = normal, 1 = Laplace), one line per (d, n). The
 * Gaussian point is the exact integral (0 by definition).
 */
import type { ChartConfiguration } from "chart.js";
import { lineChart } from "../charts.js";
import type { ReportResults } from "../results.js";
import { allValues, paddedLinearRange } from "./axes.js";
import { betaFromJson } from "../../experiments/config.js";

export function shapeEffectFigure(r: ReportResults): ChartConfiguration {
  const runs = r.stages["precise-distributions"];
  const points = r.config.precise.points;
  const inverseBeta = (beta: number) => (beta === Infinity ? 0 : 1 / beta);
  const largestSe = Math.max(0, ...runs.flatMap((run) => run.results.map((x) => (100 * x.se) / x.gaussian)));
  const series = points.map((pt, i) => {
    const measured = runs.map((run) => run.results[i]);
    const pts = measured.map((x) => ({ x: inverseBeta(betaFromJson(x.config.beta)), y: 100 * (x.estimate / x.gaussian - 1), se: (100 * x.se) / x.gaussian }));
    pts.push({ x: 0.5, y: 0, se: 0 });
    pts.sort((a, b) => a.x - b.x);
    return { label: `d = ${pt.d}, n = ${pt.n}`, role: "measured" as const, points: pts };
  });
  return lineChart({
    title: "The weight distribution's effect on Var[w̄] (AOL), Gaussian-coupled estimator",
    subtitle: `100·(Var_{β}[w̄] / V_{G} − 1) ± 1 SE (largest SE ${largestSe.toPrecision(2)}%); the Gaussian value is the exact integral`,
    x: { label: "1/β  (0 = uniform, 0.5 = normal, 1 = Laplace)", ticks: [0, 0.2, 0.5, 1, 1.25, 2] },
    y: { label: "shape effect", unit: "% of the Gaussian Var[w̄]", ...paddedLinearRange(allValues(series), 1) },
    series,
  }) as unknown as ChartConfiguration;
}
