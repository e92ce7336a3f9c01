/**
 * Figure 10a: the bias fixed point. Per layer, measured Var[y_{ℓ}] divided by the
 * predicted fixed point σ_{b}²/(1−r) (± 1 SE over networks), with the claim (1)
 * and the two alternatives σ_{b}² and σ_{b}²/(1−2r) as horizontal lines: the
 * layers past the transient must sit on 1 and away from both alternatives.
 */
import type { ChartConfiguration } from "chart.js";
import { lineChart } from "../charts.js";
import type { ReportResults } from "../results.js";
import { paddedLinearRange, allValues } from "./axes.js";

export function fixedPointFigure(r: ReportResults): ChartConfiguration {
  const d = r.stages["fixed-point"];
  const last = d.layers.at(-1)!;
  const rr = last.predictedRatio;
  const fixed = last.fixedPoint ?? last.predicted;
  const xs = d.layers.map((l) => l.layer);
  const flat = (y: number) => xs.map((x) => ({ x, y }));
  const series = [
    { label: "measured Var[y_{ℓ}] / (σ_{b}²/(1−r))", role: "measured" as const, points: d.layers.map((l) => ({ x: l.layer, y: l.variance / fixed, se: l.varianceSe / fixed })) },
    { label: "predicted recursion", role: "exact" as const, points: d.layers.map((l) => ({ x: l.layer, y: l.predicted / fixed })) },
    { label: "claim σ_{b}²/(1−r)", role: "bound" as const, points: flat(1) },
    { label: "alternative σ_{b}²", role: "reference" as const, points: flat(1 - rr) },
    { label: "alternative σ_{b}²/(1−2r)", role: "approximation" as const, points: flat((1 - rr) / (1 - 2 * rr)) },
  ];
  return lineChart({
    title: "Bias fixed point: Var[y_{ℓ}] relative to σ_{b}²/(1−r)",
    subtitle: `width ${d.config.widths[0]}, σ_{b} = ${d.config.biasStd}, r = ${rr.toPrecision(3)}; ± 1 SE over ${d.config.replicates} networks; the test pools layers ${d.pooled.tailFrom}–${d.config.depth}`,
    x: { label: "layer index ℓ", ticks: xs },
    y: { label: "Var[y_{ℓ}] / (σ_{b}²/(1−r))", unit: "ratio", ...paddedLinearRange(allValues(series), 0.05) },
    series,
  }) as unknown as ChartConfiguration;
}
