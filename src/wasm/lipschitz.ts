/**
 * Typed wrappers for the Lipschitz kernels (assembly/lipschitz.ts): matrix
 * products, Gram matrices, AOL/SLL rescaling, the Monte Carlo chunk of the
 * rescaled-weight variance, and forward/backward/residual passes. Each takes
 * a `Kernels` instance, validates its arguments (RangeError naming the
 * parameter and the accepted range; sizes that cannot fit in Wasm memory name
 * the largest possible value), copies plain arrays in and out, and frees the
 * Wasm buffers it allocated. Matrices are row-major Float64Arrays.
 */
import { Kernels, MAX_WASM_BYTES, type F64Block } from "./kernels.js";
import { requireConfig } from "../require-config.js";

// ---------------------------------------------------------------- validation

const MAX_DOUBLES = Math.floor(MAX_WASM_BYTES / 8);

/** An integer dimension ≥ 1 (0, negatives, fractions, NaN and ∞ are rejected). */
function checkDimension(name: string, value: number): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be an integer >= 1, got ${value}`);
  }
}

function checkCount(name: string, value: number): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name} must be an integer >= 0, got ${value}`);
  }
}

function checkFinite(name: string, value: number, min = -Infinity): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
    throw new RangeError(`${name} must be a finite number${min > -Infinity ? ` >= ${min}` : ""}, got ${value}`);
  }
}

function checkBeta(beta: number): void {
  if (typeof beta !== "number" || !(beta > 0)) throw new RangeError(`beta must be a number > 0 or Infinity, got ${beta}`);
}

/**
 * The depth stacks' bias shape: β_b > 0 or Infinity, and (with a bias,
 * biasStd > 0) a finite scale α = σ_b·√(Γ(1/β_b)/Γ(3/β_b)) > 0 — the scale
 * the kernel computes (asked of the kernel itself), which under- or
 * overflows only for extreme shapes. This file imports nothing from the
 * analytic side: worker threads load it, and the special-function library
 * would add ~0.1 s to each thread's start.
 */
function checkBiasBeta(k: Kernels, biasBeta: number, biasStd: number): void {
  if (typeof biasBeta !== "number" || !(biasBeta > 0)) {
    throw new RangeError(`biasBeta must be a number > 0 or Infinity, got ${biasBeta}`);
  }
  if (biasStd > 0 && biasBeta !== 2) checkBiasScale(k.raw.sgndScaleForStd(biasStd, biasBeta), biasStd, biasBeta);
}

/**
 * The weights' SGND scale α for an entry standard deviation `weightStd`
 * (finite > 0), or α = 1 when it is not given (the historic draws). The
 * draws at two scales are the same draws multiplied by the ratio of the
 * scales, so every rescaled quantity agrees up to rounding.
 */
function weightScale(k: Kernels, weightStd: number | undefined, beta: number): number {
  if (weightStd === undefined) return 1;
  if (typeof weightStd !== "number" || !(weightStd > 0) || !Number.isFinite(weightStd)) {
    throw new RangeError(`weightStd must be a finite number > 0, got ${weightStd}`);
  }
  const alpha = k.raw.sgndScaleForStd(weightStd, beta);
  if (!(alpha > 0) || !Number.isFinite(alpha)) throw new RangeError(`weightStd = ${weightStd} with beta = ${beta} gives the weight scale alpha = ${alpha}; it must be a finite number > 0`);
  return alpha;
}

/** Throws unless the bias scale α (computed by the caller for biasStd, biasBeta) is finite and > 0. */
export function checkBiasScale(alpha: number, biasStd: number, biasBeta: number): void {
  if (!(alpha > 0) || !Number.isFinite(alpha)) {
    throw new RangeError(`biasStd = ${biasStd} with biasBeta = ${biasBeta} gives the bias scale alpha = ${alpha}; it must be a finite number > 0`);
  }
}

function checkLength(name: string, array: ArrayLike<number>, expected: number, shape: string): void {
  if (!array || typeof array.length !== "number" || array.length !== expected) {
    throw new RangeError(`${name} must hold ${shape} = ${expected} values, got ${array?.length}`);
  }
}

/**
 * Throws when the blocks `blocksFor(value)` (doubles each, as the call
 * allocates them) cannot fit in Wasm memory — in all, or one of them in one
 * allocator block — naming `param` and the largest value that would fit
 * with the other sizes fixed. Each block must grow with the argument.
 * Callers check parameters in turn, holding the ones not yet checked at
 * their smallest values, so the first parameter that cannot fit is the one
 * named.
 */
