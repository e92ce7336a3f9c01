import { describe, expect, it } from "vitest";
import { kernels } from "../helpers.js";
import { gram, matmul, rescaleAol } from "../../src/wasm/lipschitz.js";
import {
  maxScaledError,
  randomMatrix,
  referenceGram,
  referenceMatmul,
  referenceRescale,
  runnableBuilds,
  testRandom,
} from "./lipschitz-reference.js";

const builds = runnableBuilds();
const EPS = 2 ** -52;

// Sizes below, at and across the tile (6×4) and block (MC 120, KC 256, NC 1024) edges.
const products: [number, number, number][] = [
  [1, 1, 1],
  [3, 17, 65],
  [17, 3, 1],
  [65, 65, 17],
  [6, 4, 4],
  [127, 257, 1027],
];

describe("matmul C = A·B against the plain triple loop", () => {
  it.each(builds)("every shape, relative error ≤ 1e-12 of Σ|a·b| (%s build)", async (build) => {
    const k = await kernels(build);
    for (const [m, kk, n] of products) {
      const A = randomMatrix(m, kk, m * 1000 + kk);
      const B = randomMatrix(kk, n, n * 7 + 1);
      const { C, scale } = referenceMatmul(A, B, m, kk, n);
      // Both sums carry at most ~K·eps·Σ|a·b| rounding; 1e-12 is far above that for K ≤ 257.
      expect(maxScaledError(matmul(k, A, B, m, kk, n), C, scale)).toBeLessThanOrEqual(1e-12);
    }
  });

  it("baseline and SIMD builds give bit-identical products (same summation order)", async () => {
    const [base, simd] = [await kernels("baseline"), await kernels("simd")];
    for (const [m, kk, n] of products) {
      const A = randomMatrix(m, kk, 11 + m);
      const B = randomMatrix(kk, n, 13 + n);
      expect(Buffer.from(matmul(simd, A, B, m, kk, n).buffer).equals(Buffer.from(matmul(base, A, B, m, kk, n).buffer))).toBe(true);
    }
  });

  it.each(builds.filter((b) => b !== "baseline"))("fused and unfused builds agree within 2·K·eps·Σ|a·b| (%s build vs baseline)", async (build) => {
    const [base, other] = [await kernels("baseline"), await kernels(build)];
    const [m, kk, n] = [127, 257, 1027];
    const A = randomMatrix(m, kk, 5);
    const B = randomMatrix(kk, n, 6);
    const { scale } = referenceMatmul(A, B, m, kk, n);
    // One fused rounding per step instead of two: each partial sum moves by at most eps·|partial|.
    expect(maxScaledError(matmul(other, A, B, m, kk, n), matmul(base, A, B, m, kk, n), scale)).toBeLessThanOrEqual(2 * kk * EPS);
  });
});

describe("gram G = WᵀW against the plain triple loop", () => {
  const shapes: [number, number][] = [
    [1, 1],
    [3, 17],
    [17, 3],
    [65, 65],
    [1, 65],
    [300, 130],
    [5, 1027],
    // The direct small-matrix path (row-major, n a multiple of 4, d ≤ 256, d·n ≤ 4096) and its edges.
    [64, 16],
    [32, 32],
    [5, 4],
    [256, 16],
    [8, 64],
    [257, 8],
    [64, 66],
  ];

  it.each(builds)("the direct small-matrix path gives the packed multiply's bits: gram(W) = matmul(Wᵀ, W) (%s build)", async (build) => {
    const k = await kernels(build);
    for (const [d, n] of [[64, 16], [32, 32], [5, 4], [256, 16], [8, 64], [1, 4]] as const) {
      const W = randomMatrix(d, n, 3 * d + n);
      const Wt = new Float64Array(n * d);
      for (let r = 0; r < d; r++) for (let c = 0; c < n; c++) Wt[c * d + r] = W[r * n + c];
      // Same per-element order (acc = 0, acc += w_ki·w_kj for k ascending, one K block) in both kernels.
      expect(Buffer.from(gram(k, W, d, n).buffer).equals(Buffer.from(matmul(k, Wt, W, n, d, n).buffer))).toBe(true);
    }
  });

  it.each(builds)("every shape within 1e-12 of Σ|w·w|, exactly symmetric (%s build)", async (build) => {
    const k = await kernels(build);
    for (const [d, n] of shapes) {
      const W = randomMatrix(d, n, d * 31 + n);
      const { G, scale } = referenceGram(W, d, n);
      const got = gram(k, W, d, n);
      expect(maxScaledError(got, G, scale)).toBeLessThanOrEqual(1e-12);
      let asymmetric = 0;
      for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) if (got[i * n + j] !== got[j * n + i]) asymmetric++;
      expect(asymmetric).toBe(0);
    }
  });

  it("baseline and SIMD Gram matrices are bit-identical", async () => {
    const [base, simd] = [await kernels("baseline"), await kernels("simd")];
    for (const [d, n] of shapes) {
      const W = randomMatrix(d, n, d + n);
      expect(Buffer.from(gram(simd, W, d, n).buffer).equals(Buffer.from(gram(base, W, d, n).buffer))).toBe(true);
    }
  });
});

