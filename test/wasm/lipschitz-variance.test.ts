import { describe, expect, it } from "vitest";
import { kernels } from "../helpers.js";
import { varianceChunk } from "../../src/wasm/lipschitz.js";
import { maxScaledError, referenceHistogram, referenceRescale, runnableBuilds } from "./lipschitz-reference.js";

const builds = runnableBuilds();

function meanAndSe(y: Float64Array): { mean: number; se: number } {
  const n = y.length;
  let s = 0;
  for (const v of y) s += v;
  const mean = s / n;
  let ss = 0;
  for (const v of y) ss += (v - mean) ** 2;
  return { mean, se: Math.sqrt(ss / (n - 1) / n) };
}

function matrixAt(all: Float64Array, m: number, size: number): Float64Array {
  return all.subarray(m * size, (m + 1) * size);
}

describe("Monte Carlo records against a plain recomputation from the same matrices", () => {
  const cases = [
    { d: 5, n: 3, beta: 2, qStd: 0 },
    { d: 8, n: 8, beta: 1, qStd: 0.7 },
    { d: 3, n: 1, beta: Infinity, qStd: 0 },
    { d: 1, n: 4, beta: 0.5, qStd: 0 },
    { d: 17, n: 65, beta: 1.5, qStd: 0.3 },
  ];

  it.each(builds)("Y, A, B and the w̄ histogram match within 1e-12 relative (%s build)", async (build) => {
    const k = await kernels(build);
    for (const c of cases) {
      // 150 matrices: three calls into Wasm (slices of 64), whose records, kept matrices and histogram must join up.
      const count = 150;
      const histogram = { min: -0.6, max: 0.6, bins: 24 };
      const r = varianceChunk(k, { ...c, count, seed: 7, stream: 3, histogram, keepMatrices: true });
      const size = c.d * c.n;
      const wbar: number[] = [];
      for (let m = 0; m < count; m++) {
        const W = matrixAt(r.matrices!, m, size);
        const q = c.qStd > 0 ? r.q!.subarray(m * c.n, (m + 1) * c.n) : undefined;
        if (c.qStd === 0) expect([...r.q!.subarray(m * c.n, (m + 1) * c.n)]).toEqual(new Array(c.n).fill(1));
        const { scaled } = referenceRescale(W, c.d, c.n, q);
        wbar.push(...scaled);
        const Y = scaled.reduce((s, w) => s + w * w, 0) / size;
        let A = 0;
        let B = 0;
        for (let i = 0; i < c.n; i++) {
          for (let j = 0; j < c.n; j++) {
            let dot = 0;
            for (let row = 0; row < c.d; row++) dot += W[row * c.n + i] * W[row * c.n + j];
            if (i === j) A += dot;
            else B += Math.abs(dot);
          }
        }
        A /= c.n;
        B = c.n > 1 ? B / (c.n * (c.n - 1)) : 0;
        // Sums of positive terms: plain relative error.
        expect(maxScaledError([r.Y[m]], [Y], [Y])).toBeLessThanOrEqual(1e-12);
        expect(maxScaledError([r.A[m]], [A], [A])).toBeLessThanOrEqual(1e-12);
        expect(maxScaledError([r.B[m]], [B], [B])).toBeLessThanOrEqual(1e-12);
      }
      const ref = referenceHistogram(wbar, histogram.bins, histogram.min, histogram.max);
      expect([...r.hist!.counts]).toEqual([...ref.counts]);
      expect([r.hist!.under, r.hist!.over]).toEqual([ref.under, ref.over]);
      expect(r.hist!.counts.reduce((s, x) => s + x, 0) + r.hist!.under + r.hist!.over).toBe(count * size);
    }
  });

  it("the per-entry control variate w_ki²/‖w_i‖² averages to exactly 1/d over every matrix (so it is useless per matrix)", async () => {
    const k = await kernels();
    for (const [d, n, beta] of [[8, 8, 2], [5, 3, 1], [64, 16, 0.5]] as const) {
      const count = 200;
      const r = varianceChunk(k, { d, n, beta, count, seed: 11, keepMatrices: true });
      let worst = 0;
      for (let m = 0; m < count; m++) {
        const W = matrixAt(r.matrices!, m, d * n);
        let cv = 0;
        for (let i = 0; i < n; i++) {
          let norm = 0;
          for (let row = 0; row < d; row++) norm += W[row * n + i] ** 2;
          for (let row = 0; row < d; row++) cv += W[row * n + i] ** 2 / norm;
        }
        worst = Math.max(worst, Math.abs(cv / (d * n) - 1 / d) * d);
      }
      // Σ_k w_ki²/‖w_i‖² = 1 for every column: only rounding (a few ulps) separates it from 1/d.
      expect(worst).toBeLessThanOrEqual(1e-14);
    }
  });
});

