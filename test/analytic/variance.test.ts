import { describe, expect, it } from "vitest";
import {
  chiLogLaplace,
  exactGaussianVariance,
  meanFieldVariance,
  paperClosedForm,
  paperClosedFormForBeta,
  upperBound,
} from "../../src/analytic/variance.js";
import { fixture } from "../helpers.js";
import { expectRelative } from "./relative.js";

const ref = fixture("analytic");

describe("ln E[e^{−sR}], R ~ χ_k (the inner integral of V)", () => {
  const cases = fixture("chi_laplace").chiLogLaplace as { k: number; s: number; value: number }[];
  // mpmath at 40 digits (scripts/fixtures/fixtures_chi_laplace.py). The logarithm
  // reaches −k·asinh(s/2√k) ≈ −10⁴ here, where double precision itself carries an
  // absolute error ~1e-16·|value|: hence 1e-13·max(1, |value|).
  it.each(cases)("k=$k s=$s against mpmath (1e-13·max(1, |value|) absolute)", ({ k, s, value }) => {
    expect(Math.abs(chiLogLaplace(k)(s) - value)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(value)));
  });

  it("is 0 at s = 0 and decreasing in s", () => {
    for (const k of [2, 9, 1025]) {
      const f = chiLogLaplace(k);
      expect(f(0)).toBe(0);
      let last = 0;
      for (const s of [1e-9, 1e-3, 0.5, 3, 40, 1e3, 1e5]) {
        const v = f(s);
        expect(v).toBeLessThan(last);
        last = v;
      }
    }
  });
});

describe("exact Gaussian V(d, n)", () => {
  // MATH.md §6 (10 significant digits).
  const table: [number, number, number, number | null][] = [
    [1, 2, 0.5, 0.6110154704],
    [2, 2, 0.3116126201, 0.3333333333],
    [2, 4, 0.1753208747, 0.2],
    [5, 3, 0.1173175525, null],
    [8, 8, 0.04210470613, 0.04289544236],
    [128, 64, 0.001440923273, null],
  ];
  it.each(table)("MATH.md §6: d=%i n=%i (1e-9 relative)", (d, n, exact, meanField) => {
    // 10 printed digits: rounding alone allows 5e-10 relative.
    expectRelative(exactGaussianVariance(d, n), exact, 1e-9);
    if (meanField !== null) expectRelative(meanFieldVariance(d, n, 2), meanField, 1e-9);
    expect(upperBound(d, n)).toBe(1 / d);
  });

  it("special cases: V(d,1) = 1/d, V(1,n) = 1/n, V(2,2) = ln(1+√2)/(2√2) (1e-13 relative)", () => {
    for (const d of [1, 2, 3, 17, 512, 8192]) expectRelative(exactGaussianVariance(d, 1), 1 / d, 1e-13, `V(${d},1)`);
    for (const n of [2, 3, 17, 512, 8192]) expectRelative(exactGaussianVariance(1, n), 1 / n, 1e-13, `V(1,${n})`);
    expectRelative(exactGaussianVariance(2, 2), Math.log(1 + Math.SQRT2) / (2 * Math.SQRT2), 1e-12);
  });

  const cases = ref.variance as { d: number; n: number; exact: number; meanField: number }[];
  it.each(cases)("d=$d n=$n against mpmath (parabolic-cylinder form, 1e-13 relative)", ({ d, n, exact, meanField }) => {
    expectRelative(exactGaussianVariance(d, n), exact, 1e-13);
    expectRelative(meanFieldVariance(d, n, 2), meanField, 1e-13);
  });

  it("mean-field is neither bound: above V at (8,8), below at (16,4)", () => {
    expect(meanFieldVariance(8, 8, 2)).toBeGreaterThan(exactGaussianVariance(8, 8));
    expect(meanFieldVariance(16, 4, 2)).toBeLessThan(exactGaussianVariance(16, 4));
  });

  it("stays finite and ordered for sizes up to 10^6", () => {
    const v = exactGaussianVariance(1_000_000, 1_000_000);
    expect(v).toBeGreaterThan(0);
    expect(v).toBeLessThan(1e-6);
    // large square layers: d·V ≈ 0.63·2/√n·…; compare with the mean-field value at 1%
    expectRelative(v, meanFieldVariance(1_000_000, 1_000_000, 2), 1e-2);
  });

  it("rejects non-integer or non-positive shapes", () => {
    expect(() => exactGaussianVariance(0, 3)).toThrow(/d must be an integer >= 1, got 0/);
    expect(() => exactGaussianVariance(3, 1.5)).toThrow(/n must be an integer >= 1/);
    expect(() => exactGaussianVariance(NaN, 3)).toThrow(RangeError);
    expect(() => upperBound(2, -1)).toThrow(RangeError);
    expect(() => meanFieldVariance(2, 2, 0)).toThrow(/beta/);
  });
});

describe("the paper's closed forms (its approximations)", () => {
  const cases = ref.paper as { d: number; n: number; laplace: number; gaussian: number; uniform: number }[];
  it.each(cases)("d=$d n=$n", ({ d, n, laplace, gaussian, uniform }) => {
    expectRelative(paperClosedForm(d, n, "laplace"), laplace, 1e-15);
    expectRelative(paperClosedForm(d, n, "gaussian"), gaussian, 1e-15);
    expectRelative(paperClosedForm(d, n, "uniform"), uniform, 1e-15);
  });

  it("paperClosedFormForBeta: β = 1, 2, ∞ map to Laplace, normal, uniform; null otherwise", () => {
    expect(paperClosedFormForBeta(1)!(8, 8)).toBe(paperClosedForm(8, 8, "laplace"));
    expect(paperClosedFormForBeta(2)!(8, 8)).toBe(paperClosedForm(8, 8, "gaussian"));
    expect(paperClosedFormForBeta(Infinity)!(8, 8)).toBe(paperClosedForm(8, 8, "uniform"));
    expect(paperClosedFormForBeta(1.5)).toBeNull();
    expect(paperClosedFormForBeta(3)).toBeNull();
  });

  it("rejects an unknown distribution name", () => {
    expect(() => paperClosedForm(2, 2, "cauchy" as never)).toThrow(/dist must be one of/);
  });
});
