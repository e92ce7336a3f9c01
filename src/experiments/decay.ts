/**
 * Depth decay of feed-forward AOL stacks (MATH.md §4): per layer the forward
 * variance Var[y_ℓ] and the backward gradient second moment G_{ℓ−1}, measured
 * on R independent replicate networks (replicate r draws weights, biases and
 * its batch of inputs from RNG stream r: the network, not the input, is the
 * sampling unit, so the SE is over replicates) against the analytic decay
 * recursion. For β = 2 the recursion uses the exact Gaussian Var[w̄]; for
 * other β a Monte Carlo Var[w̄] from runWeightVariance (result says which).
 */
import type { LayerShape } from "../analytic/decay.js";
import { predictRemedy, type RemedyPrediction } from "../analytic/remedies.js";
import { mergeAllHistograms, type Histogram } from "./histogram.js";
import type { NetworkTask, NetworkTaskResult } from "./kernel-worker.js";
import { activationName, checkGram, checkInit, identityNoise, parseActivation, type Initialisation } from "../wasm/decay.js";
import type { LayerHistogramSpec } from "../wasm/histogram.js";
import { checkInteger, checkNonNegative, checkWeightStd, checkSeed, histogramJson, betaFromJson, jsonBeta, meanSe, resolveBiasDistribution, resolveDistribution } from "./config.js";
import { resolveWorkers, runExperimentTasks, wasmOptions, type RunOptions } from "./pool.js";
import { runWeightVariance } from "./weightVariance.js";
import type { DecayConfig, DecayConfigJson, DecayFactors, DecayLayer, DecayPooled, DecayResult, GramConvention, RunInfo } from "./types.js";
import { requireConfig } from "../require-config.js";

export const DEFAULT_REPLICATES = 4;
export const DEFAULT_HISTOGRAM_BINS = 60;
export const DEFAULT_VARIANCE_SAMPLES = 20_000;
/** Widths and batch above this fail the Wasm memory check anyway; the kernel then names the exact limit. */
export const MAX_SIZE = 1 << 24;
export const MAX_DEPTH = 10_000;
export const MAX_REPLICATES = 100_000;

/** Seeds of auxiliary Monte Carlo runs are offset so they never share streams with the replicates. */
export function auxiliarySeed(seed: bigint): bigint {
  return (seed + 0x9e3779b97f4a7c15n) & ((1n << 64n) - 1n);
}

/**
 * Histogram spec over ±6·sqrt(second moment) per layer (a zero second moment
 * falls back to ±6), or null when bins = 0. Domain: bins integer ≥ 0.
 */
export function symmetricLayerHistogram(secondMoments: readonly number[], bins: number): LayerHistogramSpec | null {
  if (bins <= 0) return null;
  const reach = secondMoments.map((v) => 6 * Math.sqrt(v > 0 ? v : 1));
  return { min: reach.map((r) => -r), max: reach, bins };
}

/** Merge one layer's histograms over replicates into JSON (null if none were recorded). */
function mergedLayerHistogram(perReplicate: (Histogram | null)[]): DecayLayer["histogram"] {
  const hists = perReplicate.filter((h): h is Histogram => h !== null);
  return hists.length ? histogramJson(mergeAllHistograms(hists)) : null;
}

/** Widths w_0..w_L from `widths` or a square `width`. */
export function resolveWidths(depth: number, width: number | undefined, widths: number[] | undefined): number[] {
  if (widths !== undefined) {
    if (!Array.isArray(widths) || widths.length !== depth + 1) {
      throw new RangeError(`widths must be an array of depth + 1 = ${depth + 1} integers, got ${Array.isArray(widths) ? widths.length : typeof widths}`);
    }
    widths.forEach((w, i) => checkInteger(`widths[${i}]`, w, 1, MAX_SIZE));
    return widths.slice();
  }
  if (width === undefined) throw new RangeError("width (or widths) is required: an integer from 1 to " + MAX_SIZE);
  return new Array<number>(depth + 1).fill(checkInteger("width", width, 1, MAX_SIZE));
}

