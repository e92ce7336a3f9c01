/**
 * Configurations and results of the four experiments (weight variance,
 * depth decay, SLL residual stacks, sampler check). Results are plain
 * JSON-serialisable objects: numbers, strings, booleans, null, arrays and
 * plain objects — no typed arrays, no bigint (seeds are decimal strings),
 * β = Infinity is written "inf". Every result repeats its validated config
 * (with defaults filled in), the seed, and the Wasm build that produced it,
 * so a results file is self-describing.
 */
import type { Histogram } from "./histogram.js";

import type { GramConvention, Initialisation } from "../wasm/decay.js";

export type { GramConvention };

import type { DistributionName } from "../analytic/distribution.js";

export type { DistributionName };

/** β as written to JSON: a finite number, or "inf" for the uniform limit. */
export type JsonBeta = number | "inf";

/** Which Wasm build ran the kernels, and on how many workers. */
export interface RunInfo {
  /** Wasm build name: "baseline" | "simd" | "relaxed" | "debug". */
  build: string;
  /** Workers actually used (1 = in-process). Never changes the numbers, only the time. */
  workers: number;
  /** Wall time of the run in seconds (the only field that differs between identical runs; compare results without it). */
  seconds: number;
}

/** A histogram in JSON form (fixed bins over [lo, hi)): the experiments' Histogram, already plain data. */
export type HistogramJson = Histogram;

/** A mean with its standard error. */
export interface ValueSe {
  value: number;
  se: number;
}

// ------------------------------------------------------------ weight variance

export interface WeightVarianceConfig {
  /** "aol" (q ≡ 1) or "sll" (q_i = exp(θ_i), θ_i ~ N(0, qStd²)). */
  transform: "aol" | "sll";
  /** SLL log-weight standard deviation s ≥ 0 (finite); must be 0 for AOL; default 0. */
  qStd?: number;
  /** Rows of W (outputs), integer ≥ 1. */
  d: number;
  /** Columns of W (inputs), integer ≥ 1. */
  n: number;
  /** Entry distribution (default "gaussian"); "gnd" uses `beta`. */
  dist?: DistributionName;
  /** SGND shape β > 0 or Infinity; implied by dist unless dist = "gnd" (gaussian 2, laplace 1, uniform Infinity). */
  beta?: number;
  /**
   * Number of matrices (the sampling unit), integer from 2 to 1e10; required
   * unless `target` is given, which makes it the most to use (default 1e10).
   */
  samples?: number;
  /**
   * Run until the standard error reaches an absolute (`{ se }`) or relative
   * (`{ rse }`, in (0, 1)) target: a pilot of the first chunks plans the
   * matrix count (the result is then the run of that many matrices; see
   * `precision` in the result). Not taken by the shard runners.
   */
  target?: PrecisionTarget;
  /** Standard deviation of the raw entries, finite > 0 (default: the SGND scale α = 1). Var[w̄] does not depend on it. */
  weightStd?: number;
  /** Seed of the bit generator (bigint or safe integer ≥ 0); chunk i uses stream i. */
  seed: bigint | number;
  /** Worker threads (integer ≥ 1); default: available cores. Does not change the result. */
  workers?: number;
  /** Matrices per chunk (integer ≥ 1); default 4096. Part of the experiment's identity: changing it changes the random draws. */
  chunkSize?: number;
  /** Histogram of the w̄ entries: `bins` over [min, max) (default: 100 bins over ±min(1, 6/√d), covering the bulk; |w̄| ≤ 1 always, so for d ≤ 36 every value); false to skip. */
  histogram?: { min: number; max: number; bins: number } | false;
}

/** The validated config as echoed in results (defaults filled, seed as a decimal string, β as JsonBeta). */
export interface WeightVarianceConfigJson {
  transform: "aol" | "sll";
  qStd: number;
  d: number;
  n: number;
  dist: DistributionName;
  beta: JsonBeta;
  samples: number;
  /** null: the SGND scale α = 1. */
  weightStd: number | null;
  seed: string;
  chunkSize: number;
  histogram: { min: number; max: number; bins: number } | null;
}

