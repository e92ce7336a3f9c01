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
import { remediesSpreadFigure, remediesVarianceFigure } from "./remedies.js";
import { remediesAccuracyFigure } from "./remedies-training.js";
import { trainingAccuracyFigure, trainingDepthFigure, trainingInitVarianceFigure, trainingLossFigure } from "./training.js";

export interface Figure {
  /** File name under figures/ without its extension, e.g. "01-variance-vs-size": the figure's number, zero-padded so names sort, then a slug. */
  name: string;
  /** One-line caption for index.md. */
  caption: string;
  config: ChartConfiguration;
}

/** The file name of a figure in a format: "01-variance-vs-size.svg". */
export function figureFile(figure: Pick<Figure, "name">, format: string): string {
  return `${figure.name}.${format}`;
}

export function allFigures(r: ReportResults): Figure[] {
  const { noBias, bias } = r.stages.decay;
  return [
    { name: "01-variance-vs-size", caption: "Gaussian AOL Var[w̄] vs d = n: Monte Carlo, exact, mean-field, 1/d", config: varianceVsSizeFigure(r) },
    { name: "02-variance-by-distribution", caption: "Var[w̄] of seven weight distributions relative to the exact Gaussian V(d, d)", config: varianceByDistributionFigure(r) },
    { name: "03-forward-histograms-no-bias", caption: "forward pre-activation histograms, no bias", config: forwardHistogramFigure(noBias, false) },
    { name: "03-forward-histograms-bias", caption: "forward pre-activation histograms, with bias", config: forwardHistogramFigure(bias, true) },
    { name: "04-forward-variance", caption: "forward variance per layer, measured vs predicted", config: forwardVarianceFigure(r) },
    { name: "05-gradient-histograms-no-bias", caption: "backward gradient ∂loss/∂y_{ℓ} histograms, no bias", config: forwardHistogramFigure(noBias, false, "gradient") },
    { name: "05-gradient-histograms-bias", caption: "backward gradient ∂loss/∂y_{ℓ} histograms, with bias", config: forwardHistogramFigure(bias, true, "gradient") },
    { name: "05-gradient-variance", caption: "backward gradient second moment per layer, measured vs predicted", config: gradientVarianceFigure(r) },
    { name: "05-measured-over-predicted", caption: "measured / predicted per layer (forward and gradients, with and without bias)", config: layerRatioFigure(r) },
    ...PAPER_DISTRIBUTIONS.map((d) => ({ name: `06-paper-closed-form-${d.dist}`, caption: `the author's ${d.label} GND closed form (plotting script) / Monte Carlo over (d, n), inside and beyond the plotted domain d, n ≤ 10`, config: paperClosedFormFigure(r, d) })),
    { name: "07-residual-vs-feedforward", caption: "SLL residual vs AOL feed-forward variance per depth", config: residualFigure(r) },
    ...r.stages.sampler.map((run) => ({ name: `08-sgnd-histogram-beta${run.beta}`, caption: `SGND β = ${run.beta} samples vs pdf`, config: samplerHistogramFigure(run) })),
    { name: "08-sgnd-cf", caption: "SGND characteristic function, empirical vs analytic", config: samplerCfFigure(r) },
    { name: "08-pgnd-mgf", caption: "PGND MGF, empirical vs analytic", config: samplerMgfFigure(r) },
    { name: "09-training-accuracy", caption: "training: test accuracy per epoch, per model and depth (mean ± SE over seeds)", config: trainingAccuracyFigure(r.stages.training) },
    { name: "09-training-loss", caption: "training: test loss per epoch, per model and depth", config: trainingLossFigure(r.stages.training) },
    { name: "09-training-accuracy-vs-depth", caption: "training: final test accuracy against depth, with the majority-class rate", config: trainingDepthFigure(r.stages.training) },
    { name: "09-training-init-variance", caption: "training: per-layer E[y²] at initialisation vs lipvar's prediction (deepest nets)", config: trainingInitVarianceFigure(r.stages.training) },
    { name: "10-bias-fixed-point", caption: "bias fixed point σ_{b}²/(1−r) against the alternatives σ_{b}² and σ_{b}²/(1−2r)", config: fixedPointFigure(r) },
    { name: "10-gram-conventions", caption: "non-square layers: measured / predicted under the column and the row Gram convention", config: gramConventionFigure(r) },
    { name: "11-author-forward", caption: "the author's forward configuration rerun: lipvar's prediction next to the author's curve (½ at layer 1)", config: authorForwardFigure(r) },
    { name: "11-author-gradients", caption: "the author's gradient configuration rerun: tied weights, loss Σ ReLU(y_{L}), without and with b ~ N(0, 1)", config: authorGradientFigure(r) },
    { name: "12-precise-shape-effect", caption: "the shape effect on Var[w̄] at (8, 8), (32, 32), (64, 16), Gaussian-coupled estimator", config: shapeEffectFigure(r) },
    ...(r.stages.remedies?.length
      ? [
          { name: "13-remedies-variance", caption: "remedies: E[y²] with depth per initialisation × activation, measured vs predicted (docs/MATH.md §8)", config: remediesVarianceFigure(r.stages.remedies) },
          { name: "13-remedies-spread", caption: "remedies: mean cosine between two inputs' representations with depth, measured vs mean field", config: remediesSpreadFigure(r.stages.remedies) },
        ]
      : []),
    { name: "13-remedies-accuracy-vs-depth", caption: "remedies: final test accuracy against depth per remedy, beside the paper's SLL and plain networks (mean ± SE over seeds)", config: remediesAccuracyFigure(r) },
  ];
}