describe("AOL and SLL rescaling", () => {
  const shapes: [number, number][] = [
    [1, 1],
    [3, 17],
    [17, 3],
    [65, 65],
    [8, 1],
    [1, 8],
  ];

  it.each(builds)("t and W̄ match the reference within 1e-12 relative, AOL and SLL with random q (%s build)", async (build) => {
    const k = await kernels(build);
    for (const [d, n] of shapes) {
      const W = randomMatrix(d, n, 3 * d + n);
      const r = testRandom(d + 17 * n);
      const q = Array.from({ length: n }, () => Math.exp(2 * r() - 1));
      for (const weights of [undefined, q]) {
        const ref = referenceRescale(W, d, n, weights);
        const got = rescaleAol(k, W, d, n, weights);
        // t is a sum of |G_ij| q_j/q_i: positive terms, so plain relative error.
        expect(maxScaledError(got.t, ref.t, ref.t)).toBeLessThanOrEqual(1e-12);
        expect(maxScaledError(got.scaled, ref.scaled, ref.scaled.map(Math.abs))).toBeLessThanOrEqual(1e-12);
      }
    }
  });

  it.each(builds)("zero columns get t = 0 and scale 0, never NaN (%s build)", async (build) => {
    const k = await kernels(build);
    const [d, n] = [5, 9];
    const W = randomMatrix(d, n, 99);
    for (const col of [0, 4, 8]) for (let r = 0; r < d; r++) W[r * n + col] = 0;
    const got = rescaleAol(k, W, d, n);
    const ref = referenceRescale(W, d, n);
    for (const col of [0, 4, 8]) {
      expect(got.t[col]).toBe(0);
      for (let r = 0; r < d; r++) expect(Object.is(got.scaled[r * n + col], 0) || Object.is(got.scaled[r * n + col], -0)).toBe(true);
    }
    expect(got.scaled.every(Number.isFinite)).toBe(true);
    expect(maxScaledError(got.scaled, ref.scaled, ref.scaled.map(Math.abs))).toBeLessThanOrEqual(1e-12);
    // An all-zero matrix: every scale is 0 and W̄ = 0.
    const zero = rescaleAol(k, new Float64Array(12), 3, 4);
    expect([...zero.t]).toEqual([0, 0, 0, 0]);
    expect(zero.scaled.every((x) => x === 0)).toBe(true);
  });

  it.each(builds)("scale invariance: W and 7.3·W give the same W̄ within 1e-12 relative (%s build)", async (build) => {
    const k = await kernels(build);
    const [d, n] = [17, 65];
    const W = randomMatrix(d, n, 4242);
    const a = rescaleAol(k, W, d, n).scaled;
    const b = rescaleAol(k, W.map((x) => 7.3 * x), d, n).scaled;
    expect(maxScaledError(b, a, a.map(Math.abs))).toBeLessThanOrEqual(1e-12);
    const q = Array.from({ length: n }, (_, i) => 1 + i / n);
    const c = rescaleAol(k, W, d, n, q).scaled;
    const e = rescaleAol(k, W.map((x) => 7.3 * x), d, n, q.map((x) => 3 * x)).scaled; // q enters only as ratios
    expect(maxScaledError(e, c, c.map(Math.abs))).toBeLessThanOrEqual(1e-12);
  });
});

describe("argument validation", () => {
  it("dimension 0, NaN, wrong lengths and non-positive q are RangeErrors naming the parameter", async () => {
    const k = await kernels();
    const W = new Float64Array(6);
    expect(() => gram(k, W, 0, 6)).toThrow(/d must be an integer >= 1, got 0/);
    expect(() => gram(k, W, 2, NaN)).toThrow(/n must be an integer >= 1, got NaN/);
    expect(() => matmul(k, W, W, 2, 3, 1.5)).toThrow(/n must be an integer >= 1/);
    expect(() => matmul(k, W, W, 2, 3, 3)).toThrow(/B must hold k·n = 9 values, got 6/);
    expect(() => rescaleAol(k, W, 2, 3, [1, 0, 1])).toThrow(/q\[1\] must be a finite number > 0, got 0/);
  });

  it("sizes that cannot fit in Wasm memory name the largest possible value", async () => {
    const k = await kernels();
    // n² doubles of Gram output alone exceed 3.5 GiB at n = 30,000; the check happens before any copy.
    const fake = { length: 30_000 } as unknown as Float64Array;
    expect(() => gram(k, fake, 1, 30_000)).toThrow(RangeError);
    expect(() => gram(k, fake, 1, 30_000)).toThrow(/n = 30000 cannot fit in Wasm memory.*largest possible n with the other sizes fixed is \d+/);
  });
});
