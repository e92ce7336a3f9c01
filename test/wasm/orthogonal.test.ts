import { describe, expect, it } from "vitest";
import { fixture, kernels } from "../helpers.js";
import { orthogonalFromGaussian, orthogonalMatrix } from "../../src/wasm/orthogonal.js";
import { sampleNormal } from "../../src/wasm/sampling.js";
import { runnableBuilds } from "./lipschitz-reference.js";

interface Case {
  d: number;
  n: number;
  G: number[];
  W: number[];
}
const { cases } = fixture<{ cases: Case[] }>("orthogonal");

/** Largest |(WᵀW − I)_ij| when d ≥ n, |(WWᵀ − I)_ij| when d < n. */
function orthogonalityError(W: Float64Array, d: number, n: number): number {
  const tall = d >= n;
  const small = Math.min(d, n);
  let worst = 0;
  for (let a = 0; a < small; a++) {
    for (let b = 0; b < small; b++) {
      let s = 0;
      if (tall) for (let i = 0; i < d; i++) s += W[i * n + a] * W[i * n + b];
      else for (let j = 0; j < n; j++) s += W[a * n + j] * W[b * n + j];
      worst = Math.max(worst, Math.abs(s - (a === b ? 1 : 0)));
    }
  }
  return worst;
}

/** Mean and standard error of the mean of a sample. */
function meanSe(xs: number[]): { mean: number; se: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
  return { mean, se: Math.sqrt(v / xs.length) };
}

describe("orthogonalFromGaussian: the sign-corrected thin QR", () => {
  it.each(runnableBuilds())("equals LAPACK's factor with the sign fix (numpy, test/fixtures/orthogonal.json) within 1e-12 (%s build)", async (build) => {
    const k = await kernels(build);
    for (const c of cases) {
      const W = orthogonalFromGaussian(k, c.G, c.d, c.n);
      // Both sides are backward-stable Householder factorisations of the same
      // well-conditioned G: entries agree to a few ulps times the size.
      const err = Math.max(...Array.from(W, (w, i) => Math.abs(w - c.W[i])));
      expect(err, `${c.d}×${c.n}`).toBeLessThanOrEqual(1e-12);
    }
  });

  it("rejects bad shapes and values with the parameter's name", async () => {
    const k = await kernels();
    expect(() => orthogonalFromGaussian(k, [1, 2], 0, 2)).toThrow(/d must be an integer >= 1, got 0/);
    expect(() => orthogonalFromGaussian(k, [1, 2], 1, 1.5)).toThrow(/n must be an integer >= 1, got 1.5/);
    expect(() => orthogonalFromGaussian(k, [1, 2, 3], 1, 2)).toThrow(/G must hold d·n = 2 values, got 3/);
    expect(() => orthogonalFromGaussian(k, [1, NaN], 1, 2)).toThrow(/G\[1\] must be finite/);
    expect(() => orthogonalMatrix(k, { d: 1e6, n: 1e6, seed: 1 })).toThrow(/d·n = 1000000·1000000 cannot fit in Wasm memory/);
  });
});

