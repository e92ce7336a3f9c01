/**
 * Sgnd and Pgnd as distribution objects (scipy's gennorm and halfgennorm):
 * logpdf, sf, isf, mean, variance, std, kurtosis and entropy against
 * test/fixtures/gennorm.json (scripts/fixtures/fixtures_gennorm.py: scipy,
 * cross-checked against 40-digit mpmath), and `sample` against the Wasm
 * sampler it wraps. Tolerances are stated in machine epsilons
 * (ε = 2^−52 ≈ 2.2e-16) of relative error next to each assertion; below the
 * smallest normal double (2.2e-308) the comparison is absolute, since scipy
 * flushes subnormal tails to 0.
 */
import { describe, expect, it } from "vitest";
import { Pgnd, Sgnd } from "../../src/analytic/gnd.js";
import { sampleSgnd } from "../../src/wasm/sampling.js";
import { fixture, kernels } from "../helpers.js";
import { betaOf } from "./relative.js";

const EPS = Number.EPSILON;
const TINY = 2.3e-308;

interface Case {
  beta: number | "inf";
  alpha: number;
  x: number[];
  q: number[];
  logpdf: number[];
  sf: number[];
  isf: number[];
  absLogpdf: number[];
  absSf: number[];
  absIsf: number[];
  mean: number;
  variance: number;
  kurtosis: number;
  entropy: number;
  absMean: number;
  absVariance: number;
  absKurtosis: number;
  absEntropy: number;
}

/** The fixture writes infinities as "inf" and "-inf" (JSON has none). */
const decode = (v: unknown): unknown =>
  v === "inf" ? Infinity : v === "-inf" ? -Infinity : Array.isArray(v) ? v.map(decode) : v !== null && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === "beta" ? x : decode(x)])) : v;
const cases = (decode(fixture("gennorm")) as { cases: Case[] }).cases;
const label = (c: Case) => `beta=${c.beta} alpha=${c.alpha}`;

/** |actual − expected| ≤ ulps·ε·|expected| (or ≤ TINY below the normal range); infinities must match exactly. */
function expectUlps(actual: number, expected: number, ulps: number, what: string): void {
  if (!Number.isFinite(expected)) {
    expect(actual, what).toBe(expected);
    return;
  }
  const err = Math.abs(actual - expected);
  const bound = Math.max(ulps * EPS * Math.abs(expected), TINY);
  if (!(err <= bound)) expect.fail(`${what}: error ${(err / (EPS * Math.abs(expected))).toFixed(1)} ε > ${ulps} ε (got ${actual}, expected ${expected})`);
}

describe("Sgnd against scipy.stats.gennorm (uniform for beta = Infinity)", () => {
  it.each(cases.map((c) => [label(c), c] as const))("logpdf, sf, isf, moments, entropy (%s)", (_l, c) => {
    const X = new Sgnd({ beta: betaOf(c.beta), alpha: c.alpha });
    // logpdf: a log, an lgamma and a power (|x/α|^β up to 6^β·…, whose rounding the
    // large terms carry); ≤ 32 ε (24 ε seen).
    c.x.forEach((x, i) => expectUlps(X.logpdf(x), c.logpdf[i], 32, `logpdf(${x})`));
    // sf: the regularised upper incomplete gamma (stdlib), relative also in the far tails; ≤ 256 ε (117 ε seen).
    c.x.forEach((x, i) => expectUlps(X.sf(x), c.sf[i], 256, `sf(${x})`));
    // isf, q down to 1e-300: inverse incomplete gamma, Newton-refined in the far tail, then
    // a 1/β power; ≤ 64 ε (36 ε seen).
    c.q.forEach((q, i) => expectUlps(X.isf(q), c.isf[i], 64, `isf(${q})`));
    expect(X.mean()).toBe(c.mean); // 0 exactly
    // Moments and entropy: ratios of gamma functions; ≤ 16 ε (8 ε seen), kurtosis ≤ 32 ε (21 ε seen).
    expectUlps(X.variance(), c.variance, 16, "variance");
    expectUlps(X.std(), Math.sqrt(c.variance), 16, "std");
    expectUlps(X.kurtosis(), c.kurtosis, 32, "kurtosis");
    expectUlps(X.entropy(), c.entropy, 16, "entropy");
  });
});