function checkFitsFor(param: string, value: number, blocksFor: (v: number) => number[]): void {
  const why = Kernels.whyBlocksCannotFit(blocksFor(value));
  if (why === null) return;
  let lo = 0;
  let hi = value;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (Kernels.whyBlocksCannotFit(blocksFor(mid)) === null) lo = mid;
    else hi = mid;
  }
  throw new RangeError(`${param} = ${value} cannot fit in Wasm memory (it ${why}); the largest possible ${param} with the other sizes fixed is ${lo}`);
}

/** Zero a per-layer histogram block and set each layer's bin range (no-op without ranges). */
function resetHistogram(counts: F64Block, lo: F64Block, hi: F64Block, ranges: { lo: ArrayLike<number>; hi: ArrayLike<number> } | null | undefined): void {
  if (!ranges) return;
  counts.view.fill(0);
  lo.view.set(ranges.lo);
  hi.view.set(ranges.hi);
}

/** Allocate blocks, run `fn`, free them all (also on error). */
function withBlocks<T>(k: Kernels, lengths: number[], fn: (blocks: F64Block[]) => T): T {
  const blocks: F64Block[] = [];
  try {
    for (const n of lengths) blocks.push(k.allocF64(n));
    return fn(blocks);
  } finally {
    for (const b of blocks) b.free();
  }
}

// ---------------------------------------------------------------- products

/**
 * C = A·B for row-major A (m×kk) and B (kk×n): the blocked, register-tiled
 * kernel (bit-identical in the baseline and SIMD builds; the relaxed build
 * fuses multiply-adds). Domain: m, kk, n integers ≥ 1.
 */
export function matmul(k: Kernels, A: Float64Array, B: Float64Array, m: number, kk: number, n: number): Float64Array {
  checkDimension("m", m);
  checkDimension("k", kk);
  checkDimension("n", n);
  checkLength("A", A, m * kk, "m·k");
  checkLength("B", B, kk * n, "k·n");
  const raw = k.raw;
  const pack = (mm: number, nn: number, kc: number) => raw.gemmScratchDoubles(Math.min(mm, MAX_DOUBLES), Math.min(nn, MAX_DOUBLES), Math.min(kc, MAX_DOUBLES));
  checkFitsFor("m", m, (v) => [v, 1, v, pack(v, 1, 1)]);
  checkFitsFor("k", kk, (v) => [m * v, v, m, pack(m, 1, v)]);
  checkFitsFor("n", n, (v) => [m * kk, kk * v, m * v, pack(m, v, kk)]);
  return withBlocks(k, [m * kk, kk * n, m * n, raw.gemmScratchDoubles(m, n, kk)], ([a, b, c, s]) => {
    a.view.set(A);
    b.view.set(B);
    raw.gemm(a.ptr, b.ptr, c.ptr, m, kk, n, s.ptr);
    return c.view.slice();
  });
}

/** G = WᵀW (n×n) for row-major W (d×n). Domain: d, n integers ≥ 1. */
export function gram(k: Kernels, W: Float64Array, d: number, n: number): Float64Array {
  checkDimension("d", d);
  checkDimension("n", n);
  checkLength("W", W, d * n, "d·n");
  const raw = k.raw;
  checkFitsFor("d", d, (v) => [v, 1, raw.gramScratchDoubles(Math.min(v, MAX_DOUBLES), 1)]);
  checkFitsFor("n", n, (v) => [d * v, v * v, raw.gramScratchDoubles(d, Math.min(v, MAX_DOUBLES))]);
  return withBlocks(k, [d * n, n * n, raw.gramScratchDoubles(d, n)], ([w, g, s]) => {
    w.view.set(W);
    raw.gram(w.ptr, d, n, g.ptr, s.ptr);
    return g.view.slice();
  });
}

export interface Rescaled {
  /** W̄ = W · diag(t)^{-1/2} (d×n, row-major); zero columns stay zero. */
  scaled: Float64Array;
  /** t_i = Σ_j |G_ij| q_j / q_i (n values). */
  t: Float64Array;
}

/**
 * AOL rescaling of row-major W (d×n), or SLL rescaling with positive weights
 * `q` (n values; q ≡ 1 is AOL). Domain: d, n ≥ 1; q_i finite and > 0.
 */
export function rescaleAol(k: Kernels, W: Float64Array, d: number, n: number, q?: ArrayLike<number>): Rescaled {
  checkDimension("d", d);
  checkDimension("n", n);
  checkLength("W", W, d * n, "d·n");
  if (q !== undefined) {
    checkLength("q", q, n, "n");
    for (let i = 0; i < n; i++) {
      if (!(q[i] > 0) || !Number.isFinite(q[i])) throw new RangeError(`q[${i}] must be a finite number > 0, got ${q[i]}`);
    }
  }
  const raw = k.raw;
  checkFitsFor("d", d, (v) => [v, v, 1, 1, raw.rescaleScratchDoubles(Math.min(v, MAX_DOUBLES), 1)]);
  checkFitsFor("n", n, (v) => [d * v, d * v, v, v, raw.rescaleScratchDoubles(d, Math.min(v, MAX_DOUBLES))]);
  return withBlocks(k, [d * n, d * n, n, n, raw.rescaleScratchDoubles(d, n)], ([w, out, t, qb, s]) => {
    w.view.set(W);
    if (q !== undefined) qb.view.set(q);
    raw.rescale(w.ptr, d, n, q !== undefined ? qb.ptr : 0, out.ptr, t.ptr, s.ptr);
    return { scaled: out.view.slice(), t: t.view.slice() };
  });
}

