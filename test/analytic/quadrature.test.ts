import { describe, expect, it } from "vitest";
import { integrate } from "../../src/analytic/quadrature.js";
import { expectAbsolute, expectRelative } from "./relative.js";

describe("Gauss–Kronrod rule", () => {
  it("the 15-point Kronrod rule integrates x^k exactly on [-1, 1] for k ≤ 22 (one panel, no bisection)", () => {
    for (let k = 0; k <= 22; k++) {
      const exact = k % 2 === 1 ? 0 : 2 / (k + 1);
      const r = integrate((x) => Math.pow(x, k), -1, 1, { maxSubdivisions: 0 });
      expect(r.evaluations).toBe(15);
      // Exact rule: only rounding, a few ulps of the weights' sum.
      expectAbsolute(r.value, exact, 1e-15, `x^${k}`);
    }
  });

  it("and does not integrate x^30 exactly (the test above can fail)", () => {
    const r = integrate((x) => Math.pow(x, 30), -1, 1, { maxSubdivisions: 0 });
    expect(Math.abs(r.value - 2 / 31)).toBeGreaterThan(1e-12);
  });

  it("its error estimate on one panel is reported and bisection drives it down", () => {
    const one = integrate((x) => Math.exp(Math.sin(5 * x)), 0, 3, { maxSubdivisions: 0 });
    const adaptive = integrate((x) => Math.exp(Math.sin(5 * x)), 0, 3, { relTol: 1e-13 });
    expect(one.error).toBeGreaterThan(adaptive.error);
    expect(adaptive.converged).toBe(true);
  });
});

describe("integrate: known integrals", () => {
  const cases: [string, (x: number) => number, number, number, number][] = [
    ["sin on [0, π]", Math.sin, 0, Math.PI, 2],
    ["x^{-1/2} on [0, 1] (endpoint singularity)", (x) => 1 / Math.sqrt(x), 0, 1, 2],
    ["ln x on [0, 1] (log singularity)", Math.log, 0, 1, -1],
    ["x^{-0.8} on [0, 1] (strong singularity)", (x) => Math.pow(x, -0.8), 0, 1, 5],
    ["e^{-x} on [0, ∞)", (x) => Math.exp(-x), 0, Infinity, 1],
    ["1/(1+x²) on [0, ∞) (algebraic tail)", (x) => 1 / (1 + x * x), 0, Infinity, Math.PI / 2],
    ["e^{-x²} on (−∞, ∞)", (x) => Math.exp(-x * x), -Infinity, Infinity, Math.sqrt(Math.PI)],
    ["e^{x} on (−∞, 0]", Math.exp, -Infinity, 0, 1],
    ["x^{-1/2} e^{-x} on [0, ∞) = √π", (x) => Math.exp(-x) / Math.sqrt(x), 0, Infinity, Math.sqrt(Math.PI)],
    ["cos(30x) on [0, 2π] (oscillatory)", (x) => Math.cos(30 * x) * Math.exp(-x), 0, 2 * Math.PI, (1 - Math.exp(-2 * Math.PI)) / 901],
  ];
  it.each(cases)("%s", (_name, f, a, b, exact) => {
    const r = integrate(f, a, b, { relTol: 1e-12 });
    expect(r.converged).toBe(true);
    // Requested 1e-12 relative; allow 1e-11 for the singular cases' rounding floor.
    expectRelative(r.value, exact, 1e-11);
    // The error estimate must cover the actual error.
    expect(Math.abs(r.value - exact)).toBeLessThanOrEqual(Math.max(r.error, 1e-15 * Math.abs(exact)));
  });

  it("reversed bounds change the sign; equal bounds give 0 without evaluating", () => {
    expectRelative(integrate(Math.sin, Math.PI, 0).value, -2, 1e-13);
    expect(integrate(Math.sin, 1, 1)).toEqual({ value: 0, error: 0, evaluations: 0, converged: true });
  });

  it("a length scale for [a, ∞) helps an integrand living far out", () => {
    const f = (x: number) => Math.exp(-x / 1000) / 1000;
    const r = integrate(f, 0, Infinity, { scale: 1000 });
    expectRelative(r.value, 1, 1e-12);
  });

  it("absolute tolerance stops early for an integral that is 0", () => {
    const r = integrate((x) => Math.sin(x), -1, 1, { absTol: 1e-14 });
    expect(r.converged).toBe(true);
    expectAbsolute(r.value, 0, 1e-14);
  });

  it("the subdivision guard stops a hopeless integrand and says so", () => {
    const r = integrate((x) => Math.sin(1 / x) / x, 0, 1, { relTol: 1e-14, maxSubdivisions: 20 });
    expect(r.converged).toBe(false);
    expect(r.evaluations).toBeLessThanOrEqual(15 * (1 + 2 * 20));
  });

  it("NaN bounds and a bad scale are RangeErrors", () => {
    expect(() => integrate(Math.sin, NaN, 1)).toThrow(RangeError);
    expect(() => integrate(Math.exp, 0, Infinity, { scale: -1 })).toThrow(/scale/);
  });
});