export interface WeightVarianceResult {
  experiment: "weightVariance";
  config: WeightVarianceConfigJson;
  /** Same as config.seed (decimal string). */
  seed: string;
  run: RunInfo;
  /** Best estimate of Var[w̄] = E[mean of w̄²]: the control-variate estimator (controls A, and B when n ≥ 2). */
  estimate: number;
  /** Its standard error. */
  se: number;
  /** Plain Monte Carlo mean of the per-matrix mean of w̄². */
  estimatePlain: number;
  sePlain: number;
  /** Matrices used. */
  samples: number;
  /** sePlain² / se²: how many times fewer matrices the control variate needs. */
  varianceReduction: number;
  /** Controls actually used by the estimator ("A" = mean ‖w_i‖², "B" = mean |⟨w_i,w_j⟩|), and their regression coefficients. */
  controls: { name: "A" | "B"; knownMean: number; coefficient: number; dropped: boolean }[];
  /** 1/d: the upper bound on Var[w̄] (MATH.md). */
  upper: number;
  /** Exact Gaussian V(d, n): only for Gaussian AOL (qStd = 0), else null (see notes). */
  exact: number | null;
  /** Mean-field approximation for this β (AOL formula; for SLL it is the q ≡ 1 value). */
  meanField: number;
  /** m(d) = E|⟨u, v⟩| / σ² for two independent d-vectors of SGND(β) entries (variance-normalised). */
  meanAbsInner: number;
  /** The author's GND closed form (plotting script, generalized_normal_plots.py lines 6–15) for gaussian/laplace/uniform (any n, d), else null. */
  paper: number | null;
  /** Measured mean |⟨w_i, w_j⟩| (B, raw W with α = 1) ± SE, against its known mean m(d)·σ² (σ² = Γ(3/β)/Γ(1/β)); null when n = 1. */
  innerProduct: { measured: number; se: number; expected: number; zScore: number } | null;
  /** Entry variance σ² of the raw draws (weightStd², or the α = 1 variance). */
  entryVariance: number;
  /** Histogram of all w̄ entries (null if disabled). */
  histogram: HistogramJson | null;
  /** Human-readable caveats (e.g. exact V does not apply to SLL with qStd > 0; controls dropped). */
  notes: string[];
  /** With a `target`: what was asked, planned and reached (absent without one). */
  precision?: PrecisionInfo;
}

/** A precision target: exactly one of an absolute (`se`) or a relative (`rse`, in (0, 1)) standard error. */
export type PrecisionTarget = { se: number; rse?: undefined } | { rse: number; se?: undefined };

/** How a run to a precision target went. */
export interface PrecisionInfo {
  /** The requested target, as given. */
  target: { se: number | null; rse: number | null };
  /** The SE the plan aimed at (for rse: rse × |pilot estimate|). */
  plannedSe: number;
  /** Matrices in the pilot run. */
  pilotSamples: number;
  /** Matrices the plan asked for, before the cap. */
  plannedSamples: number;
  /** True when the plan asked for more than `samples` (the cap), so the run used the cap. */
  capped: boolean;
  /** Whether the final SE meets the target (for rse: se ≤ rse × |final estimate|). */
  reached: boolean;
}

// ------------------------------------------------------------ depth decay

