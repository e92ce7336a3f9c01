/**
 * Figure 3: histograms of the pre-activations y_ℓ of a few layers, without and
 * with bias. Each layer's variance differs by decades, so x is y_ℓ in units of
 * that layer's predicted standard deviation (a change of units of the stored
 * histogram, not a new statistic).
 */
import type { ChartConfiguration } from "chart.js";
import { histogramChart } from "../charts.js";
import { histogramDensity } from "../../experiments/histogram.js";
import type { DecayResult } from "../../experiments/types.js";

function pickLayers(depth: number): number[] {
  return [...new Set([1, 2, Math.ceil(depth / 2), depth])].filter((l) => l >= 1 && l <= depth);
}

export function forwardHistogramFigure(result: DecayResult, withBias: boolean): ChartConfiguration {
  const layers = pickLayers(result.config.depth).map((l) => result.layers[l - 1]).filter((l) => l.histogram !== null);
  return histogramChart({
    title: `Forward pre-activations y_ℓ per layer, ${withBias ? `with bias (σ_b = ${result.config.biasStd})` : "without bias"}`,
    subtitle: `AOL stack, Gaussian weights, width ${result.config.widths[0]}, ${result.config.replicates} networks × ${result.config.batch} inputs; x in units of the predicted SD of each layer`,
    x: { label: "y_ℓ / √(predicted Var[y_ℓ])", unit: "dimensionless" },
    y: { label: "density", unit: "per unit of x" },
    histograms: layers.map((l) => {
      const h = l.histogram!;
      const dens = histogramDensity({ lo: h.lo, hi: h.hi, counts: h.counts, underflow: h.underflow, overflow: h.overflow, nan: h.nan });
      const sd = Math.sqrt(l.predicted);
      return { label: `layer ${l.layer}`, centers: dens.centers.map((c) => c / sd), heights: dens.density.map((v) => v * sd), width: dens.width / sd };
    }),
  });
}