describe("Monte Carlo estimates against MATH.md", () => {
  // Exact Gaussian V(d, n), MATH.md §6.
  const exact: [number, number, number][] = [
    [2, 2, 0.3116126201],
    [8, 8, 0.04210470613],
    [5, 3, 0.1173175525],
  ];

  it.each(exact)("Gaussian (d, n) = (%i, %i): mean Y over 20,000 matrices within 4 SE of V = %f", async (d, n, v) => {
    const k = await kernels();
    const r = varianceChunk(k, { d, n, beta: 2, count: 20_000, seed: 20240601, stream: d * 100 + n });
    const { mean, se } = meanAndSe(r.Y);
    // SE = sd(Y)/√M over independent matrices; 4 SE.
    expect(Math.abs(mean - v)).toBeLessThan(4 * se);
  });

  it("n = 1: every matrix gives exactly 1/d, for every β and with SLL weights", async () => {
    const k = await kernels();
    for (const d of [1, 2, 7, 64]) {
      for (const beta of [0.5, 1, 2, Infinity]) {
        for (const qStd of [0, 1]) {
          const r = varianceChunk(k, { d, n: 1, beta, qStd, count: 500, seed: 5, stream: d });
          // t = G_00 exactly, so G_00/t = 1 and Y = fl(1/d): equality, which is within 1e-12 of 1/d.
          expect(r.Y.every((y) => y === 1 / d)).toBe(true);
          expect(r.B.every((b) => b === 0)).toBe(true);
        }
      }
    }
  });

  it("d = 1: every matrix gives 1/n up to rounding (stronger than 4 SE of 1/n), AOL and SLL", async () => {
    const k = await kernels();
    for (const n of [2, 3, 10]) {
      for (const qStd of [0, 0.8]) {
        const r = varianceChunk(k, { d: 1, n, beta: 2, qStd, count: 2000, seed: 9, stream: n });
        // With one row, Σ_i w_i²/t_i = Σ_i |w_i| q_i / Σ_j |w_j| q_j = 1 identically.
        expect(maxScaledError(r.Y, new Float64Array(r.Y.length).fill(1 / n), 1 / n)).toBeLessThanOrEqual(1e-14);
        const { mean, se } = meanAndSe(r.Y);
        // The mean of 2000 such values adds its own rounding: allow 1e-13 relative on top of 4 SE.
        expect(Math.abs(mean - 1 / n)).toBeLessThanOrEqual(4 * se + 1e-13 / n);
      }
    }
  });

  it("no matrix exceeds the distribution-free bound 1/d, for β ∈ {0.5, 1, 2, 8, ∞}", async () => {
    const k = await kernels();
    for (const beta of [0.5, 1, 2, 8, Infinity]) {
      const r = varianceChunk(k, { d: 4, n: 6, beta, qStd: 0.5, count: 5000, seed: 3, stream: 1 });
      // t_i ≥ G_ii holds exactly in floating point, so Y ≤ 1/4 per matrix, not only on average.
      expect(Math.max(...r.Y)).toBeLessThanOrEqual(0.25);
    }
  });

  it("control-variate means: E A = d·Var(entry) and E B = m(d)·Var(entry), Gaussian d = 8 (within 4 SE)", async () => {
    const k = await kernels();
    const r = varianceChunk(k, { d: 8, n: 4, beta: 2, count: 20_000, seed: 77 });
    // SGND(α = 1, β = 2) has Var = Γ(3/2)/Γ(1/2) = 1/2 (MATH.md §2); m(8) = 2.1875 (MATH.md §6).
    const a = meanAndSe(r.A);
    const b = meanAndSe(r.B);
    expect(Math.abs(a.mean - 8 * 0.5)).toBeLessThan(4 * a.se);
    expect(Math.abs(b.mean - 2.1875 * 0.5)).toBeLessThan(4 * b.se);
  });
});