// ---------------------------------------------------------------- histograms

/** A fixed-range histogram request: `bins` equal bins over [min, max). */
export interface HistogramSpec {
  min: number;
  max: number;
  bins: number;
}

/** Per-layer ranges: one number for every layer, or one per layer. */
export interface LayerHistogramSpec {
  min: number | readonly number[];
  max: number | readonly number[];
  bins: number;
}

/** Counts of a fixed-range histogram; values below `min` (and NaN) are `under`, at or above `max` are `over`. */
export interface HistogramCounts {
  min: number;
  max: number;
  counts: Float64Array;
  under: number;
  over: number;
}

/** Largest bin count accepted: far beyond any figure, small enough to keep the buffers trivial. */
const MAX_BINS = 1 << 24;

function checkBins(name: string, bins: number): void {
  if (typeof bins !== "number" || !Number.isInteger(bins) || bins < 1 || bins > MAX_BINS) {
    throw new RangeError(`${name} must be an integer in [1, ${MAX_BINS}], got ${bins}`);
  }
}

function checkRange(name: string, min: number, max: number): void {
  if (!Number.isFinite(min) || !Number.isFinite(max) || !(min < max)) {
    throw new RangeError(`${name} must be finite numbers with min < max, got [${min}, ${max})`);
  }
}

/** Resolve per-layer ranges (validated) for `count` layers or blocks. */
function layerRanges(spec: LayerHistogramSpec, count: number, option = "histogram"): { lo: number[]; hi: number[] } {
  checkBins(`${option}.bins`, spec.bins);
  const pick = (v: number | readonly number[], name: string): number[] => {
    if (typeof v === "number") return new Array<number>(count).fill(v);
    if (!Array.isArray(v) || v.length !== count) {
      throw new RangeError(`${option}.${name} must be a number or an array of ${count} numbers, got ${Array.isArray(v) ? `${v.length} numbers` : typeof v}`);
    }
    return v.slice();
  };
  const lo = pick(spec.min, "min");
  const hi = pick(spec.max, "max");
  for (let i = 0; i < count; i++) checkRange(`${option} range ${i}`, lo[i], hi[i]);
  return { lo, hi };
}

function readHistogram(view: Float64Array, bins: number, min: number, max: number): HistogramCounts {
  return { min, max, counts: view.slice(0, bins), under: view[bins], over: view[bins + 1] };
}

// ---------------------------------------------------------------- Monte Carlo chunk

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

/**
 * One Monte Carlo chunk of the rescaled-weight variance: `count` independent
 * d×n matrices with iid SGND(1, β) entries from stream `stream` of `seed`,
 * AOL (qStd = 0) or SLL rescaled, one record per matrix. Domain: d, n ≥ 1,
 * β > 0 or Infinity, qStd finite ≥ 0, count ≥ 0.
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
    raw.varianceChunk(
      d, n, alpha, beta, qStd, count,
      records.ptr,
      h ? hist.ptr : 0, h ? h.bins : 0, h ? h.min : 0, h ? h.max : 1,
      keep ? keepW.ptr : 0, keep ? keepQ.ptr : 0,
      scratch.ptr,
    );
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

// ---------------------------------------------------------------- depth: feed-forward stack

/** Doubles per layer record (assembly/decay.ts). */
export const LAYER_RECORD = 6;

