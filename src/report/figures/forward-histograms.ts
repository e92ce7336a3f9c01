/**
 * Figures 3 and 5: histograms of the pre-activations y_{ℓ} (forward) or of the
 * gradients ∂loss/∂y_{ℓ} (backward) of a few layers, without and with bias. Each layer's variance differs by decades, so x is y_{ℓ} in units of
 * that layer's predicted standard deviation (a change of units of the stored
 * histogram, not a new statistic). Drawn as density polylines through the bin
 * centres: four overlapping translucent bar sets blend into one grey block.
 */
import type { ChartConfiguration } from "chart.js";
import { lineChart, type SeriesSpec } from "../charts.js";
import { histogramDensity } from "../../experiments/histogram.js";
import type { DecayLayer, DecayResult } from "../../experiments/types.js";

/** weight·N(0, sd²) pdf on [−5, 5]. */
function normalCurve(sd: number, weight: number): { x: number; y: number }[] {
  return Array.from({ length: 101 }, (_, i) => {
    const x = -5 + i / 10;
    return { x, y: weight * Math.exp(-x * x / (2 * sd * sd)) / (sd * Math.sqrt(2 * Math.PI)) };
  });
}

/** Which histogram a figure draws. */
export type HistogramQuantity = "forward" | "gradient";

/**
 * Layers 1, 2, middle, last; for gradients the last layer is left out:
 * ∂loss/∂y_{L} = 1 for every input (a point mass, not a distribution).
 */
function pickLayers(depth: number, quantity: HistogramQuantity): number[] {
  const last = quantity === "gradient" ? depth - 1 : depth;
  return [...new Set([1, 2, Math.ceil(depth / 2), last])].filter((l) => l >= 1 && l <= last);
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

/**
 * Histograms of a few layers of a decay run on a grid rescaled by each layer's
 * predicted SD. "forward": y_{ℓ} against N(0, 1). "gradient": ∂loss/∂y_{ℓ} =
 * 1[y_{ℓ} > 0]·∂loss/∂x_ℓ, whose predicted second moment is G_ℓ/2; half the
 * values are exactly 0 (a spike at 0), the other half ≈ N(0, G_ℓ), i.e.
 * ½·N(0, 2) in these units.
 */
export function forwardHistogramFigure(result: DecayResult, withBias: boolean, quantity: HistogramQuantity = "forward"): ChartConfiguration {
  const gradient = quantity === "gradient";
  const histogramOf = (l: DecayLayer) => (gradient ? l.gradHistogram : l.histogram);
  const layers = pickLayers(result.config.depth, quantity).map((l) => result.layers[l - 1]).filter((l) => histogramOf(l) !== null);
  const bias = withBias ? `with bias (σ_{b} = ${result.config.biasStd})` : "without bias";
  const setup = `width ${result.config.widths[0]}, ${result.config.replicates} nets × ${result.config.batch} inputs`;
  return lineChart({
    title: gradient ? `Backward gradients ∂loss/∂y_{ℓ} per layer, ${bias}` : `Forward pre-activations y_{ℓ} per layer, ${bias}`,
    subtitle: gradient
      ? `AOL; spike at 0 (ReLU mask: half the values) cut off; loss = Σ y_{L}; ${setup}`
      : `AOL stack, Gaussian weights; ${setup}`,
    x: gradient
      ? { label: "∂loss/∂y_{ℓ} / √(predicted E[(∂loss/∂y_{ℓ})²])", unit: "predicted RMS of layer ℓ", min: -5, max: 5 }
      : { label: "y_{ℓ} / √(predicted Var[y_{ℓ}])", unit: "predicted SDs of layer ℓ", min: -5, max: 5 },
    // Gradient: the axis stops above the continuous part (peak ≈ 0.14), so the zero spike does not flatten it.
    y: gradient ? { label: "density at bin centres", unit: "per predicted RMS", min: 0, max: 0.3 } : { label: "density at bin centres", unit: "per predicted SD" },
    series: layers.map((l): SeriesSpec => {
      const h = histogramOf(l)!;
      const dens = histogramDensity({ lo: h.lo, hi: h.hi, counts: h.counts, underflow: h.underflow, overflow: h.overflow, nan: h.nan });
      // Gradient: E[(∂loss/∂y_{ℓ})²] = G_ℓ/2, and G_ℓ is layer ℓ+1's gradPredicted (layers[ℓ], 0-based); ℓ < L here.
      const sd = Math.sqrt(gradient ? result.layers[l.layer].gradPredicted / 2 : l.predicted);
      return { label: `layer ${l.layer}`, role: "exact" as const, points: dens.centers.map((c, i) => ({ x: snap(c / sd), y: dens.density[i] * sd })) };
    }).concat([gradient
      ? { label: "½·N(0, 2): non-zero half, for reference", role: "reference", color: "#000000", points: normalCurve(Math.SQRT2, 0.5) }
      : { label: "N(0, 1) for reference", role: "reference", color: "#000000", points: normalCurve(1, 1) }]),
  }) as unknown as ChartConfiguration;
}