/**
 * Var[w̄] per layer for the predictions: exact for Gaussian AOL (q ≡ 1),
 * else Monte Carlo per distinct shape (non-Gaussian weights, or SLL with a
 * random q); orthogonal weights need none here (src/analytic/remedies.ts
 * has the closed forms; the other layers use the measured mean of w̄²). The
 * row convention rescales W like the column convention rescales Wᵀ, so its
 * Var[w̄] is the column value at (n, d): the estimates are listed as the
 * (d, n) actually simulated.
 */
export async function rescaledVariancesFor(
  shapes: LayerShape[],
  gram: GramConvention,
  beta: number,
  seed: bigint,
  samples: number,
  workers: number,
  options: RunOptions = {},
  remedy: { init: Initialisation; qStd: number } = { init: "iid", qStd: 0 },
): Promise<{ source: DecayResult["rescaledVarianceSource"]; perLayer: number[] | undefined; estimates: DecayResult["rescaledVarianceEstimates"] }> {
  if (remedy.init === "orthogonal") return { source: "orthogonal", perLayer: undefined, estimates: [] };
  // Identity plus noise: no closed form (docs/MATH.md §8 gives the first-order factor); measured only.
  if (identityNoise(remedy.init) !== null) return { source: "identity", perLayer: undefined, estimates: [] };
  if (beta === 2 && remedy.qStd === 0) return { source: "exact-gaussian", perLayer: undefined, estimates: [] };
  const estimates: DecayResult["rescaledVarianceEstimates"] = [];
  const byShape = new Map<string, number>();
  const simulated = shapes.map((s) => (gram === "row" ? { d: s.n, n: s.d } : s));
  for (const s of simulated) {
    const key = `${s.d}x${s.n}`;
    if (byShape.has(key)) continue;
    const transform = remedy.qStd > 0 ? "sll" : "aol";
    const r = await runWeightVariance({ transform, qStd: remedy.qStd, d: s.d, n: s.n, dist: "gnd", beta, samples, seed: auxiliarySeed(seed), workers, histogram: false }, wasmOptions(options));
    byShape.set(key, r.estimate);
    estimates.push({ d: s.d, n: s.n, estimate: r.estimate, se: r.se });
  }
  return { source: "monte-carlo", perLayer: simulated.map((s) => byShape.get(`${s.d}x${s.n}`)!), estimates };
}

/** A validated decay config: its JSON echo and the values the run needs. */
export interface ValidatedDecay {
  json: DecayConfigJson;
  widths: number[];
  beta: number;
  biasBeta: number;
  seed: bigint;
}

const ACTIVATION_LABELS: Record<string, string> = { relu: "ReLU", abs: "abs", maxmin: "MaxMin" };

/** The activation as a reader names it: ReLU, abs, MaxMin, GroupSort (groups of K). */
export function activationLabel(name: string): string {
  return ACTIVATION_LABELS[name] ?? `GroupSort (groups of ${name.split(":")[1]})`;
}

/** What a decay run is, in words: "AOL stack, orthogonal init, MaxMin, width 64" (plus the SLL q and a non-default Gram). */
export function decayLabel(c: Pick<DecayConfigJson, "transform" | "qStd" | "init" | "activation" | "widths" | "gram">): string {
  const family = c.transform === "sll" ? `SLL stack (${c.qStd > 0 ? `q = exp(θ), θ ~ N(0, ${c.qStd}²)` : "q = 1"})` : "AOL stack";
  const defaultGram = c.transform === "sll" ? "row" : "column";
  const gram = c.gram === defaultGram ? "" : `, ${c.gram} Gram`;
  const widths = c.widths.every((w) => w === c.widths[0]) ? `width ${c.widths[0]}` : `widths ${c.widths.join(",")}`;
  const noise = identityNoise(c.init);
  const init = noise !== null ? `identity + noise (std ${noise})` : c.init;
  return `${family}${gram}, ${init} init, ${activationLabel(c.activation)}, ${widths}`;
}

/** The fields decay and residual configs share: seed, weight and bias distributions, replicate count. */
export type StackCommonConfig = Pick<DecayConfig, "seed" | "biasStd" | "dist" | "beta" | "biasDist" | "biasBeta" | "replicates" | "weightStd">;

export { checkGram };