export interface ForwardBackwardOptions {
  /** Widths w_0..w_L (L ≥ 1 layers; layer l maps w_{l−1} inputs to w_l outputs). */
  widths: readonly number[];
  /** Inputs per call (N ≥ 1). */
  batch: number;
  /** SGND shape of the weights, > 0 or Infinity. */
  beta: number;
  /** Standard deviation of the raw weights (finite > 0); default: the scale α = 1. W̄ does not depend on it. */
  weightStd?: number;
  /**
   * Which Gram rescales W_l (d_l×n_l): "column" (default; W̄ = W diag(t)^{-1/2},
   * t from WᵀW — AOL as in Prach & Lampert) or "row" (W̄ = diag(t)^{-1/2} W, t
   * from WWᵀ — the author's feed-forward SLL layer on an out×in weight).
   */
  gram?: GramConvention;
  /** Bias b_l per unit with variance biasStd², shared by the batch; 0 (default): no bias. */
  biasStd?: number;
  /**
   * SGND shape of the bias, > 0 or Infinity (default 2: N(0, biasStd²); 1:
   * Laplace; Infinity: uniform on [−√3·biasStd, √3·biasStd]). The scale is
   * set so that Var[b] = biasStd² for every shape.
   */
  biasBeta?: number;
  /** SLL weights θ_i ~ N(0, qStd²) per layer; 0 (default): AOL. */
  qStd?: number;
  /** Loss = Σ ReLU(y_L) instead of Σ y_L (default false). */
  reluOnOutput?: boolean;
  /** Every layer uses layer 1's W and b (square widths only), as the author's gradient experiment does (default false). */
  tied?: boolean;
  /** The inputs x_0 (batch·w_0, sample-major); default: drawn N(0, 1) from the stream first. */
  inputs?: Float64Array;
  seed: bigint | number;
  stream?: number;
  /** Histogram of y_l per layer (ranges per layer, since the variance decays with depth). */
  histogram?: LayerHistogramSpec;
  /** Histogram of ∂loss/∂y_l per layer (ranges per layer: the gradient shrinks towards the input). */
  gradHistogram?: LayerHistogramSpec;
  /** Also return the inputs and the raw weights, q and biases of every layer (for checks at small sizes). */
  keepWeights?: boolean;
}

export interface LayerStatistics {
  /** 1-based layer index. */
  layer: number;
  /** Outputs d_l and inputs n_l of the layer. */
  d: number;
  n: number;
  /** Mean of y_l over batch and units. */
  mean: number;
  /** Mean of y_l² over batch and units: Var[y_l] of MATH.md §4 (y is zero-mean in expectation). */
  variance: number;
  /** Mean of x_l² = ReLU(y_l)² (≈ variance/2). */
  activationMeanSquare: number;
  /** Mean of (∂loss/∂y_l)² (1 at the last layer without reluOnOutput). */
  gradOutputMeanSquare: number;
  /** Mean of (∂loss/∂x_{l−1})²: G_{l−1} of src/analytic/decay.ts, shrinking by (d_l/2)·Var[w̄] per layer. */
  gradInputMeanSquare: number;
  /** Mean of w̄² over this layer's entries: this draw's Var[w̄]. */
  weightMeanSquare: number;
  hist?: HistogramCounts;
  /** Histogram of ∂loss/∂y_l, when `gradHistogram` was requested. */
  gradHist?: HistogramCounts;
}

export interface StackWeights {
  /** Raw weight matrices (before rescaling), row-major, one per layer or block. */
  W: Float64Array[];
  /** SLL weights q (1 for AOL). */
  q: Float64Array[];
  /** Biases (0 without bias). */
  bias: Float64Array[];
  /** The inputs x_0 the pass used (batch·w_0, sample-major). */
  inputs: Float64Array;
}

export interface ForwardBackwardResult {
  /** Mean and mean square of the inputs x_0. */
  input: { mean: number; meanSquare: number };
  layers: LayerStatistics[];
  weights?: StackWeights;
}

/** Which Gram rescales a feed-forward weight: its columns' (AOL, Prach & Lampert) or its rows' (the author's SLL layer). */
export type GramConvention = "column" | "row";

/** The Gram convention, "column" when not given; RangeError for anything else. */
export function checkGram(gram: unknown): GramConvention {
  if (gram === undefined) return "column";
  if (gram !== "column" && gram !== "row") throw new RangeError(`gram must be "column" or "row", got ${String(gram)}`);
  return gram;
}

function checkWidths(widths: readonly number[], name: string): void {
  if (!Array.isArray(widths) || widths.length < 2) {
    throw new RangeError(`${name} must be an array of at least 2 widths (w_0..w_L), got ${Array.isArray(widths) ? widths.length : typeof widths}`);
  }
  widths.forEach((w, i) => checkDimension(`${name}[${i}]`, w));
}

function checkInputs(inputs: Float64Array | undefined, expected: number, shape: string): void {
  if (inputs === undefined) return;
  if (!(inputs instanceof Float64Array)) throw new RangeError(`inputs must be a Float64Array of ${shape} values`);
  checkLength("inputs", inputs, expected, shape);
}

/** Split a flat array into consecutive pieces of the given lengths. */
function split(flat: Float64Array, lengths: number[]): Float64Array[] {
  const out: Float64Array[] = [];
  let at = 0;
  for (const len of lengths) {
    out.push(flat.slice(at, at + len));
    at += len;
  }
  return out;
}

