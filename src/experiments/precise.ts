/**
 * Precise Var[w̄] for any SGND shape β: the Gaussian-coupled control-variate
 * estimator (docs/MATH.md, "Precise non-Gaussian Var[w̄]").
 *
 * Every matrix is a pair: Z with iid N(0, 1) entries and W = T_β(Z) entrywise
 * (T_β = F_β⁻¹∘Φ, so W has iid SGND(β) entries). The statistic Y_W (mean of
 * w̄² over W) is the target; Y_Z is the same statistic on Z, whose mean is the
 * exact Gaussian integral V(d, n) (or V_q for SLL with a fixed q), and the
 * pair is strongly correlated. Nine further statistics with known means
 * (column norms, squared norms, |inner products|, squared inner products of
 * both matrices, and the cross moment mean_i ⟨w_i, z_i⟩) join it as control
 * variates, combined by regression, and — when the pilot holds at least
 * CROSS_CONTROLS_MIN_PILOT matrices — 29 cross-projection controls
 * X(a, t) = mean_i e^{−a x_i − t s_i}: x_i the scaled ‖w_i‖², s_i the mean
 * |⟨w_i, z_j⟩|/‖w_i‖ over j ≠ i, which are iid half-normals independent of w_i,
 * so the means are exact one-dimensional quadratures (docs/MATH.md §5b).
 *
 * Unbiasedness — pilot coefficients: the first `pilotChunks` chunks are a
 * pilot that only estimates the regression coefficients b (and, with a
 * precision target, the number of matrices to run). The estimate uses the
 * other chunks only:
 *
 *     estimate = mean over main matrices of  Y_W − bᵀ(C − μ_C),
 *
 * (main chunks return only the co-moments of Y_W and Y_W − bᵀC),
 * an average of i.i.d. terms with fixed b (the pilot is independent of the
 * main chunks), so it is exactly unbiased, and its standard error is the
 * ordinary one of that average — no plug-in regression bias, no
 * leverage correction needed. The pilot's matrices are not reused.
 *
 * Chunk i draws from RNG stream i (pilot chunks 0..P−1, main chunks P..),
 * so the result is a deterministic function of the config, whatever the
 * worker count.
 */
import { exactGaussianVariance, exactGaussianVarianceSll, meanFieldVariance, upperBound } from "../analytic/variance.js";
import { meanAbsInner } from "../analytic/product.js";
import { couplingTable, coupledEntryMoments, CROSS_CONTROL_PAIRS, crossControlMeans, crossScale } from "../analytic/normal-coupling.js";
import { CoMoments, controlVariateEstimate, type ControlVariate } from "./moments.js";
import type { CoupledTask, CoupledTaskResult } from "./kernel-worker.js";
import { checkInteger, checkSeed, jsonBeta, resolveDistribution } from "./config.js";
import { phaseProgress, resolveWorkers, runExperimentTasks, type RunOptions } from "./pool.js";
import { DEFAULT_CHUNK_SIZE, MAX_DIMENSION, MAX_SAMPLES } from "./weightVariance.js";
import type { DistributionName, JsonBeta, PrecisionTarget, RunInfo } from "./types.js";

/** Chunks of the pilot by default (4 × 4096 = 16,384 matrices: coefficient noise costs < 0.1% of variance). */
export const DEFAULT_PILOT_CHUNKS = 4;
/**
 * The 29 cross-projection controls join only when the pilot holds at least
 * this many matrices (~140 per coefficient): with fewer, the noise of their
 * fitted coefficients eats much of what they remove, and the plan from a
 * small pilot runs short.
 */
export const CROSS_CONTROLS_MIN_PILOT = 4096;
/** With a precision target, the plan asks for this many times the point estimate of the matrices needed. */
export const PRECISE_PLAN_MARGIN = 1.05;

/** The statistics of one coupled record (assembly/coupled.ts), in order: X(a,t) are the cross-projection controls. */
export const COUPLED_STATISTICS: readonly string[] = ["Yw", "Aw", "Bw", "A2w", "Cw", "Yz", "Az", "Bz", "A2z", "Cz", "E", ...CROSS_CONTROL_PAIRS.map(([a, t]) => `X(${a},${t})`)];
const STATISTICS = COUPLED_STATISTICS.length;
/** Record index of the first cross-projection control. */
const CROSS_FIRST = 11;