describe("reproducibility, streams and builds", () => {
  it("same seed and stream give identical records; another stream differs", async () => {
    const k = await kernels();
    const opts = { d: 6, n: 5, beta: 1.5, qStd: 0.2, count: 100, seed: 123n };
    const a = varianceChunk(k, { ...opts, stream: 4 });
    const b = varianceChunk(k, { ...opts, stream: 4 });
    const c = varianceChunk(k, { ...opts, stream: 5 });
    expect(Buffer.from(a.Y.buffer).equals(Buffer.from(b.Y.buffer))).toBe(true);
    expect(Buffer.from(a.Y.buffer).equals(Buffer.from(c.Y.buffer))).toBe(false);
  });

  it.each(builds)("records agree with the baseline build (bit-identical without FMA; within 1e-13 relative with it) (%s build)", async (build) => {
    const [base, other] = [await kernels("baseline"), await kernels(build)];
    const opts = { d: 64, n: 16, beta: 2, qStd: 0.3, count: 200, seed: 42, histogram: { min: -0.5, max: 0.5, bins: 50 } };
    const a = varianceChunk(base, opts);
    const b = varianceChunk(other, opts);
    if (build === "relaxed") {
      // Fused multiply-adds move each Gram entry by ≤ 2·d·eps·Σ|w w|; Y, A, B move by far less than 1e-13 relative.
      for (const key of ["Y", "A", "B"] as const) expect(maxScaledError(b[key], a[key], a[key])).toBeLessThanOrEqual(1e-13);
    } else {
      for (const key of ["Y", "A", "B"] as const) expect(Buffer.from(b[key].buffer).equals(Buffer.from(a[key].buffer))).toBe(true);
      expect([...b.hist!.counts]).toEqual([...a.hist!.counts]);
    }
  });
});

describe("varianceChunk argument validation", () => {
  it("rejects bad sizes, shapes and histograms with RangeErrors naming the parameter", async () => {
    const k = await kernels();
    const ok = { d: 2, n: 2, beta: 2, count: 1, seed: 1 };
    expect(() => varianceChunk(k, { ...ok, d: 0 })).toThrow(/d must be an integer >= 1, got 0/);
    expect(() => varianceChunk(k, { ...ok, n: NaN })).toThrow(/n must be an integer >= 1, got NaN/);
    expect(() => varianceChunk(k, { ...ok, beta: -1 })).toThrow(/beta must be a number > 0 or Infinity, got -1/);
    expect(() => varianceChunk(k, { ...ok, qStd: -0.1 })).toThrow(/qStd must be a finite number >= 0/);
    expect(() => varianceChunk(k, { ...ok, count: 1.5 })).toThrow(/count must be an integer >= 0/);
    expect(() => varianceChunk(k, { ...ok, histogram: { min: 1, max: 1, bins: 10 } })).toThrow(/histogram must be finite numbers with min < max/);
    expect(() => varianceChunk(k, { ...ok, histogram: { min: 0, max: 1, bins: 0 } })).toThrow(/histogram.bins must be an integer in \[1,/);
    expect(() => varianceChunk(k, { ...ok, n: 100_000 })).toThrow(/n = 100000 cannot fit in Wasm memory.*largest possible n with the other sizes fixed is \d+/);
    expect(() => varianceChunk(k, { ...ok, count: 1e9 })).toThrow(/count = 1000000000 cannot fit in Wasm memory.*largest possible count/);
    // 2.15 GiB in all fits Wasm memory (3.5 GiB), but the scratch is one block
    // and the allocator's blocks stop at 1 GiB: a RangeError naming n, not an abort.
    expect(() => varianceChunk(k, { ...ok, d: 12_000, n: 12_000 })).toThrow(RangeError);
    expect(() => varianceChunk(k, { ...ok, d: 12_000, n: 12_000 })).toThrow(/n = 12000 cannot fit in Wasm memory \(it needs a block of 2\.15 GiB; the Wasm allocator's largest block is 1 GiB\); the largest possible n with the other sizes fixed is \d+/);
    expect(() => k.allocF64(2 ** 27, "test block")).toThrow(/test block = 134217728 needs 1\.00 GiB in one block/);
  });

  it("count = 0 returns empty records", async () => {
    const k = await kernels();
    const r = varianceChunk(k, { d: 3, n: 3, beta: 2, count: 0, seed: 1 });
    expect([r.Y.length, r.A.length, r.B.length]).toEqual([0, 0, 0]);
  });
});
