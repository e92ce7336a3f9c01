/**
 * Figure 3: histograms of the pre-activations y_ℓ of a few layers, without and
 * with bias. Each layer's variance differs by decades, so x is y_ℓ in units of
 * that layer's predicted standard deviation (a change of units of the stored
 * histogram, not a new statistic). Drawn as density polylines through the bin
 * centres: four overlapping translucent bar sets blend into one grey block.
 */
import type { ChartConfiguration } from "chart.js";
import { lineChart, type SeriesSpec } from "../charts.js";
import { histogramDensity } from "../../experiments/histogram.js";
import type { DecayResult } from "../../experiments/types.js";

/** The standard normal pdf on [−5, 5]: the shape a layer would have if y_ℓ were Gaussian with the predicted variance. */
const STANDARD_NORMAL = Array.from({ length: 101 }, (_, i) => {
  const x = -5 + i / 10;
  return { x, y: Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI) };
});

function pickLayers(depth: number): number[] {
  return [...new Set([1, 2, Math.ceil(depth / 2), depth])].filter((l) => l >= 1 && l <= depth);
}

/**
 * Every layer's histogram spans ±6 predicted SDs with the same bins, so the
 * rescaled centres agree up to rounding; Chart.js sizes bars by the smallest
 * gap between any two x values, so rounding differences would make bars
 * hairline-thin.
 */
function snap(x: number): number {
  return Number(x.toPrecision(9));
}

export function forwardHistogramFigure(result: DecayResult, withBias: boolean): ChartConfiguration {
  const layers = pickLayers(result.config.depth).map((l) => result.layers[l - 1]).filter((l) => l.histogram !== null);
  return lineChart({
    title: `Forward pre-activations y_ℓ per layer, ${withBias ? `with bias (σ_b = ${result.config.biasStd})` : "without bias"}`,
    subtitle: `histograms (density at bin centres); AOL stack, Gaussian weights, width ${result.config.widths[0]}, ${result.config.replicates} networks × ${result.config.batch} inputs`,
    x: { label: "y_ℓ / √(predicted Var[y_ℓ])", unit: "predicted SDs of layer ℓ", min: -5, max: 5 },
    y: { label: "density", unit: "per predicted SD" },
    series: layers.map((l): SeriesSpec => {
      const h = l.histogram!;
      const dens = histogramDensity({ lo: h.lo, hi: h.hi, counts: h.counts, underflow: h.underflow, overflow: h.overflow, nan: h.nan });
      const sd = Math.sqrt(l.predicted);
      return { label: `layer ${l.layer}`, role: "exact" as const, points: dens.centers.map((c, i) => ({ x: snap(c / sd), y: dens.density[i] * sd })) };
    }).concat([{ label: "N(0, 1) for reference", role: "reference", color: "#000000", points: STANDARD_NORMAL }]),
  }) as unknown as ChartConfiguration;
}
