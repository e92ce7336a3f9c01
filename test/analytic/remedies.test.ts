import { describe, expect, it } from "vitest";
import { fixture } from "../helpers.js";
import { activationSecondMomentFactor, cosineMap, inputNormFactor, orthogonalRescaledVariance, predictRemedy, residualBlockSecondMoment } from "../../src/analytic/remedies.js";
import { predictForwardVariances, predictGradientVariances } from "../../src/analytic/decay.js";

interface Point { c: number; k: number; se?: number }
const ref = fixture<{ relu: Point[]; abs: Point[]; maxmin: Point[]; eta: { w: number; eta: number }[] }>("remedies");

describe("cosine maps k(c) of the activations", () => {
  it("ReLU (arc-cosine kernel) and abs agree with scipy's 2-D quadrature of the bivariate normal within 1e-10", () => {
    // dblquad on the four smooth sign regions reaches ~1e-12; 1e-10 leaves room and rejects any wrong term.
    for (const p of ref.relu) expect(Math.abs(cosineMap("relu", p.c)! - p.k), `relu c=${p.c}`).toBeLessThanOrEqual(1e-10);
    for (const p of ref.abs) expect(Math.abs(cosineMap("abs", p.c)! - p.k), `abs c=${p.c}`).toBeLessThanOrEqual(1e-10);
  });

  it("MaxMin agrees with numpy Monte Carlo (4e6 pairs per point) within 4 SE", () => {
    for (const p of ref.maxmin) expect(Math.abs(cosineMap("maxmin", p.c)! - p.k), `maxmin c=${p.c}`).toBeLessThanOrEqual(4 * p.se!);
  });

  it("maps c = 1 to 1 (identical inputs stay identical), and GroupSort above 2 has no closed form", () => {
    for (const a of ["relu", "abs", "maxmin", "groupsort:2"]) expect(cosineMap(a, 1)).toBeCloseTo(1, 14);
    expect(cosineMap("groupsort:4", 0.5)).toBeNull();
    expect(() => cosineMap("relu", 1.5)).toThrow(/^c must be a number in \[-1, 1\], got 1.5$/);
  });

  it("η(w) = (E‖x‖)²/E‖x‖² matches scipy.stats.chi to 1e-12 (lgamma differences near w = 256 lose ~3 digits)", () => {
    for (const p of ref.eta) expect(Math.abs(inputNormFactor(p.w) - p.eta), `w=${p.w}`).toBeLessThanOrEqual(1e-12);
  });
});

describe("per-layer factors per (initialisation × activation)", () => {
  const square = Array.from({ length: 6 }, () => ({ d: 64, n: 64 }));

  it("iid + ReLU is the paper's recursion: the same E[y²] and gradients as src/analytic/decay.ts, with and without bias", () => {
    for (const biasVariance of [0, 0.3]) {
      const p = predictRemedy({ layers: square, biasVariance });
      const old = predictForwardVariances({ layers: square, biasVariance });
      p.secondMoments.forEach((q, i) => expect(q).toBeCloseTo(old.outputVariances[i], 15));
      const g = predictGradientVariances({ layers: square });
      p.gradientSecondMoments.forEach((q, i) => expect(q).toBeCloseTo(g.gradientSecondMoments[i], 15));
    }
  });

  it("κ is ½ for ReLU and 1 for the norm-preserving activations", () => {
    expect(activationSecondMomentFactor("relu")).toBe(0.5);
    for (const a of ["abs", "maxmin", "groupsort:16"]) expect(activationSecondMomentFactor(a)).toBe(1);
  });

  it("orthogonal + MaxMin/GroupSort/abs without bias: factor exactly 1 forward and backward; orthogonal + ReLU: 1 at layer 1, then ½", () => {
    for (const activation of ["maxmin", "groupsort:8", "abs"]) {
      const p = predictRemedy({ layers: square, init: "orthogonal", activation });
      expect(p.forwardFactors).toEqual(square.map(() => 1));
      expect(p.gradientFactors).toEqual(square.slice(1).map(() => 1));
      expect(p.fixedPoints.every((f) => f === null)).toBe(true);
    }
    const relu = predictRemedy({ layers: square, init: "orthogonal", activation: "relu", biasVariance: 0.5 });
    expect(relu.forwardFactors).toEqual([1, 0.5, 0.5, 0.5, 0.5, 0.5]);
    // With a bias the orthogonal ReLU stack settles at σ_b²/(1 − ½) = 2σ_b².
    expect(relu.fixedPoints[1]).toBeCloseTo(1, 15);
  });

  it("iid + MaxMin is n·Var[w̄] per layer: twice the paper's r for square layers", () => {
    const relu = predictRemedy({ layers: square });
    const mm = predictRemedy({ layers: square, activation: "maxmin" });
    for (let i = 1; i < 6; i++) expect(mm.forwardFactors[i]!).toBeCloseTo(2 * relu.forwardFactors[i]!, 15);
  });

  it("orthogonal Var[w̄]: 1/d (column Gram, d ≥ n), 1/n (row Gram, d ≤ n), no closed form otherwise", () => {
    expect(orthogonalRescaledVariance(64, 32)).toBe(1 / 64);
    expect(orthogonalRescaledVariance(32, 64)).toBeNull();
    expect(orthogonalRescaledVariance(32, 64, "row")).toBe(1 / 64);
    expect(orthogonalRescaledVariance(64, 32, "row")).toBeNull();
    const p = predictRemedy({ layers: [{ d: 64, n: 32 }, { d: 16, n: 64 }], init: "orthogonal", activation: "maxmin" });
    expect(p.forwardFactors[0]).toBe(0.5);
    expect(p.forwardFactors[1]).toBeNull();
    expect(p.secondMoments[1]).toBeNull();
    // A supplied value fills the gap.
    const q = predictRemedy({ layers: [{ d: 64, n: 32 }, { d: 16, n: 64 }], init: "orthogonal", activation: "maxmin", rescaledVariances: [null, 0.01] });
    expect(q.forwardFactors[1]).toBeCloseTo(0.64, 15);
  });

  it("the SLL block with orthogonal P (inner ≤ width) adds exactly 2(k/m)σ_b² per block; no closed form otherwise", () => {
    expect(residualBlockSecondMoment("orthogonal", 64, 32, 1, 0)).toBe(1);
    expect(residualBlockSecondMoment("orthogonal", 64, 32, 1, 0.25)).toBe(1.25);
    expect(residualBlockSecondMoment("orthogonal", 32, 64, 1, 0)).toBeNull();
    expect(residualBlockSecondMoment("iid", 64, 64, 1, 0)).toBeNull();
  });

  it("rejects bad input with the parameter's name", () => {
    expect(() => predictRemedy({ layers: square, activation: "gelu" })).toThrow(/^activation must be relu, abs, maxmin or groupsort:K/);
    expect(() => predictRemedy({ layers: square, init: "identity" as never })).toThrow(/^init must be "iid", "orthogonal" or "identity:E", got identity$/);
    expect(() => predictRemedy({ layers: square, rescaledVariances: [1] })).toThrow(/^rescaledVariances must have one entry/);
    expect(() => predictRemedy({ layers: square, inputWidth: 0 })).toThrow(/^inputWidth must be an integer >= 1, got 0$/);
  });
});