export interface PreciseVarianceConfig {
  /** "aol", or "sll" with a fixed `q`. */
  transform: "aol" | "sll";
  /** SLL: n positive finite weights q_i, the same for every matrix. AOL: absent. */
  q?: number[];
  d: number;
  n: number;
  dist?: DistributionName;
  beta?: number;
  /** Matrices in all (pilot + main), an integer from pilot + 2 to MAX_SAMPLES; with a target, the most to use (default MAX_SAMPLES). */
  samples?: number;
  /** Run until the SE (absolute `se`) or relative SE (`rse`, in (0, 1)) is met; the pilot plans the count. */
  target?: PrecisionTarget;
  seed: bigint | number | string;
  /** Matrices per chunk (part of the random stream layout), default 4096. */
  chunkSize?: number;
  /** Chunks of the pilot, an integer from 1 to 1000, default 4. */
  pilotChunks?: number;
  workers?: number;
}

export interface PreciseVarianceConfigJson {
  transform: "aol" | "sll";
  q: number[] | null;
  d: number;
  n: number;
  dist: DistributionName;
  beta: JsonBeta;
  samples: number;
  target: { se: number | null; rse: number | null } | null;
  seed: string;
  chunkSize: number;
  pilotChunks: number;
}

export interface PreciseVarianceResult {
  experiment: "preciseVariance";
  config: PreciseVarianceConfigJson;
  seed: string;
  run: RunInfo;
  /** The estimate of Var[w̄] from the main chunks, with its standard error and relative SE. */
  estimate: number;
  se: number;
  rse: number;
  /** Matrices in the estimate (main chunks) and in the pilot (coefficients only). */
  samples: number;
  pilotSamples: number;
  /** The plain mean of Y_W over the main chunks, for comparison. */
  estimatePlain: number;
  sePlain: number;
  /** sePlain² / se² over the same matrices. */
  varianceReduction: number;
  /** Each control: its statistic, known mean, pilot coefficient (0 when dropped as constant or collinear). */
  controls: { name: string; knownMean: number; coefficient: number; dropped: boolean }[];
  /** The known mean of Y_Z: the exact Gaussian V(d, n), or V_q for SLL. */
  gaussian: number;
  /** Var[w̄] for Gaussian weights when β = 2 (the same as `gaussian`), else null. */
  exact: number | null;
  meanField: number | null;
  upper: number;
  /** With a target: what was asked, planned and reached. */
  precision: { target: { se: number | null; rse: number | null }; plannedSamples: number; capped: boolean; reached: boolean } | null;
  notes: string[];
}

interface ValidatedPrecise {
  json: PreciseVarianceConfigJson;
  beta: number;
  seed: bigint;
}

function validate(config: PreciseVarianceConfig): ValidatedPrecise {
  if (config.transform !== "aol" && config.transform !== "sll") throw new RangeError(`transform must be "aol" or "sll", got ${String(config.transform)}`);
  const d = checkInteger("d", config.d, 1, MAX_DIMENSION);
  const n = checkInteger("n", config.n, 1, MAX_DIMENSION);
  let q: number[] | null = null;
  if (config.transform === "sll") {
    if (!Array.isArray(config.q) || config.q.length !== n) throw new RangeError(`q must be an array of n = ${n} positive finite numbers for transform sll, got ${config.q === undefined ? "none" : `${Array.isArray(config.q) ? config.q.length : String(config.q)} values`}`);
    config.q.forEach((v, i) => {
      if (typeof v !== "number" || !(v > 0) || !Number.isFinite(v)) throw new RangeError(`q[${i}] must be a positive finite number, got ${v}`);
    });
    q = [...config.q];
  } else if (config.q !== undefined) {
    throw new RangeError("q is only for transform sll (AOL is q ≡ 1)");
  }
  const { dist, beta } = resolveDistribution(config.dist, config.beta);
  const chunkSize = checkInteger("chunkSize", config.chunkSize ?? DEFAULT_CHUNK_SIZE, 1, 1 << 24);
  const pilotChunks = checkInteger("pilotChunks", config.pilotChunks ?? DEFAULT_PILOT_CHUNKS, 1, 1000);
  const pilot = pilotChunks * chunkSize;
  let target: PreciseVarianceConfigJson["target"] = null;
  if (config.target !== undefined) {
    const { se, rse } = config.target ?? {};
    if ((se === undefined) === (rse === undefined)) throw new RangeError("target must give exactly one of se or rse");
    if (se !== undefined && !(typeof se === "number" && se > 0 && Number.isFinite(se))) throw new RangeError(`target se must be a finite number > 0, got ${se}`);
    if (rse !== undefined && !(typeof rse === "number" && rse > 0 && rse < 1)) throw new RangeError(`target rse must be a number in (0, 1), got ${rse}`);
    target = { se: se ?? null, rse: rse ?? null };
  }
  if (config.samples === undefined && target === null) throw new RangeError("give samples or a target (se or rse)");
  const samples = checkInteger("samples", config.samples ?? MAX_SAMPLES, pilot + 2, MAX_SAMPLES);
  const seed = checkSeed(config.seed);
  return {
    json: { transform: config.transform, q, d, n, dist, beta: jsonBeta(beta), samples, target, seed: seed.toString(), chunkSize, pilotChunks },
    beta,
    seed,
  };
}

