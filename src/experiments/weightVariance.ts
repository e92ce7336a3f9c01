/**
 * Monte Carlo Var[w̄] of AOL/SLL-rescaled weights (MATH.md §3, §5): the
 * sampling unit is one d×n matrix; `samples` matrices are cut into chunks of
 * `chunkSize` (fixed by the config, never by the worker count), chunk i draws
 * from RNG stream i, and the per-chunk co-moments of (Y, A, B) merge in chunk
 * order, so the result is the same on any number of workers.
 *
 *   Y = mean of w̄² over the matrix (E Y = Var[w̄]),
 *   A = mean_i ‖w_i‖² of the raw draws (E A = d·σ²),
 *   B = mean_{i≠j} |⟨w_i, w_j⟩| (E B = m(d)·σ², n ≥ 2),
 * with σ² = Γ(3/β)/Γ(1/β) the variance of an SGND(α = 1, β) entry (the
 * kernels draw with α = 1). A and B are control variates with known means.
 */
import { exactGaussianVariance, meanFieldVariance, paperClosedForm, paperClosedFormCovers, upperBound } from "../analytic/variance.js";
import { meanAbsInner } from "../analytic/product.js";
import { controlVariateEstimate, CoMoments, type ControlVariate } from "./moments.js";
import { mergeAllHistograms, type Histogram } from "./histogram.js";
import type { VarianceTask, VarianceTaskResult } from "./kernel-worker.js";
import { betaFromJson, checkInteger, checkWeightStd, checkNonNegative, checkSeed, histogramJson, jsonBeta, resolveDistribution, unitScaleEntryVariance } from "./config.js";
import { phaseProgress, resolveWorkers, runExperimentTasks, type RunOptions } from "./pool.js";
import type { RunInfo, WeightVarianceConfig, WeightVarianceConfigJson, WeightVarianceResult } from "./types.js";
import { checkTarget, PILOT_CHUNKS, runToPrecision, type PrecisionConfig, type PrecisionResult, type PrecisionTarget } from "./precision.js";
import { requireConfig } from "../require-config.js";

/** Default matrices per chunk: large enough to amortise a task, small enough to bound memory (3 doubles per matrix). */
export const DEFAULT_CHUNK_SIZE = 4096;
/** Largest sample count accepted (the chunk list stays small). */
export const MAX_SAMPLES = 1e10;
/** Largest d or n accepted before the Wasm memory check (which then names the exact limit). */
export const MAX_DIMENSION = 1 << 24;
const DEFAULT_BINS = 100;

/**
 * The default w̄ histogram for d rows: `bins` (default 100) over ±min(1, 6/√d).
 * |w̄| ≤ 1 always (t_i ≥ w_ji²); the bulk sits within a few √(1/d).
 */
export function defaultWeightHistogram(d: number, bins = DEFAULT_BINS): { min: number; max: number; bins: number } {
  const reach = Math.min(1, 6 / Math.sqrt(d)) * (1 + 1e-9);
  return { min: -reach, max: reach, bins };
}

/** A validated config: its JSON echo, β as a number and the seed as a bigint. */
export interface ValidatedWeightVariance {
  json: WeightVarianceConfigJson;
  beta: number;
  seed: bigint;
}

/** Validate a config; RangeError naming the field and its accepted range. */
export function validateWeightVarianceConfig(config: WeightVarianceConfig): ValidatedWeightVariance {
  requireConfig(config);
  if (config.target !== undefined) throw new RangeError("target is taken by runWeightVariance only (it plans the sample count from a pilot); give samples here");
  if (config.transform !== "aol" && config.transform !== "sll") throw new RangeError(`transform must be "aol" or "sll", got ${String(config.transform)}`);
  const qStd = checkNonNegative("qStd", config.qStd ?? 0);
  if (config.transform === "aol" && qStd !== 0) throw new RangeError(`qStd must be 0 for transform aol (use sll), got ${qStd}`);
  const d = checkInteger("d", config.d, 1, MAX_DIMENSION);
  const n = checkInteger("n", config.n, 1, MAX_DIMENSION);
  const { dist, beta } = resolveDistribution(config.dist, config.beta);
  const samples = checkInteger("samples", config.samples, 2, MAX_SAMPLES);
  const weightStd = checkWeightStd(config.weightStd);
  const seed = checkSeed(config.seed);
  const chunkSize = checkInteger("chunkSize", config.chunkSize ?? DEFAULT_CHUNK_SIZE, 1, 1 << 24);
  let histogram: WeightVarianceConfigJson["histogram"] = null;
  if (config.histogram !== false) {
    histogram = config.histogram ?? defaultWeightHistogram(d);
    checkInteger("histogram.bins", histogram.bins, 1, 1_000_000);
    if (!Number.isFinite(histogram.min) || !Number.isFinite(histogram.max) || !(histogram.min < histogram.max)) {
      throw new RangeError(`histogram range must be finite with min < max, got [${histogram.min}, ${histogram.max})`);
    }
  }
  return {
    json: { transform: config.transform, qStd, d, n, dist, beta: jsonBeta(beta), samples, weightStd, seed: seed.toString(), chunkSize, histogram },
    beta,
    seed,
  };
}