describe("Pgnd against scipy.stats.halfgennorm (uniform for beta = Infinity)", () => {
  it.each(cases.map((c) => [label(c), c] as const))("logpdf, sf, isf, moments, entropy (%s)", (_l, c) => {
    const A = new Pgnd({ beta: betaOf(c.beta), alpha: c.alpha });
    c.x.forEach((x, i) => expectUlps(A.logpdf(x), c.absLogpdf[i], 32, `logpdf(${x})`)); // ≤ 32 ε as for Sgnd
    c.x.forEach((x, i) => expectUlps(A.sf(x), c.absSf[i], 256, `sf(${x})`)); // ≤ 256 ε as for Sgnd
    c.q.forEach((q, i) => expectUlps(A.isf(q), c.absIsf[i], 64, `isf(${q})`)); // ≤ 64 ε as for Sgnd
    expectUlps(A.mean(), c.absMean, 16, "mean"); // a gamma ratio, ≤ 16 ε
    // Var|X| = E X² − (E|X|)² cancels by up to 4× (uniform: 1/3 − 1/4); ≤ 16 ε (6 ε seen).
    expectUlps(A.variance(), c.absVariance, 16, "variance");
    // The central fourth moment from raw moments cancels by up to ~40× (uniform); ≤ 32 ε (21 ε seen).
    expectUlps(A.kurtosis(), c.absKurtosis, 32, "kurtosis");
    expectUlps(A.entropy(), c.absEntropy, 16, "entropy");
  });
});

describe("named distributions and defaults", () => {
  it("{ dist } names the law as the experiments do; no dist and no beta is the unit-variance Gaussian", () => {
    expect(new Sgnd({ dist: "laplace" }).beta).toBe(1);
    expect(new Sgnd({ dist: "uniform" }).beta).toBe(Infinity);
    expect(new Sgnd({ dist: "gnd", beta: 1.5 }).beta).toBe(1.5);
    const g = new Sgnd({});
    expect(g.beta).toBe(2);
    expect(g.variance()).toBeCloseTo(1, 14);
    expect(() => new Sgnd({ dist: "laplace", beta: 2 })).toThrow(/^beta 2 conflicts with dist laplace \(beta = 1\); use dist gnd$/);
    expect(() => new Sgnd({ dist: "gnd" })).toThrow(/^beta is required with dist gnd/);
    expect(() => new Pgnd({ dist: "cauchy" as never })).toThrow(/^dist must be one of gaussian, laplace, uniform, gnd, got cauchy$/);
  });

  it("NaN in gives NaN out; probabilities outside [0, 1] give NaN", () => {
    const X = new Sgnd({ beta: 1.5 });
    const A = new Pgnd({ beta: 1.5 });
    for (const f of [(v: number) => X.logpdf(v), (v: number) => X.sf(v), (v: number) => X.isf(v), (v: number) => A.logpdf(v), (v: number) => A.sf(v), (v: number) => A.isf(v)]) {
      expect(f(NaN)).toBeNaN();
    }
    for (const q of [-0.1, 1.5]) {
      expect(X.isf(q)).toBeNaN();
      expect(A.isf(q)).toBeNaN();
    }
    expect(A.sf(-1)).toBe(1);
    expect(A.isf(1)).toBe(0);
    expect(A.logpdf(-1)).toBe(-Infinity);
  });
});

describe("sample: the Wasm sampler's draws for the object's parameters", () => {
  it("Sgnd.sample equals sampleSgnd with the same α, β, seed and stream, and fills `out`", async () => {
    const k = await kernels();
    const X = new Sgnd({ beta: 0.7, variance: 3 });
    const a = X.sample(k, { count: 1000, seed: 12, stream: 5 });
    expect(a).toEqual(sampleSgnd(k, { beta: 0.7, alpha: X.alpha, count: 1000, seed: 12, stream: 5 }));
    const out = new Float64Array(1000);
    expect(X.sample(k, { count: 1000, seed: 12, stream: 5, out })).toBe(out);
    expect(out).toEqual(a);
  });

  it("Pgnd.sample gives the same draws without their signs", async () => {
    const k = await kernels();
    const x = new Sgnd({ dist: "laplace", alpha: 2 }).sample(k, { count: 500, seed: 9 });
    const y = new Pgnd({ dist: "laplace", alpha: 2 }).sample(k, { count: 500, seed: 9 });
    expect(Array.from(y)).toEqual(Array.from(x, Math.abs));
  });

  it("bad counts, seeds and streams are RangeErrors naming them", async () => {
    const k = await kernels();
    const X = new Sgnd({});
    expect(() => X.sample(k, { count: 0, seed: 1 })).toThrow(/^count must be an integer from 1/);
    expect(() => X.sample(k, { count: 3, seed: -1 })).toThrow(/^seed must be an integer from 0 to 2\^64-1/);
    expect(() => X.sample(k, { count: 3, seed: 1, stream: 2 ** 32 })).toThrow(/^stream must be an integer in \[0, 2\^32\)/);
    expect(() => X.sample(k, undefined as never)).toThrow(/^options must be an object/);
  });
});
