/**
 * Typed wrapper for the Monte Carlo chunk of the rescaled-weight variance
 * (assembly/mcvariance.ts).
 */
import type { Kernels } from "./kernels.js";
import { requireConfig } from "../require-config.js";
import { MAX_DOUBLES, checkBeta, checkCount, checkDimension, checkFinite, checkFitsFor, weightScale, withBlocks } from "./check.js";
import { checkBins, checkRange, readHistogram, type HistogramCounts, type HistogramSpec } from "./histogram.js";

/** Doubles per Monte Carlo record: Y, A, B (assembly/mcvariance.ts). */
export const VARIANCE_RECORD = 3;

export interface VarianceChunkOptions {
  /** Rows of W (outputs, d ≥ 1). */
  d: number;
  /** Columns of W (inputs, n ≥ 1). */
  n: number;
  /** SGND shape β > 0, or Infinity (uniform). */
  beta: number;
  /** Standard deviation of the raw entries (finite > 0); default: the scale α = 1 (Var[w̄] is scale-invariant). */
  weightStd?: number;
  /** SLL: θ_i ~ N(0, qStd²), q_i = exp(θ_i); 0 (default) is AOL. */
  qStd?: number;
  /** Matrices in this chunk (≥ 0). */
  count: number;
  /** Seed and stream of the bit generator; the chunk starts at the stream's start. */
  seed: bigint | number;
  stream?: number;
  /** Histogram of the w̄ entries. */
  histogram?: HistogramSpec;
  /** Also return every generated W (count·d·n doubles, matrix after matrix) and q (count·n): for checks at small sizes. */
  keepMatrices?: boolean;
}

export interface VarianceChunk {
  /** Per matrix: mean of w̄² over its d·n entries. */
  Y: Float64Array;
  /** Per matrix: mean over columns of ‖w_i‖² (raw W): E A = d·Var(entry). */
  A: Float64Array;
  /** Per matrix: mean over ordered pairs i ≠ j of |⟨w_i, w_j⟩| (raw W; 0 when n = 1): E B = m(d)·Var(entry). */
  B: Float64Array;
  hist?: HistogramCounts;
  matrices?: Float64Array;
  q?: Float64Array;
}

/** Matrices per call into Wasm (varianceChunk): small enough that optimised code takes over early in a cold run. */
const SLICE_MATRICES = 64;

/**
 * One Monte Carlo chunk of the rescaled-weight variance: `count` independent
 * d×n matrices with iid SGND(1, β) entries from stream `stream` of `seed`,
 * AOL (qStd = 0) or SLL rescaled, one record per matrix. Domain: d, n ≥ 1,
 * β > 0 or Infinity, qStd finite ≥ 0, count ≥ 0.
 * @param k - The kernels, from `await loadKernels()`.
 * @param options - d, n, β, optional weightStd and qStd, count, seed, stream, optional histogram and keepMatrices.
 * @returns Per matrix: Y (mean w̄²), A and B (the control statistics); optionally the histogram and the matrices.
 * @throws TypeError for missing options; RangeError naming the field that is out of range.
 * @example
 * ```ts
 * import { loadKernels, varianceChunk } from "lipvar";
 * const c = varianceChunk(await loadKernels(), { d: 4, n: 1, beta: 2, count: 3, seed: 1 });
 * Array.from(c.Y); // returns [0.25, 0.25, 0.25] (n = 1: w̄ is a unit column)
 * ```
 */
export function varianceChunk(k: Kernels, options: VarianceChunkOptions): VarianceChunk {
  const { d, n, beta, count } = requireConfig(options, "options");
  const qStd = options.qStd ?? 0;
  checkDimension("d", d);
  checkDimension("n", n);
  checkBeta(beta);
  checkFinite("qStd", qStd, 0);
  checkCount("count", count);
  const alpha = weightScale(k, options.weightStd, beta);
  const h = options.histogram;
  if (h) {
    checkBins("histogram.bins", h.bins);
    checkRange("histogram", h.min, h.max);
  }
  const keep = options.keepMatrices === true;
  const raw = k.raw;
  const histDoubles = h ? h.bins + 2 : 0;
  const doublesFor = (dd: number, nn: number, cc: number) =>
    dd > MAX_DOUBLES || nn > MAX_DOUBLES ? [Infinity] : [VARIANCE_RECORD * cc, raw.varianceScratchDoubles(dd, nn), histDoubles, keep ? cc * dd * nn : 0, keep ? cc * nn : 0];
  checkFitsFor("d", d, (v) => doublesFor(v, 1, 0));
  checkFitsFor("n", n, (v) => doublesFor(d, v, 0));
  checkFitsFor("count", count, (v) => doublesFor(d, n, v));
  if (raw.VARIANCE_RECORD.value !== VARIANCE_RECORD) throw new Error("lipvar: Wasm record layout differs from the wrapper (rebuild the Wasm module)");

  const lengths = [VARIANCE_RECORD * count, raw.varianceScratchDoubles(d, n), histDoubles, keep ? count * d * n : 0, keep ? count * n : 0];
  return withBlocks(k, lengths, ([records, scratch, hist, keepW, keepQ]) => {
    if (h) hist.view.fill(0);
    k.seed({ seed: options.seed, stream: options.stream ?? 0 });
    // In slices of SLICE_MATRICES: the RNG stream and the histogram carry on
    // across calls, so the numbers equal one call's bit for bit, and V8 runs
    // each call in the best code it has ready. It first runs a new Wasm module
    // in baseline code and optimises hot functions in the background, but a
    // running call keeps the code it started with — one call over a whole
    // chunk would run its loop in baseline code to the end (about 2× slower:
    // a cold 4,096-matrix 16×16 chunk took 28 ms in one call, 22 ms in slices).
    for (let start = 0; start < count; start += SLICE_MATRICES) {
      const m = Math.min(SLICE_MATRICES, count - start);
      raw.varianceChunk(
        d, n, alpha, beta, qStd, m,
        records.ptr + start * VARIANCE_RECORD * 8,
        h ? hist.ptr : 0, h ? h.bins : 0, h ? h.min : 0, h ? h.max : 1,
        keep ? keepW.ptr + start * d * n * 8 : 0, keep ? keepQ.ptr + start * n * 8 : 0,
        scratch.ptr,
      );
    }
    const rec = records.view;
    const Y = new Float64Array(count);
    const A = new Float64Array(count);
    const B = new Float64Array(count);
    for (let m = 0; m < count; m++) {
      Y[m] = rec[VARIANCE_RECORD * m];
      A[m] = rec[VARIANCE_RECORD * m + 1];
      B[m] = rec[VARIANCE_RECORD * m + 2];
    }
    const result: VarianceChunk = { Y, A, B };
    if (h) result.hist = readHistogram(hist.view, h.bins, h.min, h.max);
    if (keep) {
      result.matrices = keepW.view.slice();
      result.q = keepQ.view.slice();
    }
    return result;
  });
}
