/**
 * Plain-TypeScript references for the Lipschitz kernel tests: straight
 * textbook loops with no blocking, written independently of assembly/, and a
 * small seeded generator for test matrices (not the library's RNG).
 */
import { detectFeatures } from "../../src/wasm/features.js";
import type { BuildName } from "../../src/wasm/loader.js";

/** The builds this engine runs, decided at run time: relaxed only where the engine accepts it. */
export function runnableBuilds(): BuildName[] {
  return detectFeatures().relaxedSimd ? ["baseline", "simd", "relaxed"] : ["baseline", "simd"];
}

/** Mulberry32: a tiny seeded generator for test inputs. */
export function testRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A matrix with entries uniform on (−1, 1). */
export function randomMatrix(rows: number, cols: number, seed: number): Float64Array {
  const r = testRandom(seed);
  const m = new Float64Array(rows * cols);
  for (let i = 0; i < m.length; i++) m[i] = 2 * r() - 1;
  return m;
}

/** C = A·B and |A|·|B| (the scale of each element's rounding error). */
export function referenceMatmul(A: Float64Array, B: Float64Array, m: number, k: number, n: number) {
  const C = new Float64Array(m * n);
  const scale = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let a = 0;
      for (let p = 0; p < k; p++) {
        s += A[i * k + p] * B[p * n + j];
        a += Math.abs(A[i * k + p] * B[p * n + j]);
      }
      C[i * n + j] = s;
      scale[i * n + j] = a;
    }
  }
  return { C, scale };
}

/** G = WᵀW for row-major W (d×n), with Σ_k |w_ki w_kj| as the error scale. */
export function referenceGram(W: Float64Array, d: number, n: number) {
  const G = new Float64Array(n * n);
  const scale = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let a = 0;
      for (let k = 0; k < d; k++) {
        s += W[k * n + i] * W[k * n + j];
        a += Math.abs(W[k * n + i] * W[k * n + j]);
      }
      G[i * n + j] = s;
      scale[i * n + j] = a;
    }
  }
  return { G, scale };
}

/** AOL/SLL: t_i = Σ_j |G_ij| q_j/q_i, W̄ = W diag(t)^{-1/2} with 0 for t = 0. */
export function referenceRescale(W: Float64Array, d: number, n: number, q?: ArrayLike<number>) {
  const { G } = referenceGram(W, d, n);
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += Math.abs(G[i * n + j]) * (q ? q[j] / q[i] : 1);
    t[i] = s;
  }
  const scaled = new Float64Array(d * n);
  for (let k = 0; k < d; k++) for (let i = 0; i < n; i++) scaled[k * n + i] = t[i] === 0 ? 0 : W[k * n + i] / Math.sqrt(t[i]);
  return { t, scaled };
}

/** Largest |x_i − y_i| / scale_i (scale_i = 0 requires equality). */
export function maxScaledError(x: ArrayLike<number>, y: ArrayLike<number>, scale: ArrayLike<number> | number): number {
  let worst = 0;
  for (let i = 0; i < x.length; i++) {
    const s = typeof scale === "number" ? scale : scale[i];
    const e = Math.abs(x[i] - y[i]);
    if (Number.isNaN(e)) return NaN;
    worst = Math.max(worst, s === 0 ? (e === 0 ? 0 : Infinity) : e / s);
  }
  return worst;
}
