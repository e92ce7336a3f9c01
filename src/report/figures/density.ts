/**
 * The density of a weight distribution, SGND(β) at unit variance, beside the
 * standard normal: the shape the explorer's β chooses, on the scale where
 * every distribution has the same variance (Var[w̄] does not depend on the
 * scale). Browser-safe.
 */
import type { ChartConfiguration } from "chart.js";
import { lineChart, type SeriesSpec } from "../charts.js";
import { Sgnd } from "../../analytic/gnd.js";

/** Points of `pdf` on [−4, 4]; the uniform's jumps drawn as vertical steps. */
function curve(pdf: (x: number) => number, steps: number[]): { x: number; y: number }[] {
  const xs = Array.from({ length: 401 }, (_, i) => -4 + i / 50);
  for (const s of steps) xs.push(s - 1e-9, s + 1e-9);
  return xs.sort((a, b) => a - b).map((x) => ({ x, y: pdf(x) }));
}

/** `beta`: the SGND shape, > 0 or Infinity (uniform); `label` names it in the legend (e.g. "Laplace (β = 1)"). */
export function sgndDensityFigure(beta: number, label: string): ChartConfiguration {
  const sgnd = new Sgnd({ beta, variance: 1 });
  const normal = new Sgnd({ beta: 2, variance: 1 });
  const edge = beta === Infinity ? [-sgnd.alpha, sgnd.alpha] : [];
  const weights = curve((x) => sgnd.pdf(x), edge);
  // A β < 1 density has a cusp at 0 that rises without bound in the plot's resolution: cap the axis and say so.
  const peak = Math.max(...weights.map((p) => p.y));
  const cap = Math.min(Math.max(0.45, peak * 1.05), 2);
  const series: SeriesSpec[] = [
    { label, role: "exact", points: weights.map((p) => ({ x: p.x, y: Math.min(p.y, cap) })) },
    ...(beta === 2 ? [] : [{ label: "normal (β = 2)", role: "reference" as const, color: "#000000", points: curve((x) => normal.pdf(x), []) }]),
  ];
  const kurtosis = sgnd.kurtosis();
  return lineChart({
    title: "The weight distribution at unit variance, beside the normal",
    subtitle: [
      `SGND(β = ${beta === Infinity ? "∞" : beta}) with α = ${sgnd.alpha.toPrecision(4)} (variance 1); kurtosis ${Number.isFinite(kurtosis) ? kurtosis.toPrecision(4) : "∞"} (normal: 3)`,
      ...(peak > cap ? [`the density's peak at 0 (${peak.toPrecision(3)}) is cut at ${cap.toPrecision(2)}`] : []),
    ],
    x: { label: "w", unit: "standard deviations", min: -4, max: 4 },
    y: { label: "density", unit: "per standard deviation", min: 0, max: Number((Math.ceil(cap * 10) / 10).toFixed(1)) },
    series,
  }) as unknown as ChartConfiguration;
}