/**
 * The chunk tasks of a run: chunk i holds min(chunkSize, rest) matrices and
 * uses stream i. Exported for sweeps, which run many points' tasks in one pool.
 */
export function varianceTasks(v: ValidatedWeightVariance): VarianceTask[] {
  const { d, n, qStd, samples, chunkSize, histogram, weightStd } = v.json;
  const tasks: VarianceTask[] = [];
  for (let start = 0, stream = 0; start < samples; start += chunkSize, stream++) {
    tasks.push({ kind: "variance", d, n, beta: v.beta, weightStd, qStd, count: Math.min(chunkSize, samples - start), seed: v.seed, stream, histogram });
  }
  return tasks;
}

/** The config a JSON echo (`result.config`) stands for, to validate again (e.g. a shard file's). */
export function weightVarianceConfigFromJson(json: WeightVarianceConfigJson): WeightVarianceConfig {
  return {
    transform: json.transform,
    qStd: json.qStd,
    d: json.d,
    n: json.n,
    dist: json.dist,
    beta: betaFromJson(json.beta),
    samples: json.samples,
    weightStd: json.weightStd === null ? undefined : json.weightStd,
    seed: BigInt(json.seed),
    chunkSize: json.chunkSize,
    histogram: json.histogram === null ? false : json.histogram,
  };
}

/** Number of chunks (= RNG streams) a validated config is cut into. */
export function weightVarianceChunkCount(v: ValidatedWeightVariance): number {
  return Math.ceil(v.json.samples / v.json.chunkSize);
}

/**
 * Run only the chunks c for which `select(c)` holds (sharding: c mod k = i),
 * returning their partial accumulators in chunk order. Chunk c always uses
 * stream c, so the union over a partition of the chunks is exactly the
 * one-machine computation.
 */
export async function runWeightVarianceChunks(
  v: ValidatedWeightVariance,
  select: (chunk: number) => boolean,
  workers: number,
  options: RunOptions = {},
): Promise<{ chunks: number[]; parts: VarianceTaskResult[] }> {
  const all = varianceTasks(v);
  const chunks = all.map((t) => t.stream).filter(select);
  const parts = await runExperimentTasks<VarianceTaskResult>(chunks.map((c) => all[c]), workers, options.onProgress, options);
  return { chunks, parts };
}

/**
 * Estimate Var[w̄] for d×n matrices of iid SGND(β) entries, AOL or SLL
 * rescaled, with the plain and the control-variate estimators and the
 * analytic values to compare with. With `target`, a pilot run plans the
 * matrix count (samples is then the cap); see `WeightVarianceConfig`.
 * @param config - The experiment (`WeightVarianceConfig`): shape d×n, transform, distribution `{ dist, beta }`, `samples` or a `target`, seed.
 * @param options - Progress callback and Wasm build options.
 * @returns The estimate with its SE, the plain estimate, the analytic values (exact, mean-field, bound, paper) and a histogram; with a target, also `precision`.
 * @throws TypeError for a missing config; RangeError naming the field that is out of range.
 * @example
 * ```ts
 * import { runWeightVariance, exactGaussianVariance } from "lipvar";
 * const r = await runWeightVariance({ transform: "aol", d: 8, n: 8, samples: 4096, seed: 1, workers: 1 });
 * r.samples; // returns 4096
 * Math.abs(r.estimate - exactGaussianVariance(8, 8)) < 5 * r.se; // returns true
 * const t = await runWeightVariance({ transform: "aol", d: 8, n: 8, target: { rse: 1e-2 }, seed: 1, workers: 1 });
 * t.precision?.reached; // returns true
 * ```
 */
export async function runWeightVariance(config: WeightVarianceConfig, options: RunOptions = {}): Promise<WeightVarianceResult> {
  requireConfig(config);
  if (config.target !== undefined) {
    const wanted = checkTarget(config.target);
    const maxSamples = checkInteger("samples", config.samples ?? MAX_SAMPLES, 2, MAX_SAMPLES);
    const rest: WeightVarianceConfig = { ...config };
    delete rest.target;
    const chunkSize = config.chunkSize ?? DEFAULT_CHUNK_SIZE;
    const pilotSamples = Math.max(2, Math.min(maxSamples, PILOT_CHUNKS * chunkSize));
    return runToPrecision(wanted, pilotSamples, maxSamples, (samples, phase) => runFixed({ ...rest, samples }, { ...options, onProgress: phaseProgress(options.onProgress, phase) }));
  }
  return runFixed(config, options);
}

