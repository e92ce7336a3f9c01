/**
 * The statistics of the weight checks (src/check/weights/stats.ts, vq.ts):
 * Student-t points and the Kolmogorov point against scipy
 * (test/fixtures/weights.json), the kurtosis law against its Gaussian closed
 * form, and the shared-grid V_q against src/analytic's adaptive integral.
 */
import { describe, expect, it } from "vitest";
import { fixture } from "../helpers.js";
import { KS_CRITICAL, kurtosisLaw, meanSe, studentTTwoSided, toleranceForInits } from "../../src/check/weights/stats.js";
import { gaussianSllVariance } from "../../src/check/weights/vq.js";
import { exactGaussianVariance, exactGaussianVarianceSll } from "../../src/analytic/variance.js";

const facts = fixture("weights");

describe("Student t and Kolmogorov points", () => {
  it.each(facts.studentT as { df: number; tail: number; t: number }[])("t point at df $df matches scipy to 1e-9 relative", ({ df, tail, t }) => {
    expect(Math.abs(studentTTwoSided(tail, df) / t - 1)).toBeLessThan(1e-9);
    // toleranceForInits(4, R) is the df = R − 1 point at the tail of 4 normal SEs.
    expect(Math.abs(toleranceForInits(4, df + 1) / t - 1)).toBeLessThan(1e-9);
  });

  it("the KS critical value is scipy's kolmogi(0.001) to 1e-6", () => {
    expect(Math.abs(KS_CRITICAL - facts.kolmogorovCritical.value)).toBeLessThan(1e-6);
  });
});

describe("kurtosis law and mean ± SE", () => {
  it("Gaussian: E b = 3 − 6/N, Var b = 24/N (the known expansion)", () => {
    for (const N of [64, 1000]) {
      const law = kurtosisLaw(2, N);
      expect(law.mean).toBeCloseTo(3 - 6 / N, 12);
      expect(law.variance).toBeCloseTo(24 / N, 12);
    }
  });

  it("uniform: the limit κ = 9/5 and a smaller spread than Gaussian", () => {
    const law = kurtosisLaw(Infinity, 1e9);
    expect(law.mean).toBeCloseTo(1.8, 8);
    // μ4 = 9/5, μ6 = 27/7, μ8 = 9: [9 − 81/25 − 4·(9/5)(27/7 − 9/5) + 4·(81/25)(4/5)]·1e-9
    const v = 9 - 81 / 25 - 4 * (9 / 5) * (27 / 7 - 9 / 5) + 4 * (81 / 25) * (4 / 5);
    expect(law.variance * 1e9).toBeCloseTo(v, 6);
  });

  it("meanSe: mean and SE of independent values", () => {
    expect(meanSe([1, 2, 3, 4])).toEqual({ mean: 2.5, se: Math.sqrt(5 / 3 / 4) });
    expect(meanSe([2]).se).toBeNaN();
  });
});

describe("V_q on a shared grid", () => {
  it("agrees with the adaptive integral of src/analytic to 1e-10 relative (q spread up to e^±3)", () => {
    const q = (n: number, spread: number, seed: number) => Array.from({ length: n }, (_, i) => Math.exp(spread * Math.sin(seed * 7.3 + i * 1.7)));
    for (const [d, n, spread] of [
      [16, 32, 1],
      [32, 16, 2],
      [2, 3, 0.3],
      [1, 4, 1],
      [64, 8, 0.5],
      [256, 16, 3],
      [8, 64, 3],
    ]) {
      const qs = q(n, spread, d);
      const fast = gaussianSllVariance(d, qs);
      const adaptive = exactGaussianVarianceSll(d, qs);
      expect(Math.abs(fast / adaptive - 1)).toBeLessThan(1e-10);
    }
  });

  it("equal q is AOL: exactly V(d, n)", () => {
    expect(gaussianSllVariance(8, new Float64Array(8).fill(2.5))).toBe(exactGaussianVariance(8, 8));
  });
});