/**
 * One random feed-forward AOL/SLL network with `batch` inputs: forward
 * statistics and histograms per layer, then the backward pass of
 * loss = Σ y_L. Draw order: inputs (unless given), then per layer W, θ, b
 * (assembly/decay.ts). Domain: widths integers ≥ 1, batch ≥ 1, β > 0 or
 * Infinity, biasStd and qStd finite ≥ 0, biasBeta > 0 or Infinity.
 */
export function forwardBackward(k: Kernels, options: ForwardBackwardOptions): ForwardBackwardResult {
  const { widths, batch, beta } = requireConfig(options, "options");
  const biasStd = options.biasStd ?? 0;
  const biasBeta = options.biasBeta ?? 2;
  const qStd = options.qStd ?? 0;
  checkWidths(widths, "widths");
  checkDimension("batch", batch);
  checkBeta(beta);
  checkFinite("biasStd", biasStd, 0);
  checkBiasBeta(k, biasBeta, biasStd);
  checkFinite("qStd", qStd, 0);
  const alpha = weightScale(k, options.weightStd, beta);
  const rowGram = checkGram(options.gram) === "row";
  const tied = options.tied === true;
  const L = widths.length - 1;
  if (tied && widths.some((w) => w !== widths[0])) throw new RangeError(`tied weights need equal widths (one square W for every layer), got ${widths.join(",")}`);
  checkInputs(options.inputs, batch * widths[0], "batch·widths[0]");
  const ranges = options.histogram ? layerRanges(options.histogram, L) : undefined;
  const bins = options.histogram?.bins ?? 0;
  const gradRanges = options.gradHistogram ? layerRanges(options.gradHistogram, L, "gradHistogram") : undefined;
  const gradBins = options.gradHistogram?.bins ?? 0;
  const keep = options.keepWeights === true;
  const raw = k.raw;
  if (raw.LAYER_RECORD.value !== LAYER_RECORD) throw new Error("lipvar: Wasm record layout differs from the wrapper (rebuild the Wasm module)");

  const layerShapes = widths.slice(1).map((d, i) => ({ d, n: widths[i] }));
  // The blocks the call allocates (the `lengths` below), for widths `ws` and batch n.
  const sizeOf = (ws: readonly number[], n: number): number[] =>
    k.withF64(ws.length, (wb) => {
      if (ws.some((w) => w > MAX_DOUBLES) || n > MAX_DOUBLES) return [Infinity];
      wb.view.set(ws);
      const dn = ws.slice(1).reduce((s, d, i) => s + d * ws[i], 0);
      const sumD = ws.slice(1).reduce((s, d) => s + d, 0);
      const sumN = ws.slice(0, -1).reduce((s, w) => s + w, 0);
      const layers = ws.length - 1;
      return [
        raw.forwardBackwardScratchDoubles(wb.ptr, layers, n, rowGram ? 1 : 0, tied ? 1 : 0), layers * (LAYER_RECORD + bins + 4 + (gradRanges ? gradBins + 4 : 0)),
        n * ws[0], keep ? dn : 0, keep ? (rowGram ? sumD : sumN) : 0, keep ? sumD : 0, keep ? n * ws[0] : 0,
      ];
    });
  if (widths.every((w) => w === widths[0])) {
    // A square stack: name the depth (at width 1), then the common width.
    checkFitsFor("depth", L, (v) => sizeOf(new Array<number>(v + 1).fill(1), 1));
    checkFitsFor("width (every layer)", widths[0], (v) => sizeOf(new Array<number>(L + 1).fill(v), 1));
  } else {
    // In turn, the widths after the one checked held at 1.
    widths.forEach((w, j) => checkFitsFor(`widths[${j}]`, w, (v) => sizeOf(widths.map((x, i) => (i < j ? x : i === j ? v : 1)), 1)));
  }
  checkFitsFor("batch", batch, (v) => sizeOf(widths, v));

  const sumDN = layerShapes.reduce((s, l) => s + l.d * l.n, 0);
  const sumD = layerShapes.reduce((s, l) => s + l.d, 0);
  const sumN = layerShapes.reduce((s, l) => s + l.n, 0);
  return k.withF64(widths.length, (wb) => {
    wb.view.set(widths);
    const scratchDoubles = raw.forwardBackwardScratchDoubles(wb.ptr, L, batch, rowGram ? 1 : 0, tied ? 1 : 0);
    const lengths = [
      scratchDoubles, L * LAYER_RECORD, 2,
      ranges ? L * (bins + 2) : 0, L, L,
      options.inputs ? options.inputs.length : 0,
      keep ? sumDN : 0, keep ? (rowGram ? sumD : sumN) : 0, keep ? sumD : 0, keep ? batch * widths[0] : 0,
      gradRanges ? L * (gradBins + 2) : 0, L, L,
    ];
    return withBlocks(k, lengths, ([scratch, records, inputStats, hist, histLo, histHi, x0, keepW, keepQ, keepB, keepX, gradHist, gradLo, gradHi]) => {
      resetHistogram(hist, histLo, histHi, ranges);
      resetHistogram(gradHist, gradLo, gradHi, gradRanges);
      if (options.inputs) x0.view.set(options.inputs);
      k.seed({ seed: options.seed, stream: options.stream ?? 0 });
      raw.forwardBackward(
        wb.ptr, L, batch, alpha, beta, biasStd, biasBeta, qStd, options.reluOnOutput ? 1 : 0, rowGram ? 1 : 0, tied ? 1 : 0,
        options.inputs ? x0.ptr : 0,
        records.ptr, inputStats.ptr,
        ranges ? hist.ptr : 0, bins, histLo.ptr, histHi.ptr,
        gradRanges ? gradHist.ptr : 0, gradBins, gradLo.ptr, gradHi.ptr,
        keep ? keepW.ptr : 0, keep ? keepQ.ptr : 0, keep ? keepB.ptr : 0, keep ? keepX.ptr : 0,
        scratch.ptr,
      );
      const rec = records.view;
      const histView = ranges ? hist.view : undefined;
      const layers: LayerStatistics[] = layerShapes.map(({ d, n }, i) => {
        const r = rec.subarray(i * LAYER_RECORD, (i + 1) * LAYER_RECORD);
        const stats: LayerStatistics = {
          layer: i + 1, d, n,
          mean: r[0], variance: r[1], activationMeanSquare: r[2],
          gradOutputMeanSquare: r[3], gradInputMeanSquare: r[4], weightMeanSquare: r[5],
        };
        if (histView && ranges) stats.hist = readHistogram(histView.subarray(i * (bins + 2), (i + 1) * (bins + 2)), bins, ranges.lo[i], ranges.hi[i]);
        if (gradRanges) stats.gradHist = readHistogram(gradHist.view.subarray(i * (gradBins + 2), (i + 1) * (gradBins + 2)), gradBins, gradRanges.lo[i], gradRanges.hi[i]);
        return stats;
      });
      const s = inputStats.view;
      const result: ForwardBackwardResult = { input: { mean: s[0], meanSquare: s[1] }, layers };
      if (keep) {
        result.weights = {
          W: split(keepW.view, layerShapes.map((l) => l.d * l.n)),
          q: split(keepQ.view, layerShapes.map((l) => (rowGram ? l.d : l.n))),
          bias: split(keepB.view, layerShapes.map((l) => l.d)),
          inputs: keepX.view.slice(),
        };
      }
      return result;
    });
  });
}