/**
 * Estimate Var[w̄] to a target standard error (absolute `se` or relative `rse`).
 *
 * @deprecated Give the target in the config, as for `runPreciseVariance`:
 * `runWeightVariance({ ...config, samples: maxSamples, target })`.
 * @param config - As for `runWeightVariance`, with `maxSamples` (integer from 2 to 1e10, default 1e10) as the cap.
 * @param target - `{ se }` or `{ rse }`.
 * @param options - Progress callback and Wasm options.
 * @returns The result of `runWeightVariance` with `precision`.
 * @throws RangeError naming the field (target, maxSamples, or a config field).
 */
export async function runWeightVarianceToPrecision(config: PrecisionConfig, target: PrecisionTarget, options: RunOptions = {}): Promise<PrecisionResult> {
  requireConfig(config);
  checkTarget(target);
  const maxSamples = config.maxSamples ?? MAX_SAMPLES;
  if (!Number.isInteger(maxSamples) || maxSamples < 2 || maxSamples > MAX_SAMPLES) {
    throw new RangeError(`maxSamples must be an integer from 2 to ${MAX_SAMPLES}, got ${maxSamples}`);
  }
  const rest: Omit<WeightVarianceConfig, "samples"> = { ...config };
  delete (rest as PrecisionConfig).maxSamples;
  return (await runWeightVariance({ ...rest, samples: maxSamples, target }, options)) as PrecisionResult;
}

/** A run of exactly `config.samples` matrices. */
async function runFixed(config: WeightVarianceConfig, options: RunOptions): Promise<WeightVarianceResult> {
  const v = validateWeightVarianceConfig(config);
  const workers = await resolveWorkers(config.workers);
  const started = performance.now();
  const { parts } = await runWeightVarianceChunks(v, () => true, workers, options);
  const seconds = (performance.now() - started) / 1000;
  return weightVarianceResult(v, parts, { build: parts[0]?.build ?? "unknown", workers, seconds });
}

/**
 * The result from the partial accumulators of every chunk, given in chunk
 * order (the merge order fixes the floating-point result).
 */
export function weightVarianceResult(v: ValidatedWeightVariance, parts: readonly VarianceTaskResult[], run: RunInfo): WeightVarianceResult {
  const co = CoMoments.mergeAll(3, parts.map((p) => p.co));
  const { d, n, qStd } = v.json;
  const beta = v.beta;
  const sigma2 = v.json.weightStd === null ? unitScaleEntryVariance(beta) : v.json.weightStd ** 2;
  const m = meanAbsInner(d, beta);
  const controls: ControlVariate[] = [{ index: 1, knownMean: d * sigma2 }];
  if (n >= 2) controls.push({ index: 2, knownMean: m * sigma2 });
  const cv = controlVariateEstimate(co, 0, controls);
  const notes: string[] = [];

  const exact = beta === 2 && qStd === 0 ? exactGaussianVariance(d, n) : null;
  if (beta === 2 && qStd > 0) notes.push("exact: the exact Gaussian V(d, n) is for q ≡ 1 (AOL); it does not apply to SLL with qStd > 0, so exact is null");
  if (v.json.transform === "sll" && qStd === 0) notes.push("SLL with qStd = 0 is AOL (q ≡ 1): exact and mean-field apply as for AOL");
  if (qStd > 0) notes.push("meanField and paper are the AOL (q ≡ 1) values, shown for reference only");
  if (n === 1) notes.push("n = 1: Var[w̄] = 1/d exactly; the B control does not exist");
  const controlNames = ["A", "B"] as const;
  cv.coefficients.forEach((_, i) => {
    if (cv.dropped.includes(controls[i].index)) notes.push(`control ${controlNames[i]} dropped (constant or collinear at this shape)`);
  });

  let innerProduct: WeightVarianceResult["innerProduct"] = null;
  if (n >= 2) {
    const measured = co.means[2];
    const se = Math.sqrt(co.comoments[8] / (co.count - 1) / co.count);
    const expected = m * sigma2;
    innerProduct = { measured, se, expected, zScore: se > 0 ? (measured - expected) / se : 0 };
  }
  const hists = parts.map((p) => p.histogram).filter((h): h is Histogram => h !== null);

  return {
    experiment: "weightVariance",
    config: v.json,
    seed: v.json.seed,
    run,
    estimate: cv.estimate,
    se: cv.se,
    estimatePlain: cv.estimatePlain,
    sePlain: cv.sePlain,
    samples: co.count,
    varianceReduction: cv.varianceReduction,
    controls: controls.map((c, i) => ({
      name: controlNames[i],
      knownMean: c.knownMean,
      coefficient: cv.coefficients[i],
      dropped: cv.dropped.includes(c.index),
    })),
    upper: upperBound(d, n),
    exact,
    meanField: meanFieldVariance(d, n, { beta }),
    meanAbsInner: m,
    paper: paperClosedFormCovers({ beta }) ? paperClosedForm(d, n, { beta }) : null,
    innerProduct,
    entryVariance: sigma2,
    histogram: hists.length ? histogramJson(mergeAllHistograms(hists)) : null,
    notes,
  };
}
