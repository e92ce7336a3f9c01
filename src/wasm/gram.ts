/**
 * Typed wrappers for the matrix kernels (assembly/gemm.ts, gram.ts, aol.ts):
 * the product A·B, the Gram matrix WᵀW and AOL/SLL rescaling. Each takes a
 * `Kernels` instance, validates its arguments, copies plain arrays in and out
 * and frees the Wasm buffers it allocated. Matrices are row-major
 * Float64Arrays.
 */
import type { Kernels } from "./kernels.js";
import { MAX_DOUBLES, checkDimension, checkFitsFor, checkLength, withBlocks } from "./check.js";

/**
 * C = A·B for row-major A (m×kk) and B (kk×n): the blocked, register-tiled
 * kernel (bit-identical in the baseline and SIMD builds; the relaxed build
 * fuses multiply-adds). Domain: m, kk, n integers ≥ 1.
 * @param k - The kernels, from `await loadKernels()`.
 * @param A - m×kk, row-major.
 * @param B - kk×n, row-major.
 * @param m - Rows of A, an integer ≥ 1.
 * @param kk - Columns of A = rows of B, an integer ≥ 1.
 * @param n - Columns of B, an integer ≥ 1.
 * @returns C = A·B, m×n, row-major.
 * @throws RangeError naming a size, or A/B of the wrong length, or sizes that cannot fit in Wasm memory.
 * @example
 * ```ts
 * import { loadKernels, matmul } from "lipvar";
 * const C = matmul(await loadKernels(), Float64Array.of(1, 2, 3, 4), Float64Array.of(5, 6, 7, 8), 2, 2, 2);
 * Array.from(C); // returns [19, 22, 43, 50]
 * ```
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

/**
 * G = WᵀW (n×n) for row-major W (d×n). Domain: d, n integers ≥ 1.
 * @param k - The kernels, from `await loadKernels()`.
 * @param W - d×n, row-major.
 * @param d - Rows of W, an integer ≥ 1.
 * @param n - Columns of W, an integer ≥ 1.
 * @returns WᵀW, n×n, row-major.
 * @throws RangeError naming a size or W of the wrong length.
 * @example
 * ```ts
 * import { loadKernels, gram } from "lipvar";
 * Array.from(gram(await loadKernels(), Float64Array.of(1, 2, 3, 4, 5, 6), 2, 3)); // returns [17, 22, 27, 22, 29, 36, 27, 36, 45]
 * ```
 */
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
 * @param k - The kernels, from `await loadKernels()`.
 * @param W - d×n, row-major.
 * @param d - Rows of W, an integer ≥ 1.
 * @param n - Columns of W, an integer ≥ 1.
 * @param q - SLL weights (n positive finite values); absent for AOL.
 * @returns The rescaled W̄ and the column sums t.
 * @throws RangeError naming a size, W or q[i].
 * @example
 * ```ts
 * import { loadKernels, rescaleAol } from "lipvar";
 * const { scaled, t } = rescaleAol(await loadKernels(), Float64Array.of(3, 0, 4, 0), 2, 2);
 * Array.from(t); // returns [25, 0]
 * Array.from(scaled, (x) => Math.round(x * 1e12) / 1e12); // returns [0.6, 0, 0.8, 0]
 * ```
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
