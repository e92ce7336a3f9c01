/**
 * Every figure of the report: file name → Chart.js configuration, built only
 * from stored results (figures never compute statistics).
 */
import type { ChartConfiguration } from "chart.js";
import type { ReportResults } from "../results.js";
import { varianceVsSizeFigure } from "./variance-vs-size.js";
import { varianceByDistributionFigure } from "./variance-by-distribution.js";
import { forwardHistogramFigure } from "./forward-histograms.js";
import { forwardVarianceFigure } from "./forward-variance.js";
import { gradientVarianceFigure } from "./gradient-variance.js";
import { PAPER_DISTRIBUTIONS, paperClosedFormFigure } from "./paper-closed-forms.js";
import { residualFigure } from "./residual.js";
import { layerRatioFigure } from "./layer-ratios.js";
import { fixedPointFigure } from "./fixed-point.js";
import { authorForwardFigure, authorGradientFigure } from "./author.js";
import { gramConventionFigure } from "./gram-conventions.js";
import { samplerCfFigure, samplerHistogramFigure, samplerMgfFigure } from "./sampler.js";
import { shapeEffectFigure } from "./shape-effect.js";
import { remediesAccuracyFigure } from "./remedies-training.js";
import { trainingAccuracyFigure, trainingDepthFigure, trainingInitVarianceFigure, trainingLossFigure } from "./training.js";

export interface Figure {
  /** File name under figures/, e.g. "1-variance-vs-size.png". */
  file: string;
  /** One-line caption for index.md. */
  caption: string;
  config: ChartConfiguration;
}

export function allFigures(r: ReportResults): Figure[] {
  const { noBias, bias } = r.stages.decay;
  return [
    { file: "1-variance-vs-size.png", caption: "Gaussian AOL Var[w̄] vs d = n: Monte Carlo, exact, mean-field, 1/d", config: varianceVsSizeFigure(r) },
    { file: "2-variance-by-distribution.png", caption: "Var[w̄] of seven weight distributions relative to the exact Gaussian V(d, d)", config: varianceByDistributionFigure(r) },
    { file: "3-forward-histograms-no-bias.png", caption: "forward pre-activation histograms, no bias", config: forwardHistogramFigure(noBias, false) },
    { file: "3-forward-histograms-bias.png", caption: "forward pre-activation histograms, with bias", config: forwardHistogramFigure(bias, true) },
    { file: "4-forward-variance.png", caption: "forward variance per layer, measured vs predicted", config: forwardVarianceFigure(r) },
    { file: "5-gradient-histograms-no-bias.png", caption: "backward gradient ∂loss/∂y_ℓ histograms, no bias", config: forwardHistogramFigure(noBias, false, "gradient") },
    { file: "5-gradient-histograms-bias.png", caption: "backward gradient ∂loss/∂y_ℓ histograms, with bias", config: forwardHistogramFigure(bias, true, "gradient") },
    { file: "5-gradient-variance.png", caption: "backward gradient second moment per layer, measured vs predicted", config: gradientVarianceFigure(r) },
    { file: "5-measured-over-predicted.png", caption: "measured / predicted per layer (forward and gradients, with and without bias)", config: layerRatioFigure(r) },
    ...PAPER_DISTRIBUTIONS.map((d) => ({ file: `6-paper-closed-form-${d.dist}.png`, caption: `the author's ${d.label} GND closed form (plotting script) / Monte Carlo over (d, n), inside and beyond the plotted domain d, n ≤ 10`, config: paperClosedFormFigure(r, d) })),
    { file: "7-residual-vs-feedforward.png", caption: "SLL residual vs AOL feed-forward variance per depth", config: residualFigure(r) },
    ...r.stages.sampler.map((run) => ({ file: `8-sgnd-histogram-beta${run.beta}.png`, caption: `SGND β = ${run.beta} samples vs pdf`, config: samplerHistogramFigure(run) })),
    { file: "8-sgnd-cf.png", caption: "SGND characteristic function, empirical vs analytic", config: samplerCfFigure(r) },
    { file: "8-pgnd-mgf.png", caption: "PGND MGF, empirical vs analytic", config: samplerMgfFigure(r) },
    { file: "9-training-accuracy.png", caption: "training: test accuracy per epoch, per model and depth (mean ± SE over seeds)", config: trainingAccuracyFigure(r.stages.training) },
    { file: "9-training-loss.png", caption: "training: test loss per epoch, per model and depth", config: trainingLossFigure(r.stages.training) },
    { file: "9-training-accuracy-vs-depth.png", caption: "training: final test accuracy against depth, with the majority-class rate", config: trainingDepthFigure(r.stages.training) },
    { file: "9-training-init-variance.png", caption: "training: per-layer E[y²] at initialisation vs lipvar's prediction (deepest nets)", config: trainingInitVarianceFigure(r.stages.training) },
    { file: "10-bias-fixed-point.png", caption: "bias fixed point σ_b²/(1−r) against the alternatives σ_b² and σ_b²/(1−2r)", config: fixedPointFigure(r) },
    { file: "10-gram-conventions.png", caption: "non-square layers: measured / predicted under the column and the row Gram convention", config: gramConventionFigure(r) },
    { file: "11-author-forward.png", caption: "the author's forward configuration rerun: lipvar's prediction next to the author's curve (½ at layer 1)", config: authorForwardFigure(r) },
    { file: "11-author-gradients.png", caption: "the author's gradient configuration rerun: tied weights, loss Σ ReLU(y_L), without and with b ~ N(0, 1)", config: authorGradientFigure(r) },
    { file: "12-precise-shape-effect.png", caption: "the shape effect on Var[w̄] at (8, 8), (32, 32), (64, 16), Gaussian-coupled estimator", config: shapeEffectFigure(r) },
    { file: "13-remedies-accuracy-vs-depth.png", caption: "remedies: final test accuracy against depth per remedy, beside the paper's SLL and plain networks (mean ± SE over seeds)", config: remediesAccuracyFigure(r) },
  ];
}
