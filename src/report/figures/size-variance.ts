/**
 * Var[w̄] against one layer dimension (d, or n) with the other fixed, from a
 * sweep: Monte Carlo ± SE as markers, and the analytic lines where they
 * apply — exact Gaussian V(d, n) (Gaussian AOL), the mean-field
 * approximation (the AOL formula: for SLL with q ≢ 1 it is the q ≡ 1 value),
 * the author's closed form (Laplace, normal, uniform) and the bound 1/d, on
 * log–log axes. The explorer's second chart; browser-safe.
 */
import type { ChartConfiguration } from "chart.js";
import { scatterChart, type SeriesSpec } from "../charts.js";
import type { SweepResult } from "../../experiments/sweep.js";
import { betaFromJson } from "../../experiments/config.js";
import { allValues, logRange } from "./axes.js";

function betaText(beta: number): string {
  return beta === Infinity ? "∞" : String(beta);
}

/** `axis`: which dimension varies along x ("d": rows/outputs, or "n": columns/inputs); the other takes the sweep's single value. */
export function sizeVarianceFigure(result: SweepResult, axis: "d" | "n"): ChartConfiguration {
  const c = result.config;
  const fixed = axis === "d" ? `n = ${c.n[0]}` : `d = ${c.d[0]}`;
  const points = [...result.points].sort((a, b) => a.config[axis] - b.config[axis]);
  const x = (p: (typeof points)[number]) => p.config[axis];
  const exact = points.filter((p) => p.exact !== null);
  const paper = points.filter((p) => p.paper !== null);
  const sll = c.transform === "sll" && c.qStd > 0;
  const series: SeriesSpec[] = [
    { label: "Monte Carlo", role: "measured", points: points.map((p) => ({ x: x(p), y: p.estimate, se: p.se })) },
    ...(exact.length > 0 ? [{ label: "exact Gaussian V(d, n)", role: "exact" as const, points: exact.map((p) => ({ x: x(p), y: p.exact! })) }] : []),
    { label: sll ? "mean-field (q ≡ 1)" : "mean-field", role: "approximation", points: points.map((p) => ({ x: x(p), y: p.meanField })) },
    ...(paper.length > 0 ? [{ label: "the author's closed form", role: "reference" as const, points: paper.map((p) => ({ x: x(p), y: p.paper! })) }] : []),
    { label: "upper bound 1/d", role: "bound", points: points.map((p) => ({ x: x(p), y: p.upper })) },
  ];
  const beta = betaFromJson(c.beta[0]);
  const transform = c.transform === "sll" ? `SLL (s = ${c.qStd})` : "AOL";
  return scatterChart({
    title: `Var[w̄] against ${axis === "d" ? "d (rows, outputs)" : "n (columns, inputs)"}, ${fixed}`,
    subtitle: `${transform}, ${c.dist} weights (β = ${betaText(beta)}); Monte Carlo ± 1 SE from ${c.samples.toLocaleString("en-US")} matrices per point, seed ${c.seeds[0]}`,
    x: { label: axis === "d" ? "rows d" : "columns n", log: true, ticks: points.map(x) },
    y: { label: "Var[w̄]", unit: "dimensionless", log: true, ...logRange(allValues(series)) },
    series,
  }) as unknown as ChartConfiguration;
}