/**
 * The controls and their known means for a validated config: record indices
 * 1..10, and the cross-projection controls 11..39 when the pilot is large
 * enough (CROSS_CONTROLS_MIN_PILOT). β = 2: the Z side only.
 */
function controlMeans(v: ValidatedPrecise): ControlVariate[] {
  const { d, q } = v.json;
  const coupled = v.beta !== 2;
  const w = coupledEntryMoments(v.beta);
  const s2 = w.variance;
  const gaussian = q ? exactGaussianVarianceSll(d, q) : exactGaussianVariance(d, v.json.n);
  const zControls: ControlVariate[] = [
    { index: 5, knownMean: gaussian },
    { index: 6, knownMean: d },
    { index: 7, knownMean: meanAbsInner(d, 2) },
    { index: 8, knownMean: d * (d + 2) },
    { index: 9, knownMean: d },
  ];
  if (!coupled) return zControls; // W = Z: Y_W ≡ Y_Z, nothing is left to explain
  return [
    { index: 1, knownMean: d * s2 },
    { index: 2, knownMean: meanAbsInner(d, v.beta) * s2 },
    { index: 3, knownMean: d * w.fourth + d * (d - 1) * s2 * s2 },
    { index: 4, knownMean: d * s2 * s2 },
    ...zControls,
    { index: 10, knownMean: d * w.cross },
    ...(v.json.pilotChunks * v.json.chunkSize >= CROSS_CONTROLS_MIN_PILOT ? crossControlMeans(d, v.json.n, v.beta).map((knownMean, k) => ({ index: CROSS_FIRST + k, knownMean })) : []),
  ];
}

/** Mean of Y_W − bᵀ(C − μ_C) over the accumulated matrices, and its standard error, for fixed b. */
export function fixedCoefficientEstimate(co: CoMoments, controls: readonly ControlVariate[], b: readonly number[]): { estimate: number; se: number } {
  const p = co.dimension;
  const N = co.count;
  const M = (i: number, j: number) => co.comoments[i * p + j];
  let estimate = co.means[0];
  let ss = M(0, 0);
  controls.forEach((c, k) => {
    estimate -= b[k] * (co.means[c.index] - c.knownMean);
    ss -= 2 * b[k] * M(0, c.index);
    controls.forEach((c2, l) => (ss += b[k] * b[l] * M(c.index, c2.index)));
  });
  return { estimate, se: Math.sqrt(Math.max(0, ss) / (N - 1) / N) };
}

/**
 * The same fixed-b estimate from co-moments of [Y_W, R = Y_W − bᵀC] (what the
 * main chunks return): mean(R) + bᵀμ_C, with the ordinary SE of mean(R).
 */
export function residualEstimate(co: CoMoments, controls: readonly ControlVariate[], b: readonly number[]): { estimate: number; se: number } {
  if (co.dimension !== 2) throw new RangeError(`residualEstimate needs co-moments of [Y_W, residual], got dimension ${co.dimension}`);
  const N = co.count;
  let shift = 0;
  controls.forEach((c, k) => (shift += b[k] * c.knownMean));
  return { estimate: co.means[1] + shift, se: Math.sqrt(Math.max(0, co.comoments[3]) / (N - 1) / N) };
}

function tasks(v: ValidatedPrecise, table: Float64Array | null, coefficients: number[] | null, fromChunk: number, toChunk: number, total: number): CoupledTask[] {
  const { d, n, q, chunkSize } = v.json;
  const kappa = crossScale(d, v.beta);
  const out: CoupledTask[] = [];
  for (let c = fromChunk; c < toChunk; c++) {
    const count = Math.min(chunkSize, total - c * chunkSize);
    if (count > 0) out.push({ kind: "coupled", d, n, q, table, kappa, coefficients, count, seed: v.seed, stream: c });
  }
  return out;
}

/**
 * Var[w̄] for d×n matrices of iid SGND(β) weights, AOL or SLL with a fixed q,
 * by the Gaussian-coupled control-variate estimator with pilot coefficients
 * (see the file comment). Fixed `samples`, or a `target` SE/RSE planned from
 * the pilot (then `samples` caps the run).
 * @param config - Shape, transform (SLL with a fixed `q`), distribution `{ dist, beta }`, `samples` or a `target` (`{ se }` or `{ rse }`), seed.
 * @param options - Progress callback and Wasm build options.
 * @returns The estimate, its SE and relative SE, the controls and their coefficients, the analytic values; with a target, `precision`.
 * @throws TypeError for a missing config; RangeError naming the field that is out of range.
 * @example
 * ```ts
 * import { runPreciseVariance } from "lipvar";
 * const r = await runPreciseVariance({ transform: "aol", d: 8, n: 8, dist: "laplace", samples: 20000, seed: 1, workers: 1 });
 * r.rse < 1e-3; // returns true
 * r.varianceReduction > 10; // returns true
 * ```
 */