/** An optional boolean option (default false). */
function checkFlag(name: string, x: unknown): boolean {
  if (x === undefined) return false;
  if (typeof x !== "boolean") throw new RangeError(`${name} must be true or false, got ${String(x)}`);
  return x;
}

/** Validate the shared fields of a decay or residual config; RangeError naming the field and its range. */
export function validateStackCommon(config: StackCommonConfig) {
  const seed = checkSeed(config.seed);
  const biasStd = checkNonNegative("biasStd", config.biasStd ?? 0);
  const { dist, beta } = resolveDistribution(config.dist, config.beta);
  const { biasDist, biasBeta } = resolveBiasDistribution(config.biasDist, config.biasBeta, biasStd);
  const replicates = checkInteger("replicates", config.replicates ?? DEFAULT_REPLICATES, 2, MAX_REPLICATES);
  const weightStd = checkWeightStd(config.weightStd);
  return { seed, biasStd, dist, beta, biasDist, biasBeta, replicates, weightStd };
}

/** The layer family, SLL q spread, initialisation and activation of a decay config; RangeError naming the field. */
export function validateRemedy(config: Pick<DecayConfig, "transform" | "qStd" | "init" | "activation">): { transform: "aol" | "sll"; qStd: number; init: Initialisation; activation: string } {
  const transform = config.transform ?? "aol";
  if (transform !== "aol" && transform !== "sll") throw new RangeError(`transform must be "aol" or "sll", got ${String(transform)}`);
  const qStd = checkNonNegative("qStd", config.qStd ?? 0);
  if (qStd > 0 && transform !== "sll") throw new RangeError(`qStd applies to transform "sll" only (AOL has q ≡ 1), got qStd = ${qStd} with transform "aol"`);
  return { transform, qStd, init: checkInit(config.init), activation: activationName(parseActivation(config.activation)) };
}

/** Validate a decay config (domain: see `DecayConfig`); RangeError naming the field and its range. */
export function validateDecayConfig(config: DecayConfig): ValidatedDecay {
  requireConfig(config);
  const depth = checkInteger("depth", config.depth, 1, MAX_DEPTH);
  const widths = resolveWidths(depth, config.width, config.widths);
  const batch = checkInteger("batch", config.batch, 1, MAX_SIZE);
  const { seed, biasStd, dist, beta, biasDist, biasBeta, replicates, weightStd } = validateStackCommon(config);
  const gram = config.gram === undefined && config.transform === "sll" ? "row" : checkGram(config.gram);
  const tied = checkFlag("tied", config.tied);
  const reluOnOutput = checkFlag("reluOnOutput", config.reluOnOutput);
  if (tied && widths.some((w) => w !== widths[0])) throw new RangeError(`tied weights need equal widths (one square W for every layer), got ${widths.join(",")}`);
  const histogramBins = checkInteger("histogramBins", config.histogramBins ?? DEFAULT_HISTOGRAM_BINS, 0, 1_000_000);
  const varianceSamples = checkInteger("varianceSamples", config.varianceSamples ?? DEFAULT_VARIANCE_SAMPLES, 2, 1e9);
  const { transform, qStd, init, activation } = validateRemedy(config);
  const json: DecayConfigJson = { depth, widths, transform, qStd, init, activation, gram, weightStd, tied, reluOnOutput, batch, seed: seed.toString(), biasStd, dist, beta: jsonBeta(beta), replicates, histogramBins, varianceSamples, biasDist, biasBeta: jsonBeta(biasBeta) };
  return { json, widths, beta, biasBeta, seed };
}

/** The `DecayConfig` a JSON echo stands for (validating it gives the same echo back). */
export function decayConfigFromJson(json: DecayConfigJson): DecayConfig {
  return {
    depth: json.depth,
    widths: json.widths,
    transform: json.transform,
    qStd: json.qStd,
    init: json.init,
    activation: json.activation,
    gram: json.gram,
    weightStd: json.weightStd ?? undefined,
    tied: json.tied,
    reluOnOutput: json.reluOnOutput,
    batch: json.batch,
    seed: BigInt(json.seed),
    biasStd: json.biasStd,
    dist: json.dist,
    beta: betaFromJson(json.beta),
    biasDist: json.biasDist,
    biasBeta: betaFromJson(json.biasBeta),
    replicates: json.replicates,
    histogramBins: json.histogramBins,
    varianceSamples: json.varianceSamples,
  };
}

