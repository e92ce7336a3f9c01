/**
 * The weight scale (weightStd) and the row Gram convention of the depth
 * kernels, held against the independent reference of lipschitz-reference.ts
 * (written from MATH.md §1/§4, not from the kernels).
 */
import { describe, expect, it } from "vitest";
import { kernels } from "../helpers.js";
import { forwardBackward, residualStack, varianceChunk } from "../../src/wasm/lipschitz.js";
import { maxScaledError, randomMatrix, referenceForwardBackward, referenceRowRescale } from "./lipschitz-reference.js";

describe("row Gram (the author's SLL layer on an out×in weight)", () => {
  it("forward/backward with gram 'row' equals the reference that rescales rows by WWᵀ, for d = 2n and d = n/2 (with SLL q)", async () => {
    const k = await kernels();
    const widths = [6, 12, 6, 3];
    const inputs = randomMatrix(5, 6, 11);
    for (const qStd of [0, 0.7]) {
      const r = forwardBackward(k, { widths, batch: 5, beta: 2, qStd, biasStd: 0.3, gram: "row", inputs, seed: 9, keepWeights: true });
      const w = r.weights!;
      // q has one entry per rescaled unit: the d_l rows.
      expect(w.q.map((q) => q.length)).toEqual([12, 6, 3]);
      const ref = referenceForwardBackward(widths, 5, inputs, w.W, w.q, w.bias, false, "row");
      for (const [i, l] of r.layers.entries()) {
        const e = ref.layers[i];
        // Tolerance: 1e-12 relative, rounding of two different summation orders.
        expect(maxScaledError([l.variance, l.gradInputMeanSquare, l.weightMeanSquare], [e.variance, e.gradInputMeanSquare, e.weightMeanSquare], [e.variance, e.gradInputMeanSquare, e.weightMeanSquare])).toBeLessThanOrEqual(1e-12);
      }
      // The column convention gives a different network from the same draws (the test can tell them apart).
      const col = referenceForwardBackward(widths, 5, inputs, w.W, w.q.map((_, i) => new Float64Array(widths[i]).fill(1)), w.bias);
      if (qStd === 0) expect(Math.abs(col.layers[0].weightMeanSquare / ref.layers[0].weightMeanSquare - 1)).toBeGreaterThan(0.05);
    }
  });

  it("the row-rescaled W̄ is 1-Lipschitz: its largest singular value is at most 1 (d < n and d > n)", async () => {
    const k = await kernels();
    for (const [n, d] of [[7, 3], [3, 7]]) {
      const r = forwardBackward(k, { widths: [n, d], batch: 1, beta: 1, gram: "row", seed: 4, keepWeights: true });
      const { scaled } = referenceRowRescale(r.weights!.W[0], d, n);
      // Power iteration on W̄ᵀW̄ (n×n): 500 steps converge far below the 1e-9 margin at these sizes.
      let v = new Float64Array(n).fill(1);
      let sigma2 = 0;
      for (let it = 0; it < 500; it++) {
        const u = new Float64Array(d);
        for (let a = 0; a < d; a++) for (let i = 0; i < n; i++) u[a] += scaled[a * n + i] * v[i];
        const w = new Float64Array(n);
        for (let a = 0; a < d; a++) for (let i = 0; i < n; i++) w[i] += scaled[a * n + i] * u[a];
        const norm = Math.hypot(...w);
        sigma2 = norm / Math.hypot(...v);
        v = w.map((x) => x / norm);
      }
      expect(sigma2).toBeLessThanOrEqual(1 + 1e-9);
      expect(sigma2).toBeGreaterThan(0.1);
    }
  });

  it("refuses an unknown convention", async () => {
    const k = await kernels();
    expect(() => forwardBackward(k, { widths: [2, 2], batch: 1, beta: 2, seed: 1, gram: "rows" as never })).toThrow(/^gram must be "column" or "row", got rows$/);
  });
});