export interface DecayConfig {
  /** Number of layers L, integer ≥ 1. */
  depth: number;
  /** Square width for every layer (w_0 = … = w_L), integer ≥ 1; ignored when `widths` is given. */
  width?: number;
  /** Explicit widths w_0..w_L (length depth + 1), integers ≥ 1. */
  widths?: number[];
  /**
   * Which Gram rescales each layer's W (d×n): "column" (default; AOL as in
   * Prach & Lampert, t from WᵀW, Var[w̄] = V(d, n)) or "row" (the author's
   * feed-forward SLL layer, t from WWᵀ, Var[w̄] = V(n, d)).
   */
  gram?: GramConvention;
  /** Standard deviation of the raw weights, finite > 0 (default: the SGND scale α = 1). Nothing rescaled depends on it. */
  weightStd?: number;
  /**
   * Every layer uses layer 1's W and b (equal widths only; default false): the
   * author's gradient experiment repeats one layer module L times. The
   * predictions are those of independent layers (what the author plots).
   */
  tied?: boolean;
  /** Loss = Σ ReLU(y_L) (the author's gradient experiment) instead of Σ y_L (default false). */
  reluOnOutput?: boolean;
  /** Inputs per replicate network, integer ≥ 1. */
  batch: number;
  /** Seed; replicate r uses stream r. */
  seed: bigint | number;
  /** Bias standard deviation σ_b ≥ 0 (Var[b] = σ_b² whatever biasDist); default 0. */
  biasStd?: number;
  /**
   * Bias distribution (default "gaussian"), SGND with variance σ_b²: "laplace"
   * (β = 1), "uniform" (β = Infinity, on [−√3σ_b, √3σ_b]) or "gnd" with
   * `biasBeta`. The predictions do not depend on it: the recursion of
   * src/analytic/decay.ts needs only σ_b², since a symmetric zero-mean bias
   * added to a symmetric pre-activation keeps it symmetric and zero-mean,
   * so E[ReLU(y)²] = Var[y]/2 still holds.
   */
  biasDist?: DistributionName;
  /** Bias SGND shape β_b > 0 or Infinity; implied by biasDist unless biasDist = "gnd". */
  biasBeta?: number;
  dist?: DistributionName;
  beta?: number;
  /** Independent replicate networks R (integer ≥ 2), the sampling unit for the SEs; default 4. */
  replicates?: number;
  workers?: number;
  /** Histogram bins per layer (ranges ±6·sqrt(predicted variance)); default 60; 0 to skip. */
  histogramBins?: number;
  /** Matrices used for the Monte Carlo Var[w̄] when β ≠ 2 (default 20000). */
  varianceSamples?: number;
  /**
   * The layer family: "aol" (default; column Gram unless `gram` says) or
   * "sll", the author's feed-forward SLL layer (row Gram unless `gram` says,
   * q_i = exp(θ_i) with θ_i ~ N(0, qStd²)).
   */
  transform?: "aol" | "sll";
  /** SLL: θ_i ~ N(0, qStd²) per rescaled unit, finite ≥ 0 (default 0: q ≡ 1); only with transform "sll". */
  qStd?: number;
  /**
   * How each W is drawn: "iid" (default; SGND dist/beta), "orthogonal" (Haar;
   * dist, beta and weightStd do not apply) or "identity:ε" (the d×n identity
   * plus SGND dist/beta noise of std ε ≥ 0; weightStd does not apply).
   */
  init?: Initialisation;
  /** The activation: relu (default), abs, maxmin or groupsort:K (K from 2 to 256). */
  activation?: string;
}

export interface DecayConfigJson {
  depth: number;
  widths: number[];
  transform: "aol" | "sll";
  qStd: number;
  init: Initialisation;
  /** Canonical name: relu, abs, maxmin or groupsort:K. */
  activation: string;
  gram: GramConvention;
  weightStd: number | null;
  tied: boolean;
  reluOnOutput: boolean;
  batch: number;
  seed: string;
  biasStd: number;
  dist: DistributionName;
  beta: JsonBeta;
  replicates: number;
  histogramBins: number;
  varianceSamples: number;
  biasDist: DistributionName;
  biasBeta: JsonBeta;
}

