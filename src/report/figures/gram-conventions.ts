/**
 * Figure 10b: non-square layers under the two Gram conventions. Measured
 * Var[y_{ℓ}] divided by the prediction of its own convention (column: V(d, n);
 * row: V(n, d)) and by the other convention's prediction, ± 1 SE: the own
 * prediction must give 1, the other one misses where the two differ.
 */
import type { ChartConfiguration } from "chart.js";
import { lineChart, type SeriesSpec } from "../charts.js";
import type { ReportResults } from "../results.js";
import { PALETTE } from "../style.js";
import { allValues, paddedLinearRange } from "./axes.js";

export function gramConventionFigure(r: ReportResults): ChartConfiguration {
  const ns = r.stages["non-square"];
  const widths = ns.column.config.widths;
  const xs = ns.column.layers.map((l) => l.layer);
  const series: SeriesSpec[] = (["column", "row"] as const).flatMap((g, i) => {
    const d = ns[g];
    const other = ns[g === "row" ? "column" : "row"];
    return [
      { label: `${g} Gram data / ${g} prediction`, role: "measured" as const, color: PALETTE[i], points: d.layers.map((l) => ({ x: l.layer - 0.15 + 0.1 * i, y: l.ratio, se: l.ratioSe })) },
      { label: `${g} Gram data / ${g === "row" ? "column" : "row"} prediction`, role: "measured" as const, color: PALETTE[i + 2], points: d.layers.map((l, k) => ({ x: l.layer + 0.05 + 0.1 * i, y: l.variance / other.layers[k].predicted, se: l.varianceSe / other.layers[k].predicted })) },
    ];
  });
  series.push({ label: "prediction exact", role: "bound", points: [{ x: 0.5, y: 1 }, { x: xs.length + 0.5, y: 1 }] });
  return lineChart({
    title: "Non-square layers: each Gram convention needs its own prediction",
    subtitle: [`widths ${widths.join(" → ")} (d = 2n, then d = n/2), the same draws rescaled both ways; ± 1 SE over ${ns.column.config.replicates} networks`, "at layer 2 the two conventions' predictions coincide (the product n₁V₁·(n₂/2)V₂ is the same either way)"],
    x: { label: "layer index ℓ (markers dodged)", ticks: xs, min: 0.5, max: xs.length + 0.5 },
    y: { label: "measured Var[y_{ℓ}] / predicted", unit: "ratio", ...paddedLinearRange(allValues(series), 0.05) },
    series,
  }) as unknown as ChartConfiguration;
}
