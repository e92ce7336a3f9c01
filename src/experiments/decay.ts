/**
 * Depth decay of feed-forward AOL stacks (MATH.md §4): per layer the forward
 * variance Var[y_ℓ] and the backward gradient second moment G_{ℓ−1}, measured
 * on R independent replicate networks (replicate r draws weights, biases and
 * its batch of inputs from RNG stream r: the network, not the input, is the
 * sampling unit, so the SE is over replicates) against the analytic decay
 * recursion. For β = 2 the recursion uses the exact Gaussian Var[w̄]; for
 * other β a Monte Carlo Var[w̄] from runWeightVariance (result says which).
 */
import { predictForwardVariances, predictGradientVariances, type LayerShape } from "../analytic/decay.js";
import { mergeAllHistograms, type Histogram } from "./histogram.js";
import type { NetworkTask, NetworkTaskResult } from "./kernel-worker.js";
import { checkGram } from "../wasm/decay.js";
import type { LayerHistogramSpec } from "../wasm/histogram.js";
import { checkInteger, checkNonNegative, checkWeightStd, checkSeed, histogramJson, betaFromJson, jsonBeta, meanSe, resolveBiasDistribution, resolveDistribution } from "./config.js";
import { resolveWorkers, runExperimentTasks, wasmOptions, type RunOptions } from "./pool.js";
import { runWeightVariance } from "./weightVariance.js";
import type { DecayConfig, DecayConfigJson, DecayLayer, DecayPooled, DecayResult, GramConvention, RunInfo } from "./types.js";
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
 * Var[w̄] per layer for the predictions: exact for Gaussian, else Monte Carlo
 * per distinct shape. The row convention rescales W like the column
 * convention rescales Wᵀ, so its Var[w̄] is the column value at (n, d): the
 * estimates are listed as the (d, n) actually simulated.
 */
