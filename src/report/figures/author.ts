/**
 * Figure 11: the author's figure configurations rerun (config.author). Forward
 * variance per layer without and with b ~ N(0, 1), next to lipvar's prediction
 * and the author's "theoretical" curve, which applies the ReLU ½ at layer 1
 * too (∏_{j≤ℓ} (n_j/2)·V_j, so half of lipvar's prediction for square
 * layers); and the tied-weight gradient experiment (loss Σ ReLU(y_{L})).
 */
import type { ChartConfiguration } from "chart.js";
import { scatterChart, type SeriesSpec } from "../charts.js";
import type { ReportResults } from "../results.js";
import { allValues, logRange } from "./axes.js";

export function authorForwardFigure(r: ReportResults): ChartConfiguration {
  const { forwardNoBias: nb, forwardBias: b } = r.stages.author;
  // The author's curve: the product of the layers' ratios r_j = (n_j/2)·V_j from layer 1 on (E[x_0²] = 1).
  let product = 1;
  const authorCurve = nb.layers.map((l) => ({ x: l.layer, y: (product *= l.predictedRatio) }));
  const series: SeriesSpec[] = [
    { label: "measured, no bias", role: "measured", points: nb.layers.map((l) => ({ x: l.layer, y: l.variance, se: l.varianceSe })) },
    { label: "lipvar's prediction (layer 1: n·V)", role: "exact", points: nb.layers.map((l) => ({ x: l.layer, y: l.predicted })) },
    { label: "the author's 'theoretical' (½ at layer 1 too)", role: "approximation", points: authorCurve },
    { label: `measured, b ~ N(0, ${b.config.biasStd}²)`, role: "measured", points: b.layers.map((l) => ({ x: l.layer, y: l.variance, se: l.varianceSe })) },
    { label: "lipvar's prediction with bias", role: "exact", points: b.layers.map((l) => ({ x: l.layer, y: l.predicted })) },
  ];
  return scatterChart({
    title: "The author's forward figures rerun: variance per layer",
    subtitle: `width ${nb.config.widths[0]} (author: 8192), ${nb.config.batch} inputs × ${nb.config.replicates} networks (author: 10000 × 1); ± 1 SE`,
    x: { label: "layer index ℓ", ticks: nb.layers.map((l) => l.layer) },
    y: { label: "Var[y_{ℓ}]", unit: "input variance units", log: true, ...logRange(allValues(series)) },
    series,
  }) as unknown as ChartConfiguration;
}

export function authorGradientFigure(r: ReportResults): ChartConfiguration {
  const { gradientNoBias: nb, gradientBias: b } = r.stages.author;
  const series: SeriesSpec[] = [
    { label: "measured, no bias", role: "measured", points: nb.layers.map((l) => ({ x: l.layer, y: l.gradVariance, se: l.gradVarianceSe })) },
    // Shifted right: with and without bias the gradients nearly coincide.
    { label: `measured, b ~ N(0, ${b.config.biasStd}²) (drawn at ℓ + 0.2)`, role: "measured", points: b.layers.map((l) => ({ x: l.layer + 0.2, y: l.gradVariance, se: l.gradVarianceSe })) },
    { label: "predicted (independent layers)", role: "exact", points: nb.layers.map((l) => ({ x: l.layer, y: l.gradPredicted })) },
  ];
  return scatterChart({
    title: "The author's gradient figure rerun: tied weights, loss Σ ReLU(y_{L})",
    subtitle: `one W and b for all ${nb.config.depth} layers, width ${nb.config.widths[0]} (author: 2024), ${nb.config.batch} inputs × ${nb.config.replicates} networks; ± 1 SE`,
    x: { label: "layer index ℓ", ticks: nb.layers.map((l) => l.layer) },
    y: { label: "E[(∂loss/∂x_{ℓ−1})²]", unit: "loss² per input unit²", log: true, ...logRange(allValues(series)) },
    series,
  }) as unknown as ChartConfiguration;
}
