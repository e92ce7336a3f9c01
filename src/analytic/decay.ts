/**
 * Depth decay predictions for a feed-forward AOL network (MATH.md §4):
 *
 *     y_ℓ = W̄_ℓ x_{ℓ−1} + b_ℓ,   x_ℓ = ReLU(y_ℓ),   ℓ = 1..L,
 *
 * with W̄_ℓ ∈ R^{d_ℓ×n_ℓ} (n_ℓ inputs, d_ℓ outputs, so n_{ℓ+1} = d_ℓ) and
 * v_ℓ = Var[w̄](d_ℓ, n_ℓ). Under the usual mean-field assumptions (entries of
 * y symmetric and zero-mean, weights independent of activations,
 * E[x²] = Var[y]/2 after a ReLU):
 *
 *  - forward: Var[y_1] = n_1 v_1 E[x_0²] + σ_b² (the input is not a ReLU
 *    output, so no ½), and Var[y_ℓ] = r_ℓ Var[y_{ℓ−1}] + σ_b² for ℓ ≥ 2 with
 *    r_ℓ = (n_ℓ/2) v_ℓ; repeating layer ℓ forever tends to σ_b²/(1 − r_ℓ);
 *  - backward, loss = Σ_k y_{L,k} (sum of the last layer's outputs; with
 *    `reluOnOutput` the loss is Σ_k x_{L,k} instead): writing
 *    G_ℓ = E[(∂loss/∂x_ℓ)_i²] for the activations x_0..x_{L−1},
 *    G_{L−1} = d_L v_L (halved with reluOnOutput), and
 *    G_{ℓ−1} = (d_ℓ/2) v_ℓ · G_ℓ for ℓ = 1..L−1: the gradient's second moment
 *    shrinks by the factor of the layer it passes back through.
 *
 * Arrays are 0-based: index i refers to layer ℓ = i + 1 (forward) or to
 * activation x_i (backward).
 */
import { exactGaussianVariance } from "./variance.js";
import { requireConfig } from "../require-config.js";

/** Shape of one layer: d outputs (rows of W), n inputs (columns). */
export interface LayerShape {
  d: number;
  n: number;
}

export interface DecayInput {
  /** Layers in order; layers[i].n must equal layers[i−1].d. */
  layers: LayerShape[];
  /**
   * Which Gram rescales each W (d×n): "column" (default; AOL, t from WᵀW, so
   * the default Var[w̄] is V(d, n)) or "row" (the author's SLL layer, t from
   * WWᵀ: the same as the column rescaling of Wᵀ, so V(n, d)). Only the
   * default Var[w̄] depends on it; the recursion is the same.
   */
  gram?: "column" | "row";
  /** Var[w̄] per layer (e.g. Monte Carlo estimates for non-Gaussian weights); default: exact Gaussian V(d, n). */
  rescaledVariances?: number[];
}

export interface ForwardInput extends DecayInput {
  /** E[x_0²] of the network input (default 1). */
  inputSecondMoment?: number;
  /**
   * Bias variance σ_b² (default 0). Only the variance enters: any symmetric
   * zero-mean bias (normal, Laplace, uniform, any SGND) added to a symmetric
   * zero-mean W̄x keeps y symmetric and zero-mean, so E[x²] = Var[y]/2 holds
   * and the recursion is the same for every bias shape of that variance.
   */
  biasVariance?: number;
}

export interface ForwardPrediction {
  /** v_ℓ used for each layer. */
  rescaledVariances: number[];
  /** r_ℓ = (n_ℓ/2) v_ℓ for every layer (r_1 is listed for completeness; layer 1 uses firstLayerFactor). */
  ratios: number[];
  /** n_1 v_1 E[x_0²]: Var[y_1] without bias. */
  firstLayerFactor: number;
  /** Π_{j=2}^{ℓ} r_j (1 for ℓ = 1): Var[y_ℓ]/Var[y_1] without bias. */
  cumulativeRatios: number[];
  /** Var[y_ℓ] without bias: firstLayerFactor · cumulativeRatios[i]. */
  varianceWithoutBias: number[];
  /** Var[y_ℓ] from the bias recursion. */
  outputVariances: number[];
  /** σ_b²/(1 − r_ℓ): where the recursion would settle if layer ℓ were repeated (Infinity when r_ℓ ≥ 1). */
  fixedPoints: number[];
}

export interface GradientInput extends DecayInput {
  /** Loss = Σ x_L (ReLU after the last layer) instead of Σ y_L (default false). */
  reluOnOutput?: boolean;
}

export interface GradientPrediction {
  rescaledVariances: number[];
  /** factors[i] = G_i/G_{i+1} = (d_{i+1}/2) v_{i+1} in 1-based layer terms, i = 0..L−2: layer i+1's shrinkage of the gradient. */
  factors: number[];
  /** G_i = E[(∂loss/∂x_i)²] per coordinate, i = 0..L−1. */
  gradientSecondMoments: number[];
  /** G_i / G_{L−1}: cumulative product of factors from the output back to x_i. */
  cumulativeFactors: number[];
}

function checkPositiveInteger(name: string, x: number): void {
  if (typeof x !== "number" || !Number.isInteger(x) || x < 1) throw new RangeError(`${name} must be an integer >= 1, got ${x}`);
}

function checkNonNegative(name: string, x: number): void {
  if (typeof x !== "number" || !(x >= 0) || !Number.isFinite(x)) throw new RangeError(`${name} must be a finite number >= 0, got ${x}`);
}