export interface DecayLayer {
  /** 1-based layer index ℓ. */
  layer: number;
  /** Outputs d_ℓ and inputs n_ℓ. */
  d: number;
  n: number;
  /** Var[y_ℓ] (mean of y² over batch, units) averaged over replicates. */
  variance: number;
  /** SE of `variance` over the R replicates. */
  varianceSe: number;
  /** Predicted Var[y_ℓ] (src/analytic/decay.ts forward recursion). */
  predicted: number;
  /** variance / predicted, and its SE (varianceSe / predicted). */
  ratio: number;
  ratioSe: number;
  /** Mean of (∂loss/∂x_{ℓ−1})² (loss = Σ y_L), averaged over replicates: gradient w.r.t. the layer's input activations. */
  gradVariance: number;
  gradVarianceSe: number;
  /** Predicted G_{ℓ−1}. */
  gradPredicted: number;
  gradRatio: number;
  gradRatioSe: number;
  /** Var[w̄] used for the prediction of this layer (exact or Monte Carlo). */
  rescaledVariance: number;
  /** σ_b²/(1 − r_ℓ): the bias fixed point (null without bias or when r ≥ 1). */
  fixedPoint: number | null;
  /** r_ℓ = (n_ℓ/2)·Var[w̄]: the predicted layer-to-layer ratio without bias (for ℓ = 1, the ratio layer 1 would have after a ReLU). */
  predictedRatio: number;
  /** Var[y_ℓ]/Var[y_ℓ−1] per network, mean ± SE over replicates (null for ℓ = 1). */
  step: number | null;
  stepSe: number | null;
  /** Histogram of y_ℓ, merged over replicates (null if disabled). */
  histogram: HistogramJson | null;
  /** Histogram of ∂loss/∂y_ℓ over ±6·sqrt(predicted E[(∂loss/∂y_ℓ)²]) with histogramBins rounded up to odd (0 at a bin centre: the ReLU spike), merged over replicates (null if disabled). */
  gradHistogram: HistogramJson | null;
  /** Mean over units of the variance of y_ℓ across each network's batch (divisor N), mean ± SE over replicates: the spread between inputs. */
  unitVariance: number;
  unitVarianceSe: number;
  /** Mean-field prediction of unitVariance (null: no closed form for this activation). */
  unitVariancePredicted: number | null;
  /** Mean over pairs of inputs of cos(y_ℓ, y′_ℓ), mean ± SE over replicates. */
  meanCosine: number;
  meanCosineSe: number;
  /** Mean-field prediction of meanCosine (null: no closed form). */
  meanCosinePredicted: number | null;
}

/**
 * The per-layer factors a remedy is judged by (layers ℓ ≥ 2, past the
 * input layer): measured per network and then mean ± SE over replicates,
 * next to the prediction (src/analytic/remedies.ts).
 */
export interface DecayFactors {
  /** Mean over ℓ ≥ 2 of E[y_ℓ²]/E[y_ℓ−1²] per network; predicted: the same mean of the predicted ratios (n_ℓ v_ℓ κ without bias). Null for one layer. */
  forward: { measured: ValueSe; predicted: number } | null;
  /** Mean over ℓ of G_ℓ−1/G_ℓ per network (the gradient's shrinkage per layer, ℓ = 1..L−1); predicted d_ℓ v_ℓ κ. Null for one layer. */
  gradient: { measured: ValueSe; predicted: number } | null;
  /** Geometric mean per layer of the per-unit variance across inputs, (s_L/s_1)^{1/(L−1)} per network; predicted the same from the mean-field s_ℓ (null: none). */
  spread: { measured: ValueSe; predicted: number | null } | null;
  /**
   * Depth at which E[y²] falls below 1e-6 of E[x_0²]: the first layer that
   * does so in the run, else extrapolated with the measured per-layer factor
   * (null when the factor is ≥ 1: never); `extrapolated` says which.
   */
  depthTo1e6: { depth: number | null; extrapolated: boolean };
  /** The same for the per-unit variance across inputs. */
  spreadDepthTo1e6: { depth: number | null; extrapolated: boolean };
}

/**
 * Statistics pooled over layers, one value per replicate network and then
 * mean ± SE over replicates (so the correlation between a network's layers
 * is accounted for): what single-layer comparisons are too noisy to decide.
 */