export async function runPreciseVariance(config: PreciseVarianceConfig, options: RunOptions = {}): Promise<PreciseVarianceResult> {
  const v = validate(config);
  const workers = await resolveWorkers(config.workers);
  const started = performance.now();
  const { d, n, chunkSize, pilotChunks, target } = v.json;
  const table = couplingTable(v.beta);
  const controls = controlMeans(v);
  const pilotSamples = pilotChunks * chunkSize;

  // Progress: the pilot's chunks (phase "pilot"), then the main chunks (phase "main", their planned count).
  const pilotParts = await runExperimentTasks<CoupledTaskResult>(tasks(v, table, null, 0, pilotChunks, pilotSamples), workers, phaseProgress(options.onProgress, "pilot"), options);
  const pilotCo = CoMoments.mergeAll(STATISTICS, pilotParts.map((p) => p.co));
  const fit = controlVariateEstimate(pilotCo, 0, controls);
  const b = fit.coefficients;

  let total = v.json.samples;
  let precision: PreciseVarianceResult["precision"] = null;
  if (target) {
    // σ per matrix of the fixed-b residual, from the pilot. In-sample the fit is
    // optimistic, so the residual sum of squares is divided by N − p − 1 (not
    // N − 1), and the noise of the fitted b adds a factor 1 + p/(N − p − 2) (the
    // out-of-sample MSE of least squares); the margin covers the rest.
    const pilotFixed = fixedCoefficientEstimate(pilotCo, controls, b);
    const N = pilotCo.count;
    const p = controls.length - fit.dropped.length;
    const sigma = N > p + 2 ? pilotFixed.se * Math.sqrt(N * (N - 1) / (N - p - 1) * (1 + p / (N - p - 2))) : pilotFixed.se * Math.sqrt(N);
    const wantedSe = target.se ?? target.rse! * Math.abs(pilotFixed.estimate);
    const needed = sigma > 0 && wantedSe > 0 ? Math.ceil(PRECISE_PLAN_MARGIN * (sigma / wantedSe) ** 2) : 2;
    const plannedSamples = pilotSamples + Math.max(2, needed);
    total = Math.min(plannedSamples, v.json.samples);
    precision = { target, plannedSamples, capped: plannedSamples > v.json.samples, reached: false };
  }
  const planned = Math.ceil(total / chunkSize);
  // Main chunks return only [Y_W, Y_W − Σ b_k C_k] (co-moments of 2, not of all statistics).
  const recordCoefficients = new Array<number>(STATISTICS).fill(0);
  controls.forEach((c, k) => (recordCoefficients[c.index] = b[k]));
  const mainParts = await runExperimentTasks<CoupledTaskResult>(
    tasks(v, table, recordCoefficients, pilotChunks, planned, total),
    workers,
    phaseProgress(options.onProgress, "main"),
    options,
  );
  const co = CoMoments.mergeAll(2, mainParts.map((p) => p.co));
  const { estimate, se } = residualEstimate(co, controls, b);
  const sePlain = Math.sqrt(co.comoments[0] / (co.count - 1) / co.count);
  if (precision) precision.reached = se <= (target!.se ?? target!.rse! * Math.abs(estimate));

  const gaussian = controls.find((c) => c.index === 5)!.knownMean;
  const notes: string[] = [];
  if (v.beta === 2) notes.push("Gaussian weights: W = Z, so the estimate reproduces the exact integral up to rounding (the coupling is the identity)");
  if (n === 1) notes.push("n = 1: every matrix gives exactly 1/d; the inner-product controls do not exist");
  const dropped = new Set(fit.dropped);
  const seconds = (performance.now() - started) / 1000;
  return {
    experiment: "preciseVariance",
    config: { ...v.json, samples: total },
    seed: v.json.seed,
    run: { build: mainParts[0]?.build ?? pilotParts[0]?.build ?? "unknown", workers, seconds },
    estimate,
    se,
    rse: se / Math.abs(estimate),
    samples: co.count,
    pilotSamples: pilotCo.count,
    estimatePlain: co.means[0],
    sePlain,
    varianceReduction: se > 0 ? (sePlain / se) ** 2 : sePlain > 0 ? Infinity : 1,
    controls: controls.map((c, k) => ({ name: COUPLED_STATISTICS[c.index], knownMean: c.knownMean, coefficient: b[k], dropped: dropped.has(c.index) })),
    gaussian,
    exact: v.beta === 2 ? gaussian : null,
    meanField: v.json.q === null ? meanFieldVariance(d, n, { beta: v.beta }) : null,
    upper: upperBound(d, n),
    precision,
    notes,
  };
}
