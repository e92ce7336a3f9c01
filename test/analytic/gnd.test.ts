import { describe, expect, it } from "vitest";
import { alphaForVariance, Pgnd, Sgnd } from "../../src/analytic/gnd.js";
import { erfcx } from "../../src/analytic/special.js";
import { fixture } from "../helpers.js";
import { betaOf, expectAbsolute, expectRelative } from "./relative.js";

interface DistCase {
  beta: number | "inf";
  alpha: number;
  x: number[];
  pdf: number[];
  cdf: number[];
  p: number[];
  quantile: number[];
  absPdf: number[];
  absCdf: number[];
  absQuantile: number[];
  absMomentK: number[];
  absMoment: number[];
  variance: number;
  kurtosis: number;
  farTailX?: number[];
  farTailCdf?: number[];
}

const ref = fixture("analytic");
const dists = ref.distributions as DistCase[];
const label = (c: { beta: number | "inf"; alpha: number }) => `beta=${c.beta} alpha=${c.alpha}`;

describe("SGND against scipy.stats.gennorm / uniform", () => {
  it.each(dists.map((c) => [label(c), c] as const))("pdf, cdf, quantile (%s)", (_l, c) => {
    const X = new Sgnd({ beta: betaOf(c.beta), alpha: c.alpha });
    c.x.forEach((x, i) => {
      expectRelative(X.pdf(x), c.pdf[i], 1e-13, `pdf(${x})`);
      expectRelative(X.cdf(x), c.cdf[i], 1e-13, `cdf(${x})`);
    });
    c.p.forEach((p, i) => {
      // gammaincinv (stdlib vs scipy's Cephes/Boost): 1e-12 relative.
      expectRelative(X.quantile(p), c.quantile[i], 1e-12, `quantile(${p})`);
    });
  });

  it.each(dists.filter((c) => c.farTailX).map((c) => [label(c), c] as const))("far lower tail keeps relative accuracy (%s)", (_l, c) => {
    const X = new Sgnd({ beta: betaOf(c.beta), alpha: c.alpha });
    c.farTailX!.forEach((x, i) => {
      expect(c.farTailCdf![i]).toBeLessThan(1e-10); // a real tail: 1 − cdf would have lost digits
      expectRelative(X.cdf(x), c.farTailCdf![i], 1e-12, `cdf(${x})`);
    });
  });

  it.each(dists.map((c) => [label(c), c] as const))("moments, variance, kurtosis (%s)", (_l, c) => {
    const X = new Sgnd({ beta: betaOf(c.beta), alpha: c.alpha });
    c.absMomentK.forEach((k, i) => expectRelative(X.absMoment(k), c.absMoment[i], 1e-13, `E|X|^${k}`));
    expectRelative(X.variance(), c.variance, 1e-13, "variance");
    expectRelative(X.kurtosis(), c.kurtosis, 1e-12, "kurtosis");
  });
});

describe("PGND = |X| against scipy.stats.halfgennorm", () => {
  it.each(dists.map((c) => [label(c), c] as const))("pdf, cdf, quantile, moments (%s)", (_l, c) => {
    const A = new Pgnd({ beta: betaOf(c.beta), alpha: c.alpha });
    c.x.forEach((x, i) => {
      if (x === 0) return; // the density at 0 is a one-sided limit; checked separately
      expectRelative(A.pdf(x), c.absPdf[i], 1e-13, `pdf(${x})`);
      expectRelative(A.cdf(x), c.absCdf[i], 1e-13, `cdf(${x})`);
    });
    c.p.forEach((p, i) => expectRelative(A.quantile(p), c.absQuantile[i], 1e-12, `quantile(${p})`));
    c.absMomentK.forEach((k, i) => expectRelative(A.moment(k), c.absMoment[i], 1e-13, `E|X|^${k}`));
  });
});