describe("weightStd: the same draws at another scale", () => {
  it("raw draws scale exactly with weightStd; everything rescaled agrees to rounding at 1e-3, 1 and 1e3", async () => {
    const k = await kernels();
    const run = (weightStd: number | undefined) => forwardBackward(k, { widths: [8, 16, 4], batch: 6, beta: 1.5, biasStd: 0.2, weightStd, seed: 5, keepWeights: true });
    const base = run(1);
    for (const s of [1e-3, 1e3]) {
      const r = run(s);
      // Raw weights: s × the weightStd = 1 draws (tolerance 4 ulp-ish: one product each).
      expect(maxScaledError(r.weights!.W[0], base.weights!.W[0].map((x) => x * s), base.weights!.W[0].map((x) => Math.abs(x * s)))).toBeLessThanOrEqual(1e-15 * 4);
      for (const [i, l] of r.layers.entries()) {
        const b = base.layers[i];
        // Rescaled: identical up to rounding (1e-13 relative).
        expect(maxScaledError([l.variance, l.gradInputMeanSquare, l.weightMeanSquare], [b.variance, b.gradInputMeanSquare, b.weightMeanSquare], [b.variance, b.gradInputMeanSquare, b.weightMeanSquare])).toBeLessThanOrEqual(1e-13);
      }
    }
    // The entries' standard deviation is what was asked: sample SD of 128 + 64 draws within 25% of 1e3.
    const big = run(1e3).weights!.W.flatMap((w) => [...w]);
    const sd = Math.sqrt(big.reduce((a, x) => a + x * x, 0) / big.length);
    expect(sd / 1e3).toBeGreaterThan(0.75);
    expect(sd / 1e3).toBeLessThan(1.25);
  });

  it("the variance chunk and the residual stack are scale-free too", async () => {
    const k = await kernels();
    const v = (weightStd: number) => varianceChunk(k, { d: 5, n: 9, beta: 2, weightStd, count: 20, seed: 3 });
    const res = (weightStd: number, biasStd = 0) => residualStack(k, { width: 6, inner: 4, blocks: 3, batch: 5, beta: 1, weightStd, biasStd, seed: 8 });
    for (const s of [1e-3, 1e3]) {
      expect(maxScaledError(v(s).Y, v(1).Y, v(1).Y)).toBeLessThanOrEqual(1e-13);
      // A scales with s² (raw column norms): the control's known mean must follow.
      expect(maxScaledError(v(s).A, v(1).A.map((a) => a * s * s), v(1).A.map((a) => a * s * s))).toBeLessThanOrEqual(1e-13);
      const a = res(s).blocks.map((b) => b.meanSquare);
      const b = res(1).blocks.map((x) => x.meanSquare);
      expect(maxScaledError(a, b, b)).toBeLessThanOrEqual(1e-13);
    }
  });

  it("with a bias the SLL residual block is NOT scale-free: P scaled by c acts like the bias divided by c", async () => {
    // h = x − 2(cP)ᵀ diag(c²s)⁻¹ ReLU(cPx + b) = x − 2Pᵀ diag(s)⁻¹ ReLU(Px + b/c); the bias draws are linear in σ_b.
    const k = await kernels();
    const res = (weightStd: number, biasStd: number) => residualStack(k, { width: 6, inner: 4, blocks: 3, batch: 5, beta: 2, weightStd, biasStd, seed: 8 }).blocks.map((b) => b.meanSquare);
    const scaled = res(10, 0.5);
    const equivalent = res(1, 0.05);
    expect(maxScaledError(scaled, equivalent, equivalent)).toBeLessThanOrEqual(1e-12);
    const same = res(1, 0.5);
    expect(maxScaledError(scaled, same, same)).toBeGreaterThan(1e-3);
  });

  it("refuses a scale that is not a finite number > 0", async () => {
    const k = await kernels();
    for (const bad of [0, -1, Infinity, NaN]) {
      expect(() => varianceChunk(k, { d: 2, n: 2, beta: 2, weightStd: bad, count: 1, seed: 1 })).toThrow(/^weightStd must be a finite number > 0/);
    }
  });
});

describe("tied weights (the author's gradient experiment repeats one layer module)", () => {
  it("every layer uses layer 1's W and b: equals the reference run with that W and b repeated, forward and backward (with reluOnOutput)", async () => {
    const k = await kernels();
    const widths = [6, 6, 6, 6];
    const inputs = randomMatrix(4, 6, 21);
    const r = forwardBackward(k, { widths, batch: 4, beta: 2, biasStd: 1, tied: true, reluOnOutput: true, inputs, seed: 13, keepWeights: true });
    const w = r.weights!;
    for (let l = 1; l < 3; l++) {
      expect([...w.W[l]]).toEqual([...w.W[0]]);
      expect([...w.bias[l]]).toEqual([...w.bias[0]]);
    }
    const ref = referenceForwardBackward(widths, 4, inputs, w.W, w.q, w.bias, true);
    for (const [i, l] of r.layers.entries()) {
      const e = ref.layers[i];
      // Tolerance: 1e-12 relative (rounding of different summation orders).
      expect(maxScaledError([l.variance, l.gradInputMeanSquare, l.gradOutputMeanSquare], [e.variance, e.gradInputMeanSquare, e.gradOutputMeanSquare], [e.variance, e.gradInputMeanSquare, e.gradOutputMeanSquare])).toBeLessThanOrEqual(1e-12);
    }
    // Only layer 1 is drawn: an untied network from the same stream shares layer 1 and differs after it.
    const untied = forwardBackward(k, { widths, batch: 4, beta: 2, biasStd: 1, inputs, seed: 13, keepWeights: true });
    expect([...untied.weights!.W[0]]).toEqual([...w.W[0]]);
    expect([...untied.weights!.W[1]]).not.toEqual([...w.W[1]]);
  });

  it("refuses tied weights on non-square widths", async () => {
    const k = await kernels();
    expect(() => forwardBackward(k, { widths: [4, 6, 6], batch: 1, beta: 2, seed: 1, tied: true })).toThrow(/^tied weights need equal widths/);
  });
});