/** Var[w̄] behind the predictions (from `rescaledVariancesFor`), in JSON form: perLayer is null when exact. */
export interface DecayAuxiliary {
  source: DecayResult["rescaledVarianceSource"];
  perLayer: number[] | null;
  estimates: DecayResult["rescaledVarianceEstimates"];
}

/** Everything about a decay run that comes before the replicates: predictions and histogram ranges. */
export interface DecayPlan {
  auxiliary: DecayAuxiliary;
  shapes: LayerShape[];
  /**
   * The predictions (src/analytic/remedies.ts). Layers without a closed-form
   * Var[w̄] (orthogonal, Gram not the identity) have null here until the
   * result plugs in the measured mean of w̄² (decayResult).
   */
  remedy: RemedyPrediction;
  histogram: LayerHistogramSpec | null;
  gradHistogram: LayerHistogramSpec | null;
}

/** The remedy prediction for a validated config and per-layer Var[w̄] (null entries: the analytic default). */
function remedyPrediction(v: ValidatedDecay, rescaledVariances: (number | null)[] | undefined): RemedyPrediction {
  const { gram, reluOnOutput, biasStd, init, activation, batch } = v.json;
  const shapes: LayerShape[] = v.widths.slice(1).map((d, i) => ({ d, n: v.widths[i] }));
  // Only σ_b² enters the prediction whatever the bias shape (see DecayConfig.biasDist).
  return predictRemedy({ layers: shapes, gram, init, activation, rescaledVariances, inputSecondMoment: 1, biasVariance: biasStd * biasStd, activationOnOutput: reluOnOutput, inputWidth: v.widths[0], batch });
}

/**
 * The predictions and histogram ranges from a validated config and its
 * Var[w̄] (deterministic: a merge rebuilds the plan from the auxiliary
 * values a shard carries, without running any Monte Carlo).
 */
export function decayPlanFrom(v: ValidatedDecay, auxiliary: DecayAuxiliary): DecayPlan {
  const { widths } = v;
  const { histogramBins, reluOnOutput } = v.json;
  const shapes: LayerShape[] = widths.slice(1).map((d, i) => ({ d, n: widths[i] }));
  const remedy = remedyPrediction(v, auxiliary.perLayer ?? undefined);
  // Histogram ranges need a number for every layer: where Var[w̄] has no closed form, its bound 1/d stands in.
  const ranges = remedyPrediction(v, remedy.rescaledVariances.map((x, i) => x ?? 1 / shapes[i].d));
  const histogram = symmetricLayerHistogram(ranges.secondMoments as number[], histogramBins);
  // E[(∂loss/∂y_ℓ)²]: 1 at the output (loss = Σ y_L), else G_ℓ·κ (the activation's Jacobian keeps a share κ of G_ℓ = E[(∂loss/∂x_ℓ)²]).
  // With the activation on the output the last layer's ∂loss/∂y_L has second moment κ.
  const g = ranges.gradientSecondMoments as number[];
  const gradOutputPredicted = shapes.map((_, i) => (i === shapes.length - 1 ? (reluOnOutput ? ranges.kappa : 1) : g[i + 1] * ranges.kappa));
  // An odd bin count puts 0 at a bin centre: the ReLU mask makes half the gradients exactly 0, and that spike belongs at 0.
  const gradHistogram = symmetricLayerHistogram(gradOutputPredicted, histogramBins > 0 ? histogramBins | 1 : 0);
  return { auxiliary, shapes, remedy, histogram, gradHistogram };
}

/** Where a validated config's Var[w̄] comes from (what a shard's auxiliary must say). */
export function auxiliarySource(v: ValidatedDecay): DecayAuxiliary["source"] {
  if (v.json.init === "orthogonal") return "orthogonal";
  if (identityNoise(v.json.init) !== null) return "identity";
  return v.beta === 2 && v.json.qStd === 0 ? "exact-gaussian" : "monte-carlo";
}

/**
 * The plan of a run: runs the auxiliary Monte Carlo for Var[w̄] when β ≠ 2
 * (seeded by auxiliarySeed(seed); its result does not depend on `workers`).
 */
