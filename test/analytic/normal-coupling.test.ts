import { describe, expect, it } from "vitest";
import { fixture, kernels } from "../helpers.js";
import { couplingTable, coupledEntryMoments, normalToSgnd, normalToSgndSlope } from "../../src/analytic/normal-coupling.js";
import { exactGaussianVariance, exactGaussianVarianceSll } from "../../src/analytic/variance.js";
import { coupleValues } from "../../src/wasm/lipschitz.js";

interface QuantileCase {
  beta: number | "inf";
  z: number[];
  value: number[];
  cross: number;
}
const fx = fixture<{ quantile: QuantileCase[]; exactSll: { d: number; q: number[]; value: number }[] }>("coupling");
const betaOf = (b: number | "inf") => (b === "inf" ? Infinity : b);
const worstRelative = (got: ArrayLike<number>, want: number[]) => Math.max(...want.map((w, i) => Math.abs(got[i] - w) / Math.abs(w)));

describe("the Gaussian coupling T_β = F_β⁻¹∘Φ (scipy fixtures, 1e-6 ≤ |z| ≤ 8)", () => {
  for (const c of fx.quantile) {
    it(`β = ${c.beta}: exact map, Wasm table and E[T(Z)Z]`, async () => {
      const beta = betaOf(c.beta);
      // The host's map: incomplete-gamma inverse (stdlib) vs scipy's; both ~1e-15, held to 1e-13.
      expect(worstRelative(c.z.map((z) => normalToSgnd(z, beta)), c.value)).toBeLessThan(1e-13);
      // The kernel's table (cubic Hermite, 256 steps per octave): ≤ 6e-12 measured, held to 1e-11.
      const k = await kernels();
      expect(worstRelative(coupleValues(k, couplingTable(beta), c.z), c.value)).toBeLessThan(1e-11);
      // E[T(Z)Z] by quadrature on both sides: 1e-13.
      expect(Math.abs(coupledEntryMoments(beta).cross / c.cross - 1)).toBeLessThan(1e-13);
    });
  }

  it("is the identity for β = 2 (no table) and odd with T'(0) > 0 otherwise", async () => {
    const k = await kernels();
    expect(couplingTable(2)).toBeNull();
    expect(Array.from(coupleValues(k, null, [-1.5, 0, 2]))).toEqual([-1.5, 0, 2]);
    for (const beta of [0.5, 1, Infinity]) {
      expect(normalToSgnd(-0.7, beta)).toBe(-normalToSgnd(0.7, beta));
      expect(normalToSgndSlope(0, beta)).toBeGreaterThan(0);
      expect(coupleValues(k, couplingTable(beta), [0])[0]).toBe(0);
    }
    expect(() => normalToSgnd(1, 0)).toThrow(/beta must be a number > 0/);
  });

  it("the known moments of W: unit-scale E W², E W⁴ (uniform 1/3, 1/5; Laplace 2, 24)", () => {
    expect(coupledEntryMoments(Infinity)).toMatchObject({ variance: 1 / 3, fourth: 1 / 5 });
    const lap = coupledEntryMoments(1);
    expect(lap.variance).toBeCloseTo(2, 14);
    expect(lap.fourth).toBeCloseTo(24, 12);
  });
});

describe("exactGaussianVarianceSll (nested scipy quadrature)", () => {
  for (const c of fx.exactSll) {
    it(`d = ${c.d}, q = [${c.q}]`, () => {
      expect(Math.abs(exactGaussianVarianceSll(c.d, c.q) / c.value - 1)).toBeLessThan(1e-10);
    });
  }
  it("q ≡ c is AOL for any c, and bad q is refused", () => {
    expect(exactGaussianVarianceSll(8, Array(8).fill(3))).toBe(exactGaussianVariance(8, 8));
    expect(() => exactGaussianVarianceSll(4, [1, -1])).toThrow(/q\[1\] must be a positive finite number/);
    expect(() => exactGaussianVarianceSll(4, [])).toThrow(/q must be a non-empty array/);
  });
});