describe("orthogonalMatrix: Haar matrices from the house's streams", () => {
  const shapes: [number, number][] = [[1, 1], [64, 64], [256, 64], [64, 256], [100, 100], [7, 300]];

  it.each(shapes)("%i×%i: orthonormal columns (d ≥ n) or rows (d < n) within 1e-12", async (d, n) => {
    const k = await kernels();
    expect(orthogonalityError(orthogonalMatrix(k, { d, n, seed: 5, stream: 3 }), d, n)).toBeLessThanOrEqual(1e-12);
  });

  it("is the factor of exactly the d·n normal draws of the same stream (the documented draw order)", async () => {
    const k = await kernels();
    for (const [d, n] of [[9, 4], [4, 9]]) {
      const G = sampleNormal(k, { count: d * n, seed: 11, stream: 2 });
      expect(Array.from(orthogonalMatrix(k, { d, n, seed: 11, stream: 2 }))).toEqual(Array.from(orthogonalFromGaussian(k, G, d, n)));
    }
  });

  it("gives bit-identical matrices in every build and instance (workers agree)", async () => {
    const builds = runnableBuilds();
    const ref = orthogonalMatrix(await kernels(builds[0]), { d: 33, n: 20, seed: 99n, stream: 7 });
    for (const b of builds.slice(1)) {
      const other = orthogonalMatrix(await kernels(b), { d: 33, n: 20, seed: 99n, stream: 7 });
      expect(Buffer.from(other.buffer).equals(Buffer.from(ref.buffer))).toBe(true);
    }
  });

  it("square d = 10: moments of tr Q and tr Q² are those of Haar O(10) (Diaconis–Shahshahani), within 4 SE", async () => {
    // For Haar Q ∈ O(d) and j ≤ d/2 (here up to 4 ≤ 5), E[(tr Q)^j] = E[Z^j] with
    // Z ~ N(0, 1): 0, 1, 0, 3; and E[tr Q²] = 1. Without the sign correction the
    // Householder Q has Q_11 < 0 always and E[tr Q] ≈ −2.2 at d = 10 (measured), which
    // the first assertion rejects by hundreds of SEs.
    const k = await kernels();
    const d = 10;
    const N = 20000;
    const t1: number[] = [];
    const t2: number[] = [];
    const q11: number[] = [];
    for (let s = 0; s < N; s++) {
      const Q = orthogonalMatrix(k, { d, n: d, seed: 2026, stream: s });
      let tr = 0;
      let trSq = 0;
      for (let i = 0; i < d; i++) {
        tr += Q[i * d + i];
        for (let j = 0; j < d; j++) trSq += Q[i * d + j] * Q[j * d + i];
      }
      t1.push(tr);
      t2.push(trSq);
      q11.push(Q[0]);
    }
    const m1 = meanSe(t1);
    const m2 = meanSe(t1.map((x) => x * x));
    const m3 = meanSe(t1.map((x) => x ** 3));
    const m4 = meanSe(t1.map((x) => x ** 4));
    const sq = meanSe(t2);
    expect(Math.abs(m1.mean - 0)).toBeLessThanOrEqual(4 * m1.se);
    expect(Math.abs(m2.mean - 1)).toBeLessThanOrEqual(4 * m2.se);
    expect(Math.abs(m3.mean - 0)).toBeLessThanOrEqual(4 * m3.se);
    expect(Math.abs(m4.mean - 3)).toBeLessThanOrEqual(4 * m4.se);
    expect(Math.abs(sq.mean - 1)).toBeLessThanOrEqual(4 * sq.se);
    // Q_11 is symmetric about 0 (the sign fix): P(Q_11 > 0) = ½ within 4 SE.
    const pos = meanSe(q11.map((x) => (x > 0 ? 1 : 0)));
    expect(Math.abs(pos.mean - 0.5)).toBeLessThanOrEqual(4 * pos.se);
  });

  it.each([[12, 4], [4, 12]])("%i×%i: entries have E[W²] = 1/m and E[W⁴] = 3/(m(m+2)) (m = max(d, n): uniform unit vectors), within 4 SE", async (d, n) => {
    // Each column (d ≥ n) or row (d < n) of a Haar semi-orthogonal matrix is
    // uniform on the unit sphere of R^m, so W_ij² ~ Beta(½, (m−1)/2).
    const k = await kernels();
    const m = Math.max(d, n);
    const N = 8000;
    const sq: number[] = [];
    const fourth: number[] = [];
    for (let s = 0; s < N; s++) {
      const W = orthogonalMatrix(k, { d, n, seed: 77, stream: s });
      // One statistic per matrix (the sampling unit): its entries are dependent.
      let a = 0;
      let b = 0;
      for (const w of W) {
        a += w * w;
        b += w ** 4;
      }
      sq.push(a / W.length);
      fourth.push(b / W.length);
    }
    const e2 = meanSe(sq);
    const e4 = meanSe(fourth);
    // Σ of squares over the whole matrix is exactly min(d, n): the first is an identity (SE 0).
    expect(Math.abs(e2.mean - 1 / m)).toBeLessThanOrEqual(1e-14);
    expect(Math.abs(e4.mean - 3 / (m * (m + 2)))).toBeLessThanOrEqual(4 * e4.se);
  });
});