export async function planDecay(v: ValidatedDecay, workers: number, options: RunOptions = {}): Promise<DecayPlan> {
  const shapes: LayerShape[] = v.widths.slice(1).map((d, i) => ({ d, n: v.widths[i] }));
  const rv = await rescaledVariancesFor(shapes, v.json.gram, v.beta, v.seed, v.json.varianceSamples, workers, options, { init: v.json.init, qStd: v.json.qStd });
  return decayPlanFrom(v, { source: rv.source, perLayer: rv.perLayer ?? null, estimates: rv.estimates });
}

/**
 * Run only the replicates r for which `select(r)` holds (sharding: r mod k =
 * i), returning their results in replicate order. Replicate r always uses
 * stream r, so the union over a partition is the one-machine computation.
 */
export async function runDecayReplicates(
  v: ValidatedDecay,
  plan: DecayPlan,
  select: (replicate: number) => boolean,
  workers: number,
  options: RunOptions = {},
): Promise<{ replicates: number[]; parts: NetworkTaskResult[] }> {
  const { batch, biasStd } = v.json;
  const replicates: number[] = [];
  for (let r = 0; r < v.json.replicates; r++) if (select(r)) replicates.push(r);
  const tasks: NetworkTask[] = replicates.map((r) => ({
    kind: "network", widths: v.widths, batch, beta: v.beta, weightStd: v.json.weightStd, gram: v.json.gram, tied: v.json.tied, reluOnOutput: v.json.reluOnOutput, biasStd,
    qStd: v.json.qStd, init: v.json.init, activation: v.json.activation, biasBeta: v.biasBeta, seed: v.seed, stream: r, histogram: plan.histogram, gradHistogram: plan.gradHistogram,
  }));
  const parts = await runExperimentTasks<NetworkTaskResult>(tasks, workers, options.onProgress, options);
  return { replicates, parts };
}

/**
 * Measure and predict the per-layer forward variance and backward gradient
 * second moment of random AOL stacks. Domain: see `DecayConfig`.
 * @param config - Depth, width (or widths), batch, weight and bias distributions, replicates, seed.
 * @param options - Progress callback and Wasm build options.
 * @returns Per layer: the measured and predicted Var[y] and gradient second moments, with histograms.
 * @throws TypeError for a missing config; RangeError naming the field that is out of range.
 * @example
 * ```ts
 * import { runDecay } from "lipvar";
 * const r = await runDecay({ depth: 4, width: 16, batch: 64, replicates: 2, seed: 1, workers: 1 });
 * r.layers.length; // returns 4
 * ```
 */
export async function runDecay(config: DecayConfig, options: RunOptions = {}): Promise<DecayResult> {
  const v = validateDecayConfig(config);
  const workers = await resolveWorkers(config.workers);
  const started = performance.now();
  const plan = await planDecay(v, workers, options);
  const { parts } = await runDecayReplicates(v, plan, () => true, workers, options);
  const seconds = (performance.now() - started) / 1000;
  return decayResult(v, plan, parts, { build: parts[0]?.build ?? "unknown", workers, seconds });
}

/** Mean over replicates of each layer's measured w̄² (the plug-in Var[w̄] where there is no closed form). */
function measuredWeightVariances(parts: readonly NetworkTaskResult[], L: number): number[] {
  return Array.from({ length: L }, (_, i) => parts.reduce((a, p) => a + p.weightMeanSquare[i], 0) / parts.length);
}

/**
 * The depth at which a quantity falls below 1e-6 of the input's E[x_0²]:
 * the first layer whose mean does, else extrapolated from the last layer
 * with the measured per-layer factor (never — null — when the factor is
 * within 4 SE, or 1e-9, of 1 or above, or unknown).
 */
export function depthBelow(means: readonly number[], inputMeanSquare: number, factor: { value: number; se: number } | null): { depth: number | null; extrapolated: boolean } {
  const threshold = 1e-6 * inputMeanSquare;
  const first = means.findIndex((m) => m < threshold);
  if (first >= 0) return { depth: first + 1, extrapolated: false };
  const last = means[means.length - 1];
  if (factor === null || !(factor.value < 1 - Math.max(4 * factor.se, 1e-9)) || !(factor.value > 0) || !(last > 0)) return { depth: null, extrapolated: true };
  return { depth: means.length + Math.ceil(Math.log(threshold / last) / Math.log(factor.value)), extrapolated: true };
}