export interface DecayPooled {
  /** First layer of the tail: ⌊L/2⌋ + 1 (the second half of the stack, past the transient of the first layers). */
  tailFrom: number;
  /** Mean over tail layers ℓ of Var[y_ℓ]/predicted_ℓ: with a bias, how the stack sits at its fixed point. */
  tail: ValueSe;
  /** Mean over the tail layers of predicted_ℓ (the level the tail ratio is relative to). */
  tailPredicted: number;
  /** Mean over layers ℓ ≥ 2 of (Var[y_ℓ]/Var[y_ℓ−1]) / (predicted_ℓ/predicted_ℓ−1); null for one layer. */
  step: ValueSe | null;
}

export interface DecayResult {
  experiment: "decay";
  config: DecayConfigJson;
  seed: string;
  run: RunInfo;
  pooled: DecayPooled;
  /**
   * Where Var[w̄] for the predictions came from: "exact-gaussian",
   * "monte-carlo" (with its SE per distinct shape), or "orthogonal" (1/d or
   * 1/n exactly where the Gram of W is the identity; elsewhere the mean of
   * w̄² measured on the same networks, said in the notes).
   */
  rescaledVarianceSource: "exact-gaussian" | "monte-carlo" | "orthogonal" | "identity";
  /** What ran, in words: e.g. "AOL stack, orthogonal init, MaxMin, width 64". */
  label: string;
  /** The per-layer factors of E[y²], of the squared gradient and of the spread, and the depths to 1e-6. */
  factors: DecayFactors;
  /** Monte Carlo Var[w̄] per distinct shape (empty for exact). */
  rescaledVarianceEstimates: { d: number; n: number; estimate: number; se: number }[];
  layers: DecayLayer[];
  notes: string[];
}

// ------------------------------------------------------------ residual

export interface ResidualConfig {
  /** Number of blocks (and the depth of the comparison AOL stack), integer ≥ 1. */
  depth: number;
  /** Residual stream width m, integer ≥ 1. */
  width: number;
  /** Inner width k (rows of P), integer ≥ 1; default = width. */
  inner?: number;
  /** Standard deviation of the raw weights of both stacks, finite > 0 (default: the SGND scale α = 1). */
  weightStd?: number;
  /**
   * Widths w_0..w_L of the AOL comparison stack (default: all `width`); its
   * w_0 must be `width` (the same inputs' width). The residual stream keeps
   * width m by construction.
   */
  aolWidths?: number[];
  /** Gram convention of the AOL comparison stack (see DecayConfig.gram); the SLL block's own Gram is over P's rows. */
  gram?: GramConvention;
  batch: number;
  seed: bigint | number;
  dist?: DistributionName;
  beta?: number;
  /** Bias std for both stacks, default 0. */
  biasStd?: number;
  /** Bias distribution for both stacks, as in DecayConfig (default "gaussian"; the variance is σ_b² for every shape). */
  biasDist?: DistributionName;
  biasBeta?: number;
  /** Replicates R ≥ 2, default 4. */
  replicates?: number;
  workers?: number;
  /** How P (and the comparison stack's W) are drawn: "iid" (default) or "orthogonal" (Haar). */
  init?: "iid" | "orthogonal";
  /** The comparison AOL stack's activation (default relu; the SLL block keeps its ReLU, which its certificate needs). */
  activation?: string;
}

export interface ResidualConfigJson {
  depth: number;
  width: number;
  inner: number;
  init: "iid" | "orthogonal";
  activation: string;
  weightStd: number | null;
  aolWidths: number[];
  gram: GramConvention;
  batch: number;
  seed: string;
  dist: DistributionName;
  beta: JsonBeta;
  biasStd: number;
  replicates: number;
  biasDist: DistributionName;
  biasBeta: JsonBeta;
}