describe("closed values and parameterisation", () => {
  it("kurtosis is 3 normal, 6 Laplace, 9/5 uniform (1e-15 relative)", () => {
    expectRelative(new Sgnd({ beta: 2 }).kurtosis(), 3, 1e-15);
    expectRelative(new Sgnd({ beta: 1 }).kurtosis(), 6, 1e-15);
    expect(new Sgnd({ beta: Infinity }).kurtosis()).toBe(9 / 5);
  });

  it("unit variance by default; β = 2 has σ = α/√2; uniform α = √3", () => {
    for (const beta of [0.3, 0.5, 1, 2, 3, 8, Infinity]) expectRelative(new Sgnd({ beta }).variance(), 1, 1e-14, `beta=${beta}`);
    expectRelative(new Sgnd({ beta: 2, variance: 4 }).alpha, 2 * Math.SQRT2, 1e-15);
    expectRelative(new Sgnd({ beta: Infinity }).alpha, Math.sqrt(3), 1e-15);
  });

  it.each(ref.alphaForVariance as { beta: number | "inf"; variance: number; alpha: number }[])(
    "alphaForVariance($variance, $beta) matches scipy's scaling (1e-14 relative)",
    ({ beta, variance, alpha }) => {
      expectRelative(alphaForVariance(variance, betaOf(beta)), alpha, 1e-14);
    },
  );

  it("large β approaches the uniform", () => {
    const big = new Sgnd({ beta: 1e4, alpha: 1 });
    const u = new Sgnd({ beta: Infinity, alpha: 1 });
    for (const x of [-0.9, -0.3, 0.5]) expectAbsolute(big.cdf(x), u.cdf(x), 1e-3);
    expectAbsolute(big.variance(), u.variance(), 1e-3);
  });
});

describe("edge cases", () => {
  const X = new Sgnd({ beta: 1.5, alpha: 2 });
  const U = new Sgnd({ beta: Infinity, alpha: 2 });
  const A = new Pgnd({ beta: 1.5, alpha: 2 });

  it("NaN arguments give NaN; probabilities outside [0, 1] give NaN", () => {
    const pointwise: ((v: number) => number)[] = [
      (v) => X.pdf(v), (v) => X.cdf(v), (v) => X.quantile(v), (v) => X.cf(v),
      (v) => A.pdf(v), (v) => A.cdf(v), (v) => A.quantile(v), (v) => A.mgf(v), (v) => A.logMgf(v),
    ];
    for (const f of pointwise) expect(f(NaN)).toBeNaN();
    expect(X.quantile(-0.1)).toBeNaN();
    expect(X.quantile(1.1)).toBeNaN();
    expect(A.quantile(2)).toBeNaN();
  });

  it("±∞ and 0", () => {
    expect(X.pdf(Infinity)).toBe(0);
    expect(X.cdf(-Infinity)).toBe(0);
    expect(X.cdf(Infinity)).toBe(1);
    expect(X.cdf(0)).toBe(0.5);
    expect(X.quantile(0)).toBe(-Infinity);
    expect(X.quantile(1)).toBe(Infinity);
    expect(X.quantile(0.5)).toBe(0);
    expect(X.cf(0)).toBe(1);
    expect(X.cf(Infinity)).toBe(0);
    expect(A.cdf(0)).toBe(0);
    expect(A.cdf(-1)).toBe(0);
    expect(A.pdf(-1)).toBe(0);
    expect(A.quantile(0)).toBe(0);
    expect(A.quantile(1)).toBe(Infinity);
    expect(A.mgf(0)).toBe(1);
    expect(A.mgf(-Infinity)).toBe(0);
  });

  it("the uniform's support ends", () => {
    expect(U.pdf(2)).toBe(0.25);
    expect(U.pdf(2.0000001)).toBe(0);
    expect(U.cdf(-2)).toBe(0);
    expect(U.cdf(5)).toBe(1);
    expect(U.quantile(0)).toBe(-2);
    expect(U.quantile(1)).toBe(2);
  });

  it("the density at 0 of |X| is twice that of X", () => {
    expectRelative(A.pdf(0), 2 * X.pdf(0), 1e-15);
  });

  it("parameter errors are RangeErrors naming the parameter", () => {
    expect(() => new Sgnd({ beta: 0 })).toThrow(/beta must be a number > 0 or Infinity, got 0/);
    expect(() => new Sgnd({ beta: NaN })).toThrow(/beta/);
    expect(() => new Sgnd({ beta: -Infinity })).toThrow(/beta/);
    expect(() => new Sgnd({ beta: 2, alpha: 0 })).toThrow(/alpha must be a finite number > 0/);
    expect(() => new Sgnd({ beta: 2, alpha: Infinity })).toThrow(/alpha/);
    expect(() => new Sgnd({ beta: 2, variance: -1 })).toThrow(/variance/);
    expect(() => new Sgnd({ beta: 2, alpha: 1, variance: 1 })).toThrow(/either alpha or variance/);
    expect(() => alphaForVariance(NaN, 2)).toThrow(RangeError);
    expect(() => X.absMoment(-1)).toThrow(/k must be a finite number > -1/);
    expect(() => A.moment(NaN)).toThrow(RangeError);
  });
});

