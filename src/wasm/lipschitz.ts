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

function checkLength(name: string, array: ArrayLike<number>, expected: number, shape: string): void {
  if (!array || typeof array.length !== "number" || array.length !== expected) {
    throw new RangeError(`${name} must hold ${shape} = ${expected} values, got ${array?.length}`);
  }
}

/**
 * Throws when `doublesFor(value)` doubles cannot fit in Wasm memory, naming
 * `param` and the largest value that would fit with the other sizes fixed.
 * `doublesFor` must increase with its argument.
 */
function checkFitsFor(param: string, value: number, doublesFor: (v: number) => number): void {
  try {
    Kernels.checkFits(doublesFor(value), `memory for ${param}`);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    let lo = 0;
    let hi = value;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (doublesFor(mid) <= MAX_DOUBLES) lo = mid;
      else hi = mid;
    }
    throw new RangeError(
      `${param} = ${value} cannot fit in Wasm memory (${e.message}); the largest possible ${param} with the other sizes fixed is ${lo}`,
    );
  }
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
  checkFitsFor("n", n, (v) => m * kk + kk * v + m * v + raw.gemmScratchDoubles(m, v, kk));
  checkFitsFor("m", m, (v) => v * kk + kk * n + v * n + raw.gemmScratchDoubles(v, n, kk));
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
  checkFitsFor("n", n, (v) => d * v + v * v + raw.gramScratchDoubles(d, v));
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
  checkFitsFor("n", n, (v) => 2 * d * v + 2 * v + raw.rescaleScratchDoubles(d, v));
  return withBlocks(k, [d * n, d * n, n, n, raw.rescaleScratchDoubles(d, n)], ([w, out, t, qb, s]) => {
    w.view.set(W);
    if (q !== undefined) qb.view.set(q);
    raw.rescale(w.ptr, d, n, q !== undefined ? qb.ptr : 0, out.ptr, t.ptr, s.ptr);
    return { scaled: out.view.slice(), t: t.view.slice() };
  });
}