// ---------------------------------------------------------------- depth: SLL residual stack

/** Doubles per residual block record (assembly/residual.ts). */
export const RESIDUAL_RECORD = 4;

export interface ResidualStackOptions {
  /** Width m of the residual stream (≥ 1). */
  width: number;
  /** Inner width k: rows of P ∈ R^{k×m} (≥ 1). */
  inner: number;
  /** Number of blocks (≥ 1). */
  blocks: number;
  batch: number;
  beta: number;
  /** Standard deviation of the entries of P (finite > 0); default: the scale α = 1. The block does not depend on it. */
  weightStd?: number;
  /** Bias b per inner unit with variance biasStd², shared by the batch; default 0. */
  biasStd?: number;
  /** SGND shape of the bias, > 0 or Infinity (default 2: normal; 1: Laplace; Infinity: uniform); Var[b] = biasStd². */
  biasBeta?: number;
  /** SLL weights θ_i ~ N(0, qStd²) per inner unit; default 0 (q ≡ 1). */
  qStd?: number;
  /** x_0 (batch·width, sample-major); default: drawn N(0, 1) first. */
  inputs?: Float64Array;
  seed: bigint | number;
  stream?: number;
  /** Histogram of each block's output (per-block or shared ranges). */
  histogram?: LayerHistogramSpec;
  /** Also return the inputs and every block's P, q and b. */
  keepWeights?: boolean;
}

export interface BlockStatistics {
  /** 1-based block index. */
  block: number;
  /** Mean of the block output over batch and units. */
  mean: number;
  /** Mean of the output squared (its variance for zero-mean outputs). */
  meanSquare: number;
  /** Mean of (P x + b)² over batch and inner units. */
  preactivationMeanSquare: number;
  /** Mean of (2 Pᵀ diag(s)^{-1} ReLU(P x + b))²: what the block subtracts. */
  branchMeanSquare: number;
  hist?: HistogramCounts;
}

export interface ResidualStackResult {
  input: { mean: number; meanSquare: number };
  blocks: BlockStatistics[];
  /** W holds each block's P (inner×width). */
  weights?: StackWeights;
}

