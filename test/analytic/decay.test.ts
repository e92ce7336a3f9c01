import { describe, expect, it } from "vitest";
import { predictForwardVariances, predictGradientVariances } from "../../src/analytic/decay.js";
import { exactGaussianVariance } from "../../src/analytic/variance.js";
import { expectRelative } from "./relative.js";

// A 3-layer chain 4 → 6 → 5 → 2 (W_ℓ is d_ℓ × n_ℓ) with round supplied variances,
// so every expected number below is hand arithmetic.
const layers = [
  { d: 6, n: 4 },
  { d: 5, n: 6 },
  { d: 2, n: 5 },
];
const v = [0.1, 0.2, 0.4];

describe("forward variance prediction", () => {
  it("ratios, first-layer factor, cumulative products, bias recursion, fixed points", () => {
    const p = predictForwardVariances({ layers, rescaledVariances: v, inputSecondMoment: 2, biasVariance: 0.1 });
    // r_ℓ = (n_ℓ/2) v_ℓ
    [0.2, 0.6, 1].forEach((r, i) => expectRelative(p.ratios[i], r, 1e-15));
    // n_1 v_1 E[x0²] = 4 · 0.1 · 2
    expect(p.firstLayerFactor).toBeCloseTo(0.8, 15);
    expect(p.cumulativeRatios[0]).toBe(1);
    expectRelative(p.cumulativeRatios[1], 0.6, 1e-15);
    expectRelative(p.cumulativeRatios[2], 0.6, 1e-15);
    expectRelative(p.varianceWithoutBias[2], 0.48, 1e-15);
    // Var[y1] = 0.8 + 0.1; Var[y2] = 0.6·0.9 + 0.1; Var[y3] = 1·0.64 + 0.1
    expectRelative(p.outputVariances[0], 0.9, 1e-15);
    expectRelative(p.outputVariances[1], 0.64, 1e-15);
    expectRelative(p.outputVariances[2], 0.74, 1e-15);
    expectRelative(p.fixedPoints[1], 0.1 / 0.4, 1e-14);
    expect(p.fixedPoints[2]).toBe(Infinity); // r = 1: no fixed point
  });

  it("a deep square stack converges to σ_b²/(1 − r)", () => {
    const deep = Array.from({ length: 200 }, () => ({ d: 16, n: 16 }));
    const p = predictForwardVariances({ layers: deep, biasVariance: 0.3 });
    const r = 8 * exactGaussianVariance(16, 16);
    expect(r).toBeLessThan(0.5); // ≤ n/(2d) = ½, and well below
    expectRelative(p.outputVariances[199], 0.3 / (1 - r), 1e-12);
    expectRelative(p.fixedPoints[0], 0.3 / (1 - r), 1e-15);
  });

  it("defaults: exact Gaussian V, E[x0²] = 1, no bias", () => {
    const p = predictForwardVariances({ layers });
    layers.forEach((l, i) => expect(p.rescaledVariances[i]).toBe(exactGaussianVariance(l.d, l.n)));
    expectRelative(p.outputVariances[0], 4 * exactGaussianVariance(6, 4), 1e-15);
    expect(p.fixedPoints).toEqual([0, 0, 0]);
  });
});

describe("gradient variance prediction (loss = sum of the last layer's outputs)", () => {
  it("G_{L−1} = d_L v_L, then G_{ℓ−1} = (d_ℓ/2) v_ℓ G_ℓ", () => {
    const g = predictGradientVariances({ layers, rescaledVariances: v });
    // factors: layer 1: (6/2)·0.1, layer 2: (5/2)·0.2
    expectRelative(g.factors[0], 0.3, 1e-15);
    expectRelative(g.factors[1], 0.5, 1e-15);
    expect(g.factors).toHaveLength(2);
    // G_2 = 2 · 0.4 = 0.8; G_1 = 0.5 · 0.8; G_0 = 0.3 · 0.4
    expectRelative(g.gradientSecondMoments[2], 0.8, 1e-15);
    expectRelative(g.gradientSecondMoments[1], 0.4, 1e-15);
    expectRelative(g.gradientSecondMoments[0], 0.12, 1e-15);
    expectRelative(g.cumulativeFactors[0], 0.15, 1e-15);
    expect(g.cumulativeFactors[2]).toBe(1);
  });

  it("with a ReLU on the output the last factor is halved", () => {
    const g = predictGradientVariances({ layers, rescaledVariances: v, reluOnOutput: true });
    expectRelative(g.gradientSecondMoments[2], 0.4, 1e-15);
    expectRelative(g.gradientSecondMoments[0], 0.06, 1e-15);
  });
});

describe("input validation", () => {
  it("rejects broken chains, wrong lengths and bad numbers", () => {
    expect(() => predictForwardVariances({ layers: [] })).toThrow(/non-empty/);
    expect(() => predictForwardVariances({ layers: [{ d: 3, n: 2 }, { d: 2, n: 4 }] })).toThrow(/layers\[1\]\.n must equal layers\[0\]\.d \(3\), got 4/);
    expect(() => predictForwardVariances({ layers: [{ d: 0, n: 2 }] })).toThrow(/layers\[0\]\.d/);
    expect(() => predictForwardVariances({ layers, rescaledVariances: [0.1] })).toThrow(/one entry per layer/);
    expect(() => predictForwardVariances({ layers, rescaledVariances: [0.1, NaN, 0.2] })).toThrow(/rescaledVariances\[1\]/);
    expect(() => predictForwardVariances({ layers, biasVariance: -1 })).toThrow(/biasVariance/);
    expect(() => predictGradientVariances({ layers: [{ d: 2, n: 2.5 }] })).toThrow(/layers\[0\]\.n/);
  });
});
