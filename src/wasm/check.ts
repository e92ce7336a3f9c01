/**
 * Argument checks and buffer helpers shared by the typed kernel wrappers
 * (src/wasm/gram.ts, mcvariance.ts, decay.ts, residual.ts, coupled.ts):
 * RangeErrors naming the parameter and the accepted range, sizes that cannot
 * fit in Wasm memory named with the largest possible value, and blocks freed
 * also on error. Internal: not part of the public API.
 */
import { Kernels, MAX_WASM_BYTES, type F64Block } from "./kernels.js";

export const MAX_DOUBLES = Math.floor(MAX_WASM_BYTES / 8);

/** An integer dimension ≥ 1 (0, negatives, fractions, NaN and ∞ are rejected). */
export function checkDimension(name: string, value: number): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be an integer >= 1, got ${value}`);
  }
}

export function checkCount(name: string, value: number): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name} must be an integer >= 0, got ${value}`);
  }
}

export function checkFinite(name: string, value: number, min = -Infinity): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
    throw new RangeError(`${name} must be a finite number${min > -Infinity ? ` >= ${min}` : ""}, got ${value}`);
  }
}

export function checkBeta(beta: number): void {
  if (typeof beta !== "number" || !(beta > 0)) throw new RangeError(`beta must be a number > 0 or Infinity, got ${beta}`);
}

/**
 * The depth stacks' bias shape: β_b > 0 or Infinity, and (with a bias,
 * biasStd > 0) a finite scale α = σ_b·√(Γ(1/β_b)/Γ(3/β_b)) > 0 — the scale
 * the kernel computes (asked of the kernel itself), which under- or
 * overflows only for extreme shapes. These wrappers import nothing from the
 * analytic side: worker threads load it, and the special-function library
 * would add ~0.1 s to each thread's start.
 */
export function checkBiasBeta(k: Kernels, biasBeta: number, biasStd: number): void {
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
export function weightScale(k: Kernels, weightStd: number | undefined, beta: number): number {
  if (weightStd === undefined) return 1;
  if (typeof weightStd !== "number" || !(weightStd > 0) || !Number.isFinite(weightStd)) {
    throw new RangeError(`weightStd must be a finite number > 0, got ${weightStd}`);
  }
  const alpha = k.raw.sgndScaleForStd(weightStd, beta);
  if (!(alpha > 0) || !Number.isFinite(alpha)) throw new RangeError(`weightStd = ${weightStd} with beta = ${beta} gives the weight scale alpha = ${alpha}; it must be a finite number > 0`);
  return alpha;
}

/**
 * The shape parameters the depth stacks share (forwardBackward,
 * residualStack), defaults filled and checked in this order: β, biasStd
 * (finite ≥ 0, default 0), biasBeta (default 2: normal), qStd (finite ≥ 0,
 * default 0), and the weights' scale α for `weightStd`.
 */
export function stackParameters(
  k: Kernels,
  options: { beta: number; biasStd?: number; biasBeta?: number; qStd?: number; weightStd?: number },
): { alpha: number; biasStd: number; biasBeta: number; qStd: number } {
  const biasStd = options.biasStd ?? 0;
  const biasBeta = options.biasBeta ?? 2;
  const qStd = options.qStd ?? 0;
  checkBeta(options.beta);
  checkFinite("biasStd", biasStd, 0);
  checkBiasBeta(k, biasBeta, biasStd);
  checkFinite("qStd", qStd, 0);
  return { alpha: weightScale(k, options.weightStd, options.beta), biasStd, biasBeta, qStd };
}

/** Throws unless the bias scale α (computed by the caller for biasStd, biasBeta) is finite and > 0. */
export function checkBiasScale(alpha: number, biasStd: number, biasBeta: number): void {
  if (!(alpha > 0) || !Number.isFinite(alpha)) {
    throw new RangeError(`biasStd = ${biasStd} with biasBeta = ${biasBeta} gives the bias scale alpha = ${alpha}; it must be a finite number > 0`);
  }
}

export function checkLength(name: string, array: ArrayLike<number>, expected: number, shape: string): void {
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
export function checkFitsFor(param: string, value: number, blocksFor: (v: number) => number[]): void {
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
export function resetHistogram(counts: F64Block, lo: F64Block, hi: F64Block, ranges: { lo: ArrayLike<number>; hi: ArrayLike<number> } | null | undefined): void {
  if (!ranges) return;
  counts.view.fill(0);
  lo.view.set(ranges.lo);
  hi.view.set(ranges.hi);
}

/** Allocate blocks, run `fn`, free them all (also on error). */
export function withBlocks<T>(k: Kernels, lengths: number[], fn: (blocks: F64Block[]) => T): T {
  const blocks: F64Block[] = [];
  try {
    for (const n of lengths) blocks.push(k.allocF64(n));
    return fn(blocks);
  } finally {
    for (const b of blocks) b.free();
  }
}

/** `inputs`, when given, must be a Float64Array of `expected` values. */
export function checkInputs(inputs: Float64Array | undefined, expected: number, shape: string): void {
  if (inputs === undefined) return;
  if (!(inputs instanceof Float64Array)) throw new RangeError(`inputs must be a Float64Array of ${shape} values`);
  checkLength("inputs", inputs, expected, shape);
}

/** Split a flat array into consecutive pieces of the given lengths. */
export function split(flat: Float64Array, lengths: number[]): Float64Array[] {
  const out: Float64Array[] = [];
  let at = 0;
  for (const len of lengths) {
    out.push(flat.slice(at, at + len));
    at += len;
  }
  return out;
}