/** The per-layer factors of a decay result (see DecayFactors). */
export function decayFactors(parts: readonly NetworkTaskResult[], prediction: RemedyPrediction, shapes: readonly LayerShape[], inputMeanSquare: number): DecayFactors {
  const L = shapes.length;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  if (L < 2) {
    const means = parts.length ? [mean(parts.map((p) => p.variance[0]))] : [];
    return { forward: null, gradient: null, spread: null, depthTo1e6: depthBelow(means, inputMeanSquare, null), spreadDepthTo1e6: depthBelow([mean(parts.map((p) => p.unitVariance[0]))], inputMeanSquare, null) };
  }
  const later = shapes.slice(1).map((_, j) => j + 1);
  // With a bias the predicted layer-to-layer ratio is that of the bias recursion (n v κ + σ_b²/E[y_ℓ−1²]).
  const q = prediction.secondMoments as number[];
  const fPred = mean(later.map((i) => q[i] / q[i - 1]));
  const forward = { measured: meanSe(parts.map((p) => mean(later.map((i) => p.variance[i] / p.variance[i - 1])))), predicted: fPred };
  const gPred = mean(prediction.gradientFactors.map((g) => g!));
  const gradient = { measured: meanSe(parts.map((p) => mean(later.map((i) => p.gradInput[i - 1] / p.gradInput[i])))), predicted: gPred };
  const u = prediction.unitVariances;
  const spreadPred = u[0] !== null && u[L - 1] !== null && u[0]! > 0 ? (u[L - 1]! / u[0]!) ** (1 / (L - 1)) : null;
  const spread = { measured: meanSe(parts.map((p) => (p.unitVariance[0] > 0 ? (p.unitVariance[L - 1] / p.unitVariance[0]) ** (1 / (L - 1)) : 0))), predicted: spreadPred };
  const yMeans = shapes.map((_, i) => mean(parts.map((p) => p.variance[i])));
  const uMeans = shapes.map((_, i) => mean(parts.map((p) => p.unitVariance[i])));
  return { forward, gradient, spread, depthTo1e6: depthBelow(yMeans, inputMeanSquare, forward.measured), spreadDepthTo1e6: depthBelow(uMeans, inputMeanSquare, spread.measured) };
}