export async function rescaledVariancesFor(
  shapes: LayerShape[],
  gram: GramConvention,
  beta: number,
  seed: bigint,
  samples: number,
  workers: number,
  options: RunOptions = {},
): Promise<{ source: DecayResult["rescaledVarianceSource"]; perLayer: number[] | undefined; estimates: DecayResult["rescaledVarianceEstimates"] }> {
  if (beta === 2) return { source: "exact-gaussian", perLayer: undefined, estimates: [] };
  const estimates: DecayResult["rescaledVarianceEstimates"] = [];
  const byShape = new Map<string, number>();
  const simulated = shapes.map((s) => (gram === "row" ? { d: s.n, n: s.d } : s));
  for (const s of simulated) {
    const key = `${s.d}x${s.n}`;
    if (byShape.has(key)) continue;
    const r = await runWeightVariance({ transform: "aol", d: s.d, n: s.n, dist: "gnd", beta, samples, seed: auxiliarySeed(seed), workers, histogram: false }, wasmOptions(options));
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

/** Validate a decay config (domain: see `DecayConfig`); RangeError naming the field and its range. */
export function validateDecayConfig(config: DecayConfig): ValidatedDecay {
  requireConfig(config);
  const depth = checkInteger("depth", config.depth, 1, MAX_DEPTH);
  const widths = resolveWidths(depth, config.width, config.widths);
  const batch = checkInteger("batch", config.batch, 1, MAX_SIZE);
  const { seed, biasStd, dist, beta, biasDist, biasBeta, replicates, weightStd } = validateStackCommon(config);
  const gram = checkGram(config.gram);
  const tied = checkFlag("tied", config.tied);
  const reluOnOutput = checkFlag("reluOnOutput", config.reluOnOutput);
  if (tied && widths.some((w) => w !== widths[0])) throw new RangeError(`tied weights need equal widths (one square W for every layer), got ${widths.join(",")}`);
  const histogramBins = checkInteger("histogramBins", config.histogramBins ?? DEFAULT_HISTOGRAM_BINS, 0, 1_000_000);
  const varianceSamples = checkInteger("varianceSamples", config.varianceSamples ?? DEFAULT_VARIANCE_SAMPLES, 2, 1e9);
  const json: DecayConfigJson = { depth, widths, gram, weightStd, tied, reluOnOutput, batch, seed: seed.toString(), biasStd, dist, beta: jsonBeta(beta), replicates, histogramBins, varianceSamples, biasDist, biasBeta: jsonBeta(biasBeta) };
  return { json, widths, beta, biasBeta, seed };
}

/** The `DecayConfig` a JSON echo stands for (validating it gives the same echo back). */
export function decayConfigFromJson(json: DecayConfigJson): DecayConfig {
  return {
    depth: json.depth,
    widths: json.widths,
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
  forward: ReturnType<typeof predictForwardVariances>;
  backward: ReturnType<typeof predictGradientVariances>;
  histogram: LayerHistogramSpec | null;
  gradHistogram: LayerHistogramSpec | null;
}

/**
 * The predictions and histogram ranges from a validated config and its
 * Var[w̄] (deterministic: a merge rebuilds the plan from the auxiliary
 * values a shard carries, without running any Monte Carlo).
 */
export function decayPlanFrom(v: ValidatedDecay, auxiliary: DecayAuxiliary): DecayPlan {
  const { widths } = v;
  const { biasStd, histogramBins } = v.json;
  const shapes: LayerShape[] = widths.slice(1).map((d, i) => ({ d, n: widths[i] }));
  const rescaledVariances = auxiliary.perLayer ?? undefined;
  // Only σ_b² enters the prediction whatever the bias shape (see DecayConfig.biasDist).
  const { gram, reluOnOutput } = v.json;
  const forward = predictForwardVariances({ layers: shapes, gram, rescaledVariances, inputSecondMoment: 1, biasVariance: biasStd * biasStd });
  const backward = predictGradientVariances({ layers: shapes, gram, rescaledVariances, reluOnOutput });
  const histogram = symmetricLayerHistogram(forward.outputVariances, histogramBins);
  // E[(∂loss/∂y_ℓ)²]: 1 at the output (loss = Σ y_L), else G_ℓ/2 (the ReLU mask halves G_ℓ = E[(∂loss/∂x_ℓ)²]).
  // With reluOnOutput the last layer's ∂loss/∂y_L is the ReLU mask: second moment ½.
  const gradOutputPredicted = shapes.map((_, i) => (i === shapes.length - 1 ? (reluOnOutput ? 0.5 : 1) : backward.gradientSecondMoments[i + 1] / 2));
  // An odd bin count puts 0 at a bin centre: the ReLU mask makes half the gradients exactly 0, and that spike belongs at 0.
  const gradHistogram = symmetricLayerHistogram(gradOutputPredicted, histogramBins > 0 ? histogramBins | 1 : 0);
  return { auxiliary, shapes, forward, backward, histogram, gradHistogram };
}

/**
 * The plan of a run: runs the auxiliary Monte Carlo for Var[w̄] when β ≠ 2
 * (seeded by auxiliarySeed(seed); its result does not depend on `workers`).
 */
export async function planDecay(v: ValidatedDecay, workers: number, options: RunOptions = {}): Promise<DecayPlan> {
  const shapes: LayerShape[] = v.widths.slice(1).map((d, i) => ({ d, n: v.widths[i] }));
  const rv = await rescaledVariancesFor(shapes, v.json.gram, v.beta, v.seed, v.json.varianceSamples, workers, options);
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
    kind: "network", widths: v.widths, batch, beta: v.beta, weightStd: v.json.weightStd, gram: v.json.gram, tied: v.json.tied, reluOnOutput: v.json.reluOnOutput, biasStd, biasBeta: v.biasBeta, seed: v.seed, stream: r, histogram: plan.histogram, gradHistogram: plan.gradHistogram,
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

/** The result from the plan and every replicate's result in replicate order (the order fixes the floating-point means). */
export function decayResult(v: ValidatedDecay, plan: DecayPlan, parts: readonly NetworkTaskResult[], run: RunInfo): DecayResult {
  const { shapes, forward, backward, auxiliary } = plan;
  const { biasStd, biasDist, varianceSamples } = v.json;
  const sb2 = biasStd * biasStd;
  const steps = shapes.slice(1).map((_, j) => meanSe(parts.map((p) => p.variance[j + 1] / p.variance[j])));
  const layers: DecayLayer[] = shapes.map((s, i) => {
    const y = meanSe(parts.map((p) => p.variance[i]));
    const g = meanSe(parts.map((p) => p.gradInput[i]));
    const predicted = forward.outputVariances[i];
    const gradPredicted = backward.gradientSecondMoments[i];
    const fp = forward.fixedPoints[i];
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
      rescaledVariance: forward.rescaledVariances[i],
      fixedPoint: sb2 > 0 && Number.isFinite(fp) ? fp : null,
      predictedRatio: forward.ratios[i],
      step: i === 0 ? null : steps[i - 1].value,
      stepSe: i === 0 ? null : steps[i - 1].se,
      histogram: mergedLayerHistogram(parts.map((p) => p.histograms[i])),
      gradHistogram: mergedLayerHistogram(parts.map((p) => p.gradHistograms[i])),
    };
  });
  const notes: string[] = [];
  if (auxiliary.source === "monte-carlo") notes.push(`predictions use Monte Carlo Var[w̄] (${varianceSamples} matrices per shape, control-variate estimator; see rescaledVarianceEstimates) since no exact value exists for beta ≠ 2`);
  if (biasStd > 0 && v.biasBeta !== 2) notes.push(`bias is ${biasDist} (SGND beta = ${jsonBeta(v.biasBeta)}) with variance biasStd²; the predictions use only the bias variance`);
  notes.push(`SEs are over independent replicate networks (replicate r uses RNG stream r); gradVariance is the mean of (∂loss/∂x_{ℓ−1})² for loss = ${v.json.reluOnOutput ? "Σ ReLU(y_L)" : "Σ y_L"}`);
  if (v.json.tied) notes.push("tied weights: every layer uses layer 1's W and b; the predictions are those of independent layers");
  return {
    experiment: "decay",
    config: v.json,
    seed: v.json.seed,
    run,
    rescaledVarianceSource: auxiliary.source,
    rescaledVarianceEstimates: auxiliary.estimates,
    pooled: pooledStatistics(parts, forward.outputVariances),
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
