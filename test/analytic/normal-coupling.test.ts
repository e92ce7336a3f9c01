import { describe, expect, it } from "vitest";
import { fixture, kernels } from "../helpers.js";
import { couplingTable, coupledEntryMoments, coupledSquareLaplace, crossControlMeans, normalToSgnd, normalToSgndSlope } from "../../src/analytic/normal-coupling.js";
import { exactGaussianVariance, exactGaussianVarianceSll } from "../../src/analytic/variance.js";
import { coupleValues, coupledVarianceChunk, COUPLED_CROSS_FIRST, COUPLED_RECORD } from "../../src/wasm/lipschitz.js";

interface QuantileCase {
  beta: number | "inf";
  z: number[];
  value: number[];
  cross: number;
}
const fx = fixture<{
  quantile: QuantileCase[];
  exactSll: { d: number; q: number[]; value: number }[];
  squareLaplace: { beta: number | "inf"; lambda: number; value: number }[];
  crossMeans: { d: number; n: number; beta: number | "inf"; values: number[] }[];
}>("coupling");
const betaOf = (b: number | "inf") => (b === "inf" ? Infinity : b);
const worstRelative = (got: ArrayLike<number>, want: number[]) => Math.max(...want.map((w, i) => Math.abs(got[i] - w) / Math.abs(w)));

describe("the Gaussian coupling T_β = F_β⁻¹∘Φ (scipy fixtures, 1e-6 ≤ |z| ≤ 8)", () => {
  for (const c of fx.quantile) {
    it(`β = ${c.beta}: exact map, Wasm table and E[T(Z)Z]`, async () => {
      const beta = betaOf(c.beta);
      // The host's map: incomplete-gamma inverse (stdlib) vs scipy's; both ~1e-15, held to 1e-13.
      expect(worstRelative(c.z.map((z) => normalToSgnd(z, beta)), c.value)).toBeLessThan(1e-13);
      // The kernel's table (cubic Hermite, 128 steps per octave): ≤ 6e-11 measured, held to 1e-10.
      const k = await kernels();
      expect(worstRelative(coupleValues(k, couplingTable(beta), c.z), c.value)).toBeLessThan(1e-10);
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

describe("the cross-projection controls X(a, t) (docs/MATH.md §5b)", () => {
  it("E e^{−λW²} agrees with mpmath (30 digits) to 1e-13 for every shape and λ from 1e-6 to 30", () => {
    for (const c of fx.squareLaplace) {
      expect(Math.abs(coupledSquareLaplace(betaOf(c.beta), c.lambda) / c.value - 1)).toBeLessThan(1e-13);
    }
    expect(coupledSquareLaplace(1, 0)).toBe(1);
    expect(() => coupledSquareLaplace(1, -1)).toThrow(/lambda must be a finite number >= 0/);
  });

  it("the 29 known means agree with mpmath to 1e-12 (raised to the d-th power, so d·1e-14)", () => {
    for (const c of fx.crossMeans) {
      expect(worstRelative(crossControlMeans(c.d, c.n, betaOf(c.beta)), c.values)).toBeLessThan(1e-12);
    }
  });

  // The kernel computes what the host's means describe: each X(a, t) averaged
  // over 40,000 matrices is within 4.5 SE of its known mean (29 statistics per
  // shape, fixed seeds; 4.5 SD makes a false alarm ~2e-4 per shape).
  for (const [beta, d, n] of [[1, 8, 8], [0.5, 6, 10], [Infinity, 16, 4], [2, 5, 3]] as const) {
    it(`the kernel's X(a, t) have the known means (β = ${beta}, ${d}×${n})`, async () => {
      const k = await kernels();
      const count = 40_000;
      const rec = coupledVarianceChunk(k, { d, n, table: couplingTable(beta), kappa: 1 / (d * coupledEntryMoments(beta).variance), count, seed: 77, stream: 3 });
      const mu = crossControlMeans(d, n, beta);
      mu.forEach((m, j) => {
        let s = 0;
        let s2 = 0;
        for (let r = 0; r < count; r++) {
          const x = rec[r * COUPLED_RECORD + COUPLED_CROSS_FIRST + j];
          s += x;
          s2 += x * x;
        }
        const mean = s / count;
        const se = Math.sqrt((s2 / count - mean * mean) / (count - 1));
        expect(Math.abs(mean - m)).toBeLessThanOrEqual(4.5 * se);
      });
    });
  }
});