describe("characteristic function of SGND", () => {
  const cases = ref.cf as { beta: number; alpha: number; t: number; cf: number }[];
  it.each(cases)("β=$beta α=$alpha t=$t (mpmath quadosc, 1e-11 absolute)", ({ beta, alpha, t, cf }) => {
    const X = new Sgnd({ beta, alpha });
    // Target of the brief: 1e-10 absolute for |t|α ≤ 50; held to 1e-11 here.
    expectAbsolute(X.cf(t), cf, 1e-11);
    expect(X.cf(-t)).toBe(X.cf(t));
  });

  it("closed forms: Laplace 1/(1+α²t²), normal e^{−α²t²/4}, uniform sin(αt)/(αt)", () => {
    for (const t of [0.1, 1, 7.5]) {
      expectRelative(new Sgnd({ beta: 1, alpha: 1.3 }).cf(t), 1 / (1 + 1.69 * t * t), 1e-15);
      // exp(−x) with x up to 24 turns one ulp of x into 24 ulps: 1e-14.
      expectRelative(new Sgnd({ beta: 2, alpha: 1.3 }).cf(t), Math.exp(-(1.69 * t * t) / 4), 1e-14);
      expectRelative(new Sgnd({ beta: Infinity, alpha: 1.3 }).cf(t), Math.sin(1.3 * t) / (1.3 * t), 1e-15);
    }
  });

  it("the general method is continuous in β across the closed forms (β = 1, 2 ± 1e-9)", () => {
    for (const b of [1, 2]) {
      for (const t of [0.3, 3, 30]) {
        const c = new Sgnd({ beta: b, alpha: 1 }).cf(t);
        // dφ/dβ is O(1): a 1e-9 change of β moves φ by ≲ 1e-8.
        expectAbsolute(new Sgnd({ beta: b + 1e-9, alpha: 1 }).cf(t), c, 1e-8, `β=${b}+ t=${t}`);
        expectAbsolute(new Sgnd({ beta: b - 1e-9, alpha: 1 }).cf(t), c, 1e-8, `β=${b}- t=${t}`);
      }
    }
  });
});

describe("MGF of PGND", () => {
  const cases = ref.mgf as { beta: number; alpha: number; t: number; mgf: number }[];
  it.each(cases)("β=$beta α=$alpha t=$t (mpmath quad, 1e-12 relative)", ({ beta, alpha, t, mgf }) => {
    const A = new Pgnd({ beta, alpha });
    expectRelative(A.mgf(t), mgf, 1e-12);
    expectRelative(A.logMgf(t), Math.log(mgf), 1e-12);
  });

  it.each(ref.normalAbsLaplace as { s: number; value: number }[])("standard normal: E e^{−s|Z|} = erfcx(s/√2) at s=$s (scipy)", ({ s, value }) => {
    expectRelative(new Pgnd({ beta: 2 }).mgf(-s), value, 1e-14);
    expectRelative(erfcx(s / Math.SQRT2), value, 1e-14);
  });

  it("is +Infinity outside its domain, never a number", () => {
    const laplace = new Pgnd({ beta: 1, alpha: 2 });
    expect(laplace.mgfDomain()).toEqual({ upper: 0.5, inclusive: false });
    expect(laplace.mgf(0.5)).toBe(Infinity);
    expect(laplace.mgf(0.7)).toBe(Infinity);
    expectRelative(laplace.mgf(0.4999), 1 / (1 - 2 * 0.4999), 1e-12);
    const heavy = new Pgnd({ beta: 0.5 });
    expect(heavy.mgfDomain()).toEqual({ upper: 0, inclusive: true });
    expect(heavy.mgf(1e-300)).toBe(Infinity);
    expect(heavy.mgf(0)).toBe(1);
    expect(Number.isFinite(heavy.mgf(-1))).toBe(true);
    for (const beta of [1.2, 2, 8, Infinity]) {
      const A = new Pgnd({ beta });
      expect(A.mgfDomain()).toEqual({ upper: Infinity, inclusive: false });
      expect(Number.isFinite(A.logMgf(1e4))).toBe(true);
    }
  });

  it("for β > 1 the logarithm stays finite where the MGF overflows", () => {
    const A = new Pgnd({ beta: 2, alpha: 1 });
    // ln E e^{t|X|} ≈ t²/4 + ln 2 for large t (X ~ N(0, 1/2)).
    expectRelative(A.logMgf(100), 2500 + Math.log(2), 1e-13);
    expect(A.mgf(100)).toBe(Infinity);
  });

  it("uniform: E e^{tU}, U ~ Uniform(0, α) = (e^{αt} − 1)/(αt)", () => {
    const A = new Pgnd({ beta: Infinity, alpha: 2 });
    for (const t of [-3, -1e-6, 0.2, 5]) expectRelative(A.mgf(t), Math.expm1(2 * t) / (2 * t), 1e-14);
  });
});