/** The result from the plan and every replicate's result in replicate order (the order fixes the floating-point means). */
export function decayResult(v: ValidatedDecay, plan: DecayPlan, parts: readonly NetworkTaskResult[], run: RunInfo): DecayResult {
  const { shapes, auxiliary } = plan;
  const { biasStd, biasDist, varianceSamples } = v.json;
  const sb2 = biasStd * biasStd;
  // Var[w̄] without a closed form (orthogonal, Gram not the identity; identity plus noise): the mean of w̄² measured on these networks.
  const open = plan.remedy.rescaledVariances.map((x, i) => (x === null ? i : -1)).filter((i) => i >= 0);
  const measuredV = open.length ? measuredWeightVariances(parts, shapes.length) : [];
  const prediction = open.length ? remedyPrediction(v, plan.remedy.rescaledVariances.map((x, i) => x ?? measuredV[i])) : plan.remedy;
  const forward = prediction.secondMoments as number[];
  const backward = prediction.gradientSecondMoments as number[];
  const steps = shapes.slice(1).map((_, j) => meanSe(parts.map((p) => p.variance[j + 1] / p.variance[j])));
  const layers: DecayLayer[] = shapes.map((s, i) => {
    const y = meanSe(parts.map((p) => p.variance[i]));
    const g = meanSe(parts.map((p) => p.gradInput[i]));
    const uv = meanSe(parts.map((p) => p.unitVariance[i]));
    const cos = meanSe(parts.map((p) => p.meanCosine[i]));
    const predicted = forward[i];
    const gradPredicted = backward[i];
    const vi = prediction.rescaledVariances[i]!;
    const fp = prediction.fixedPoints[i];
    return {
      layer: i + 1,
      d: s.d,
      n: s.n,
      variance: y.value,
      varianceSe: y.se,
      predicted,
      ratio: y.value / predicted,
      ratioSe: y.se / predicted,
      gradVariance: g.value,
      gradVarianceSe: g.se,
      gradPredicted,
      gradRatio: g.value / gradPredicted,
      gradRatioSe: g.se / gradPredicted,
      rescaledVariance: vi,
      fixedPoint: sb2 > 0 && fp !== null ? fp : null,
      predictedRatio: s.n * vi * prediction.kappa,
      step: i === 0 ? null : steps[i - 1].value,
      stepSe: i === 0 ? null : steps[i - 1].se,
      histogram: mergedLayerHistogram(parts.map((p) => p.histograms[i])),
      gradHistogram: mergedLayerHistogram(parts.map((p) => p.gradHistograms[i])),
      unitVariance: uv.value,
      unitVarianceSe: uv.se,
      unitVariancePredicted: prediction.unitVariances[i],
      meanCosine: cos.value,
      meanCosineSe: cos.se,
      meanCosinePredicted: prediction.meanCosines[i],
    };
  });
  const notes: string[] = [];
  if (auxiliary.source === "monte-carlo") notes.push(`predictions use Monte Carlo Var[w̄] (${varianceSamples} matrices per shape, control-variate estimator; see rescaledVarianceEstimates) since no exact value exists for ${v.json.qStd > 0 ? "a random q" : "beta ≠ 2"}`);
  if (open.length && auxiliary.source === "identity") {
    notes.push("identity plus noise: Var[w̄] has no closed form (docs/MATH.md §8 gives its first-order factor); the predictions use the mean of w̄² measured on these networks, and the spread is measured only");
  } else if (open.length) notes.push(`orthogonal layers ${open.map((i) => i + 1).join(", ")}: W's Gram is not the identity there, so Var[w̄] has no closed form; the predictions use the mean of w̄² measured on these networks`);
  if (biasStd > 0 && v.biasBeta !== 2) notes.push(`bias is ${biasDist} (SGND beta = ${jsonBeta(v.biasBeta)}) with variance biasStd²; the predictions use only the bias variance`);
  notes.push(`SEs are over independent replicate networks (replicate r uses RNG stream r); gradVariance is the mean of (∂loss/∂x_{ℓ−1})² for loss = ${v.json.reluOnOutput ? `Σ ${activationLabel(v.json.activation)}(y_L)` : "Σ y_L"}`);
  if (auxiliary.source !== "identity" && prediction.meanCosines.some((c, i) => i > 0 && c === null)) notes.push(`${activationLabel(v.json.activation)} has no closed-form cosine map: the spread (per-unit variance across inputs, mean cosine) is measured only beyond layer 1`);
  if (v.json.tied) notes.push("tied weights: every layer uses layer 1's W and b; the predictions are those of independent layers");
  const inputMeanSquare = 1;
  return {
    experiment: "decay",
    config: v.json,
    seed: v.json.seed,
    run,
    label: decayLabel(v.json),
    rescaledVarianceSource: auxiliary.source,
    rescaledVarianceEstimates: auxiliary.estimates,
    pooled: pooledStatistics(parts, forward),
    factors: decayFactors(parts, prediction, shapes, inputMeanSquare),
    layers,
    notes,
  };
}

/**
 * Per-network statistics pooled over layers (see DecayPooled): the tail
 * (layers ⌊L/2⌋+1..L) level against the prediction, and the layer-to-layer
 * ratio against the predicted ratio, each mean ± SE over replicates.
 */
export function pooledStatistics(parts: readonly NetworkTaskResult[], predicted: readonly number[]): DecayPooled {
  const L = predicted.length;
  const tailFrom = Math.floor(L / 2) + 1;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const tailLayers = predicted.map((_, i) => i).filter((i) => i + 1 >= tailFrom);
  const tail = meanSe(parts.map((p) => mean(tailLayers.map((i) => p.variance[i] / predicted[i]))));
  const step = L < 2 ? null : meanSe(parts.map((p) => mean(predicted.slice(1).map((q, j) => p.variance[j + 1] / p.variance[j] / (q / predicted[j])))));
  return { tailFrom, tail, tailPredicted: mean(tailLayers.map((i) => predicted[i])), step };
}