export interface ResidualLayer {
  /** 1-based block (= layer) index. */
  layer: number;
  /** SLL residual block output mean square, mean over replicates, and SE. */
  variance: number;
  varianceSe: number;
  /**
   * Residual prediction: with orthogonal P and inner ≤ width the exact
   * E[x_0²] + 2ℓ(k/m)σ_b² (docs/MATH.md "Remedies"); otherwise the input
   * mean square (no closed form: `ratio` then reads as the fraction kept), see `predictedExact`.
   */
  predicted: number;
  /** Whether `predicted` is the exact expectation (orthogonal P, inner ≤ width) or only the input's mean square. */
  predictedExact: boolean;
  /** Mean over units of the output's variance across the batch, and mean pairwise cosine, mean ± SE over replicates. */
  unitVariance: number;
  unitVarianceSe: number;
  meanCosine: number;
  meanCosineSe: number;
  ratio: number;
  ratioSe: number;
  /** Mean of the branch term squared (what the block subtracts). */
  branchMeanSquare: number;
  branchMeanSquareSe: number;
  /** AOL feed-forward stack of the same depth/width: Var[y_ℓ] ± SE and its prediction. */
  aolVariance: number;
  aolVarianceSe: number;
  aolPredicted: number;
  /** Gradient fields are not measured for residual stacks: always null (kept for the shared layer shape). */
  gradVariance: null;
  gradPredicted: null;
}

export interface ResidualResult {
  experiment: "residual";
  config: ResidualConfigJson;
  seed: string;
  run: RunInfo;
  /** Mean square of the inputs x_0 (≈ 1). */
  inputMeanSquare: number;
  /** What ran, in words: e.g. "SLL residual stack, orthogonal init, width 64, inner 64". */
  label: string;
  /**
   * Per-block factors of the residual stack: E[x²] as (E[x_L²]/E[x_0²])^{1/L}
   * per network (predicted: the exact value where there is one, else null),
   * the same for the per-unit variance across inputs (measured only), and
   * the depths to 1e-6 of the input; no gradient (not measured here).
   */
  factors: Pick<DecayFactors, "depthTo1e6" | "spreadDepthTo1e6"> & { forward: { measured: ValueSe; predicted: number | null }; spread: { measured: ValueSe; predicted: null } };
  layers: ResidualLayer[];
  notes: string[];
}

// ------------------------------------------------------------ sampler check

export interface SamplerCheckConfig {
  /** SGND shape β > 0 or Infinity. */
  beta: number;
  /** Number of draws, integer ≥ 100. */
  count: number;
  seed: bigint | number;
  /** Points t for the CF (default [0.25, 0.5, 1, 2, 4]) and the PGND MGF (default: a few t inside its domain). */
  cfPoints?: number[];
  mgfPoints?: number[];
}

export interface SamplerCheckConfigJson {
  beta: JsonBeta;
  count: number;
  seed: string;
  cfPoints: number[];
  mgfPoints: number[];
}

export interface MomentCheck {
  /** Sample value, its SE (delta method from higher sample moments), the analytic value, and (sample − analytic)/se. */
  sample: number;
  se: number;
  analytic: number;
  zScore: number;
}

export interface SamplerCheckResult {
  experiment: "samplerCheck";
  config: SamplerCheckConfigJson;
  seed: string;
  run: RunInfo;
  /** Draws are SGND(α = 1, β). */
  mean: MomentCheck;
  variance: MomentCheck;
  /** Kurtosis E[X⁴]/E[X²]² (not excess). */
  kurtosis: MomentCheck;
  /** Kolmogorov–Smirnov D against the analytic cdf, and the 1% critical value ≈ 1.628/√count. */
  ks: { statistic: number; critical: number; pass: boolean };
  /** Empirical CF E[cos(tX)] ± SE vs analytic (SGND is symmetric, so the CF is real). */
  cf: { t: number; empirical: number; se: number; analytic: number }[];
  /** Empirical MGF of |X| (PGND) E[exp(t|X|)] ± SE vs analytic, at t inside the MGF domain. */
  mgf: { t: number; empirical: number; se: number; analytic: number }[];
  notes: string[];
}