function resolveVariances(input: DecayInput): number[] {
  const { layers } = input;
  if (!Array.isArray(layers) || layers.length === 0) throw new RangeError("layers must be a non-empty array of {d, n}");
  layers.forEach((l, i) => {
    checkPositiveInteger(`layers[${i}].d`, l.d);
    checkPositiveInteger(`layers[${i}].n`, l.n);
    if (i > 0 && l.n !== layers[i - 1].d) {
      throw new RangeError(`layers[${i}].n must equal layers[${i - 1}].d (${layers[i - 1].d}), got ${l.n}`);
    }
  });
  if (input.gram !== undefined && input.gram !== "column" && input.gram !== "row") throw new RangeError(`gram must be "column" or "row", got ${String(input.gram)}`);
  if (input.rescaledVariances === undefined) return layers.map((l) => (input.gram === "row" ? exactGaussianVariance(l.n, l.d) : exactGaussianVariance(l.d, l.n)));
  const v = input.rescaledVariances;
  if (!Array.isArray(v) || v.length !== layers.length) {
    throw new RangeError(`rescaledVariances must have one entry per layer (${layers.length}), got ${Array.isArray(v) ? v.length : typeof v}`);
  }
  v.forEach((x, i) => checkNonNegative(`rescaledVariances[${i}]`, x));
  return v.slice();
}

/**
 * Forward variance prediction for the layer stack (see the module comment for the recursion).
 * @param input - The layer shapes (each layer's n equals the previous d), optionally Var[w̄] per layer, E[x_0²] and the bias variance.
 * @returns Per layer: Var[w̄] used, the ratios r_ℓ = (n_ℓ/2)·Var[w̄], and the predicted Var[y_ℓ] with and without bias.
 * @throws RangeError naming the field (layers, their shapes, variances) when out of range.
 * @example
 * ```ts
 * import { predictForwardVariances } from "lipvar";
 * const p = predictForwardVariances({ layers: [{ d: 64, n: 64 }, { d: 64, n: 64 }, { d: 64, n: 64 }] });
 * p.outputVariances.length; // returns 3
 * p.ratios[1] < 1; // returns true (the variance decays with depth)
 * ```
 */
export function predictForwardVariances(input: ForwardInput): ForwardPrediction {
  requireConfig(input, "input");
  const v = resolveVariances(input);
  const { layers } = input;
  const ex0 = input.inputSecondMoment ?? 1;
  const sb2 = input.biasVariance ?? 0;
  checkNonNegative("inputSecondMoment", ex0);
  checkNonNegative("biasVariance", sb2);
  const ratios = layers.map((l, i) => (l.n / 2) * v[i]);
  const firstLayerFactor = layers[0].n * v[0] * ex0;
  const cumulativeRatios: number[] = [];
  const outputVariances: number[] = [];
  let cumulative = 1;
  let variance = firstLayerFactor + sb2;
  for (let i = 0; i < layers.length; i++) {
    if (i > 0) {
      cumulative *= ratios[i];
      variance = ratios[i] * variance + sb2;
    }
    cumulativeRatios.push(cumulative);
    outputVariances.push(variance);
  }
  return {
    rescaledVariances: v,
    ratios,
    firstLayerFactor,
    cumulativeRatios,
    varianceWithoutBias: cumulativeRatios.map((c) => firstLayerFactor * c),
    outputVariances,
    fixedPoints: ratios.map((r) => (r < 1 ? sb2 / (1 - r) : Infinity)),
  };
}

/**
 * Backward (activation-gradient) second moments for loss = sum of outputs (see the module comment).
 * @param input - The layer shapes, optionally Var[w̄] per layer and whether the loss is taken after a final ReLU.
 * @returns The gradient second moments G_i per layer input, the per-layer shrinkage factors and their cumulative products.
 * @throws RangeError naming the field when out of range.
 * @example
 * ```ts
 * import { predictGradientVariances } from "lipvar";
 * const g = predictGradientVariances({ layers: [{ d: 32, n: 32 }, { d: 32, n: 32 }] });
 * g.gradientSecondMoments.length; // returns 2
 * ```
 */
export function predictGradientVariances(input: GradientInput): GradientPrediction {
  requireConfig(input, "input");
  const v = resolveVariances(input);
  const { layers } = input;
  const L = layers.length;
  const factors = layers.slice(0, L - 1).map((l, i) => (l.d / 2) * v[i]);
  const last = layers[L - 1].d * v[L - 1] * (input.reluOnOutput ? 0.5 : 1);
  const gradientSecondMoments = new Array<number>(L);
  const cumulativeFactors = new Array<number>(L);
  gradientSecondMoments[L - 1] = last;
  cumulativeFactors[L - 1] = 1;
  for (let i = L - 2; i >= 0; i--) {
    cumulativeFactors[i] = cumulativeFactors[i + 1] * factors[i];
    gradientSecondMoments[i] = last * cumulativeFactors[i];
  }
  return { rescaledVariances: v, factors, gradientSecondMoments, cumulativeFactors };
}

/**
 * The large-n asymptote of the square-layer decay ratio r = (n/2)·V(n, n):
 * with m(n) ≈ √(2n/π) the mean-field V ≈ √(π/2)/n^{3/2}, so r ≈ √(π/8)/√n
 * ≈ 0.627/√n. An asymptote: it overstates the exact r (by ~12% at n = 64,
 * ~4% at n = 1024). Domain: n > 0.
 */
export function squareRatioAsymptote(n: number): number {
  if (!(n > 0)) throw new RangeError(`n must be a number > 0, got ${n}`);
  return Math.sqrt(Math.PI / 8 / n);
}
