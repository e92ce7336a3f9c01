import { describe, expect, it } from "vitest";
import { Sgnd } from "../../src/analytic/gnd.js";
import { meanAbsInner, productCf, productCfComplement } from "../../src/analytic/product.js";
import { fixture } from "../helpers.js";
import { betaOf, expectAbsolute, expectRelative } from "./relative.js";

const ref = fixture("analytic");

describe("CF of the product XY of unit-variance SGND", () => {
  const cases = ref.productCf as { beta: number | "inf"; t: number; cf: number; complement: number }[];
  it.each(cases)("β=$beta t=$t (scipy double integral / mpmath Si, Ci)", ({ beta, t, cf, complement }) => {
    const b = betaOf(beta);
    // The fixture's own accuracy is ≈1e-13 absolute (checked by two routes in the generator).
    expectAbsolute(productCf(t, b), cf, 1e-11);
    expect(productCf(-t, b)).toBe(productCf(t, b));
    // The complement keeps its relative accuracy where 1 − φ is small.
    expectRelative(productCfComplement(t, b), complement, complement < 1e-6 ? 1e-6 : 1e-9);
  });

  it("Gaussian closed form (1+t²)^{-1/2}, and its complement without cancellation", () => {
    for (const t of [1e-9, 1e-3, 0.5, 2, 1e5]) {
      expectRelative(productCf(t, 2), 1 / Math.sqrt(1 + t * t), 1e-15);
    }
    // 1 − (1+t²)^{-1/2} = t²/2 − 3t⁴/8 + …
    expectRelative(productCfComplement(1e-6, 2), 0.5e-12, 1e-12);
    expectRelative(productCfComplement(1e-6, 1), 0.5e-12, 1e-10);
    expectRelative(productCfComplement(1e-6, Infinity), 0.5e-12, 1e-10);
    expectRelative(productCfComplement(1e-6, 3), 0.5e-12, 1e-10);
    expectRelative(productCfComplement(1e-6, 0.5), 0.5e-12, 1e-10);
  });

  it("the general method matches the closed forms next to β = 1 and 2 (within the O(Δβ) change)", () => {
    for (const t of [0.05, 1, 10, 1000]) {
      expectAbsolute(productCf(t, 2 + 1e-9), productCf(t, 2), 1e-8);
      expectAbsolute(productCf(t, 1 + 1e-9), productCf(t, 1), 1e-8);
      expectAbsolute(productCf(t, 1 - 1e-9), productCf(t, 1), 1e-8);
    }
  });

  it("very large β approaches the uniform Si(3t)/(3t)", () => {
    for (const t of [0.1, 1, 10]) expectAbsolute(productCf(t, 1e4), productCf(t, Infinity), 1e-3);
  });

  it("edge values", () => {
    expect(productCf(0, 0.7)).toBe(1);
    expect(productCfComplement(0, 0.7)).toBe(0);
    expect(productCf(Infinity, 0.7)).toBe(0);
    expect(productCf(NaN, 2)).toBeNaN();
    expect(() => productCf(1, 0)).toThrow(/beta/);
  });
});

describe("m(d) = E|Σ X_k Y_k|", () => {
  // MATH.md §6, unit variance; the table holds 7–10 significant digits.
  const table: [number, number[]][] = [
    [2, [0.6366197724, 1, 2.1875, 6.35819224]],
    [1, [0.5, 0.8333333, 2.0184614, 6.2625391]],
    [Infinity, [0.75, 1.1111111, 2.2532761, 6.3820534]],
  ];
  it.each(table)("MATH.md §6 table, β = %s (1e-7 relative: the table's rounding)", (beta, values) => {
    [1, 2, 8, 64].forEach((d, i) => expectRelative(meanAbsInner(d, beta), values[i], 1e-7, `d=${d}`));
  });

  const cases = ref.meanAbsInner as { beta: number | "inf"; d: number; m: number }[];
  it.each(cases)("β=$beta d=$d (mpmath / scipy, 1e-11 relative)", ({ beta, d, m }) => {
    expectRelative(meanAbsInner(d, betaOf(beta)), m, 1e-11);
  });

  it("Laplace m(2) = 5/6 and uniform m(2) = 10/9 (exact values behind the table)", () => {
    expectRelative(meanAbsInner(2, 1), 5 / 6, 1e-11);
    expectRelative(meanAbsInner(2, Infinity), 10 / 9, 1e-11);
  });

  it("large d: the Edgeworth correction m(d)/√(2d/π) ≈ 1 − γ₂/(24d), γ₂ = κ_X² − 3 the excess kurtosis of XY", () => {
    for (const beta of [0.5, 1, 1.5, 2, 3, Infinity]) {
      const kappa = new Sgnd({ beta }).kurtosis();
      const predicted = (kappa * kappa - 3) / (24 * 8192);
      const deficit = 1 - meanAbsInner(8192, beta) / Math.sqrt((2 * 8192) / Math.PI);
      // The next Edgeworth term is O(1/d²) relative, larger for heavy tails: 15% for β = 0.5,
      // 0.5% otherwise. For the uniform the deficit is 1.2e-6, so this checks m to ~1e-8.
      expectRelative(deficit, predicted, beta === 0.5 ? 0.15 : 5e-3, `β=${beta}`);
    }
  });

  it("huge β: m(2) approaches the uniform's 10/9 (the difference shrinks like 1/β²)", () => {
    expectRelative(meanAbsInner(2, 1e4), 10 / 9, 1e-7);
  });

  it("caches per (d, β): the second call is the same number, much faster", () => {
    const t0 = performance.now();
    const a = meanAbsInner(37, 0.7);
    const first = performance.now() - t0;
    const t1 = performance.now();
    const b = meanAbsInner(37, 0.7);
    const second = performance.now() - t1;
    expect(b).toBe(a);
    expect(second).toBeLessThan(first);
  });

  it("rejects d that is not a positive integer", () => {
    expect(() => meanAbsInner(0, 2)).toThrow(/d must be an integer >= 1/);
    expect(() => meanAbsInner(2.5, 2)).toThrow(RangeError);
    expect(() => meanAbsInner(NaN, 2)).toThrow(RangeError);
    expect(() => meanAbsInner(2, -1)).toThrow(/beta/);
  });
});
