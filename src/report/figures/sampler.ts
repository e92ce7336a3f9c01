/** Figure 8: SGND samples against the pdf (one PNG per β), empirical vs analytic CF, and the PGND MGF. */
import type { ChartConfiguration } from "chart.js";
import { histogramChart, scatterChart } from "../charts.js";
import { histogramDensity } from "../../experiments/histogram.js";
import { PALETTE } from "../style.js";
import type { ReportResults, SamplerRun } from "../results.js";

export function samplerHistogramFigure(run: SamplerRun): ChartConfiguration {
  const h = run.histogram;
  const dens = histogramDensity({ lo: h.lo, hi: h.hi, counts: h.counts, underflow: h.underflow, overflow: h.overflow, nan: h.nan });
  // For β < 1 the pdf has a cusp at 0 that climbs far above any bin average; say so rather than let it look like a misfit.
  const peak = Math.max(...run.pdf.map((p) => p.y));
  const tallest = Math.max(...dens.density);
  const cusp = peak > 1.3 * tallest ? [`note: the pdf's cusp at 0 (peak ${peak.toPrecision(3)}) rises far above the average of the central bin (${tallest.toPrecision(3)}): bins average it out`] : [];
  return histogramChart({
    title: `SGND(α = 1, β = ${run.beta}): ${run.check.config.count.toLocaleString("en-US")} draws against the pdf`,
    subtitle: ["histogram over the central 98% (density over all draws), analytic pdf on top", ...cusp],
    x: { label: "x", unit: "units of α" },
    y: { label: "density", unit: "per unit of x" },
    histograms: [{ label: "samples (density)", centers: dens.centers, heights: dens.density, width: dens.width }],
    curves: [{ label: "analytic pdf", role: "exact", points: run.pdf }],
  });
}

export function samplerCfFigure(r: ReportResults): ChartConfiguration {
  const runs = r.stages.sampler;
  return scatterChart({
    title: "SGND characteristic function: empirical vs analytic",
    subtitle: "E[cos(tX)] ± 1 SE from the draws (markers), analytic CF (line of the same colour), α = 1",
    x: { label: "t", unit: "1/α" },
    y: { label: "φ(t)", unit: "dimensionless" },
    series: runs.flatMap((run, i) => [
      { label: `β = ${run.beta} empirical`, role: "measured" as const, color: PALETTE[i % PALETTE.length], points: run.check.cf.map((p) => ({ x: p.t, y: p.empirical, se: p.se })) },
      { label: `β = ${run.beta} analytic`, role: "exact" as const, color: PALETTE[i % PALETTE.length], points: run.cfCurve },
    ]),
  }) as unknown as ChartConfiguration;
}

export function samplerMgfFigure(r: ReportResults): ChartConfiguration {
  const runs = r.stages.sampler;
  return scatterChart({
    title: "PGND (|X|) moment generating function: empirical vs analytic",
    subtitle: "E[exp(t|X|)] ± 1 SE from the draws (markers), analytic MGF (line of the same colour), t inside its domain",
    x: { label: "t", unit: "1/α" },
    y: { label: "M(t)", unit: "dimensionless", log: true },
    series: runs.flatMap((run, i) => [
      { label: `β = ${run.beta} empirical`, role: "measured" as const, color: PALETTE[i % PALETTE.length], points: run.check.mgf.map((p) => ({ x: p.t, y: p.empirical, se: p.se })) },
      { label: `β = ${run.beta} analytic`, role: "exact" as const, color: PALETTE[i % PALETTE.length], points: run.mgfCurve },
    ]),
  }) as unknown as ChartConfiguration;
}