/**
 * A stack of SLL residual blocks h(x) = x − 2 Pᵀ diag(s)^{-1} ReLU(P x + b)
 * with iid SGND(β) P, forward statistics per block. Draw order: inputs
 * (unless given), then per block P, θ, b (assembly/residual.ts). Domain:
 * width, inner, blocks, batch integers ≥ 1; β and biasBeta > 0 or
 * Infinity; biasStd, qStd finite ≥ 0.
 */
export function residualStack(k: Kernels, options: ResidualStackOptions): ResidualStackResult {
  const { width, inner, blocks, batch, beta } = requireConfig(options, "options");
  const biasStd = options.biasStd ?? 0;
  const biasBeta = options.biasBeta ?? 2;
  const qStd = options.qStd ?? 0;
  checkDimension("width", width);
  checkDimension("inner", inner);
  checkDimension("blocks", blocks);
  checkDimension("batch", batch);
  checkBeta(beta);
  checkFinite("biasStd", biasStd, 0);
  checkBiasBeta(k, biasBeta, biasStd);
  checkFinite("qStd", qStd, 0);
  const alpha = weightScale(k, options.weightStd, beta);
  checkInputs(options.inputs, batch * width, "batch·width");
  const ranges = options.histogram ? layerRanges(options.histogram, blocks) : undefined;
  const bins = options.histogram?.bins ?? 0;
  const keep = options.keepWeights === true;
  const raw = k.raw;
  if (raw.RESIDUAL_RECORD.value !== RESIDUAL_RECORD) throw new Error("lipvar: Wasm record layout differs from the wrapper (rebuild the Wasm module)");

  // The blocks the call allocates (the `lengths` below).
  const sizeOf = (m: number, kk: number, nb: number, n: number): number[] =>
    m > MAX_DOUBLES || kk > MAX_DOUBLES || n > MAX_DOUBLES || nb > MAX_DOUBLES
      ? [Infinity]
      : [raw.residualScratchDoubles(m, kk, n), nb * (RESIDUAL_RECORD + bins + 4), n * m, keep ? nb * kk * m : 0, keep ? nb * kk : 0, keep ? nb * kk : 0, keep ? n * m : 0];
  checkFitsFor("width", width, (v) => sizeOf(v, 1, 1, 1));
  checkFitsFor("inner", inner, (v) => sizeOf(width, v, 1, 1));
  checkFitsFor("blocks", blocks, (v) => sizeOf(width, inner, v, 1));
  checkFitsFor("batch", batch, (v) => sizeOf(width, inner, blocks, v));

  const lengths = [
    raw.residualScratchDoubles(width, inner, batch), blocks * RESIDUAL_RECORD, 2,
    ranges ? blocks * (bins + 2) : 0, blocks, blocks,
    options.inputs ? options.inputs.length : 0,
    keep ? blocks * inner * width : 0, keep ? blocks * inner : 0, keep ? blocks * inner : 0, keep ? batch * width : 0,
  ];
  return withBlocks(k, lengths, ([scratch, records, inputStats, hist, histLo, histHi, x0, keepP, keepQ, keepB, keepX]) => {
    resetHistogram(hist, histLo, histHi, ranges);
    if (options.inputs) x0.view.set(options.inputs);
    k.seed({ seed: options.seed, stream: options.stream ?? 0 });
    raw.residualStack(
      width, inner, blocks, batch, alpha, beta, biasStd, biasBeta, qStd,
      options.inputs ? x0.ptr : 0,
      records.ptr, inputStats.ptr,
      ranges ? hist.ptr : 0, bins, histLo.ptr, histHi.ptr,
      keep ? keepP.ptr : 0, keep ? keepQ.ptr : 0, keep ? keepB.ptr : 0, keep ? keepX.ptr : 0,
      scratch.ptr,
    );
    const rec = records.view;
    const histView = ranges ? hist.view : undefined;
    const out: BlockStatistics[] = [];
    for (let i = 0; i < blocks; i++) {
      const r = rec.subarray(i * RESIDUAL_RECORD, (i + 1) * RESIDUAL_RECORD);
      const stats: BlockStatistics = { block: i + 1, mean: r[0], meanSquare: r[1], preactivationMeanSquare: r[2], branchMeanSquare: r[3] };
      if (histView && ranges) stats.hist = readHistogram(histView.subarray(i * (bins + 2), (i + 1) * (bins + 2)), bins, ranges.lo[i], ranges.hi[i]);
      out.push(stats);
    }
    const s = inputStats.view;
    const result: ResidualStackResult = { input: { mean: s[0], meanSquare: s[1] }, blocks: out };
    if (keep) {
      const lens = (len: number) => new Array<number>(blocks).fill(len);
      result.weights = {
        W: split(keepP.view, lens(inner * width)),
        q: split(keepQ.view, lens(inner)),
        bias: split(keepB.view, lens(inner)),
        inputs: keepX.view.slice(),
      };
    }
    return result;
  });
}

// ---------------------------------------------------------------- Gaussian-coupled Monte Carlo chunk

/** Doubles per coupled record (assembly/coupled.ts): [Yw, Aw, Bw, A2w, Cw, Yz, Az, Bz, A2z, Cz, E]. */
export const COUPLED_RECORD = 40;
/** Record index of the first of the 29 cross-projection controls X(a, t) (assembly/coupled.ts). */
export const COUPLED_CROSS_FIRST = 11;

export interface CoupledChunkOptions {
  /** Rows (d ≥ 1) and columns (n ≥ 1) of W. */
  d: number;
  n: number;
  /** SLL: n positive finite weights, fixed for every matrix; null or absent for AOL. */
  q?: ArrayLike<number> | null;
  /**
   * The coupling table of T_β = F_β⁻¹∘Φ (`couplingTable(beta)` from the
   * analytic side), or null for the identity (β = 2: W = Z).
   */
  table: Float64Array | null;
  /** κ = 1/(d·E W²), the scale of ‖w_i‖² in the cross-projection controls (finite > 0). */
  kappa: number;
  /** Matrices in this chunk (≥ 0). */
  count: number;
  seed: bigint | number;
  stream?: number;
}

function checkCouplingLayout(k: Kernels, table: Float64Array | null): void {
  const raw = k.raw;
  if (raw.COUPLED_RECORD.value !== COUPLED_RECORD || raw.COUPLED_CROSS_FIRST.value !== COUPLED_CROSS_FIRST) throw new Error("lipvar: Wasm record layout differs from the wrapper (rebuild the Wasm module)");
  if (table !== null) {
    if (!(table instanceof Float64Array)) throw new RangeError("table must be a Float64Array from couplingTable(beta), or null");
    checkLength("table", table, raw.couplingTableDoubles(), "couplingTableDoubles()");
  }
}

/**
 * One chunk of the Gaussian-coupled Monte Carlo (assembly/coupled.ts): `count`
 * pairs (Z, W = T(Z)) of d×n matrices from stream `stream` of `seed`, both
 * AOL or SLL (fixed q) rescaled; returns the count·COUPLED_RECORD records.
 */
export function coupledVarianceChunk(k: Kernels, options: CoupledChunkOptions): Float64Array {
  const { d, n, count, table } = options;
  checkDimension("d", d);
  checkDimension("n", n);
  checkCount("count", count);
  const q = options.q ?? null;
  if (q !== null) {
    checkLength("q", q, n, "n");
    for (let i = 0; i < n; i++) checkFinite(`q[${i}]`, q[i], Number.MIN_VALUE);
  }
  checkCouplingLayout(k, table);
  checkFinite("kappa", options.kappa, Number.MIN_VALUE);
  const raw = k.raw;
  const tableDoubles = table ? table.length : 0;
  const doublesFor = (dd: number, nn: number, cc: number) =>
    dd > MAX_DOUBLES || nn > MAX_DOUBLES ? [Infinity] : [COUPLED_RECORD * cc, raw.coupledScratchDoubles(dd, nn), tableDoubles, nn];
  checkFitsFor("d", d, (v) => doublesFor(v, 1, 0));
  checkFitsFor("n", n, (v) => doublesFor(d, v, 0));
  checkFitsFor("count", count, (v) => doublesFor(d, n, v));
  return withBlocks(k, [COUPLED_RECORD * count, raw.coupledScratchDoubles(d, n), tableDoubles, q ? n : 0], ([records, scratch, tab, qb]) => {
    if (table) tab.view.set(table);
    if (q) qb.view.set(Array.from(q));
    k.seed({ seed: options.seed, stream: options.stream ?? 0 });
    raw.coupledVarianceChunk(d, n, q ? qb.ptr : 0, table ? tab.ptr : 0, options.kappa, count, records.ptr, scratch.ptr);
    return records.view.slice();
  });
}

/** T(z) for each z as the kernel evaluates it from `table` (null: the identity); for accuracy checks. */
export function coupleValues(k: Kernels, table: Float64Array | null, z: ArrayLike<number>): Float64Array {
  checkCouplingLayout(k, table);
  if (table === null) return Float64Array.from(z);
  return withBlocks(k, [z.length, table.length, z.length], ([zb, tab, out]) => {
    zb.view.set(Array.from(z));
    tab.view.set(table);
    k.raw.coupleValues(zb.ptr, z.length, tab.ptr, out.ptr);
    return out.view.slice();
  });
}
