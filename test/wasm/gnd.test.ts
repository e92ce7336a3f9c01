/**
 * The samplers of assembly/gnd.ts through src/wasm/sampling.ts: moments and
 * Kolmogorov–Smirnov tests at fixed seeds, reproducibility across calls,
 * chunks and builds, edge cases, and argument validation.
 *
 * Reference values: test/fixtures/sampling.json (mpmath/scipy, see
 * scripts/fixtures/fixtures_sampling.py); the KS tests compare with the
 * analytic CDFs of src/analytic (Sgnd, and the regularised incomplete gamma).
 */
import { describe, expect, it } from "vitest";
import { fixture, kernels } from "../helpers.js";
import { Sgnd } from "../../src/analytic/gnd.js";
import { gammaP } from "../../src/analytic/special.js";
import { detectFeatures } from "../../src/wasm/features.js";
import type { BuildName } from "../../src/wasm/loader.js";
import {
  MAX_SAMPLE_COUNT,
  SAMPLE_CHUNK,
  sampleGamma,
  sampleNormal,
  sampleSgnd,
  sgndChunks,
  sgndScale,
} from "../../src/wasm/sampling.js";

interface SgndRef {
  beta: number | "inf";
  alpha: number;
  absMoments: Record<string, number>;
  kurtosis: number;
}
interface GammaRef {
  shape: number;
  mean: number;
  variance: number;
  central4: number;
}
const ref = fixture<{ kolmogorov999: number; sgnd: SgndRef[]; gamma: GammaRef[] }>("sampling");
const betaOf = (b: number | "inf"): number => (b === "inf" ? Infinity : b);

// Builds compared bit for bit. The relaxed-SIMD build only loads where the
// engine accepts relaxed SIMD (Node 20 does not without a flag), so the list
// is chosen at run time: every build this engine can run is compared.
const builds: BuildName[] = detectFeatures().relaxedSimd ? ["baseline", "simd", "relaxed"] : ["baseline", "simd"];

/** Kolmogorov–Smirnov statistic D = sup |F_n − F| of a sample against a continuous CDF. */
function ksStatistic(sample: Float64Array, cdf: (x: number) => number): number {
  const sorted = Float64Array.from(sample).sort();
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]);
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  }
  return d;
}

function rawMoments(x: Float64Array): { m1: number; m2: number; m4: number } {
  let m1 = 0, m2 = 0, m4 = 0;
  for (const v of x) {
    const v2 = v * v;
    m1 += v;
    m2 += v2;
    m4 += v2 * v2;
  }
  const n = x.length;
  return { m1: m1 / n, m2: m2 / n, m4: m4 / n };
}

const hex = (a: Float64Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex");

describe("SGND moments and distribution (unit variance, fixed seeds)", () => {
  const n = 400_000;
  it.each(ref.sgnd)("beta = $beta: mean, variance, kurtosis within 4 SE", async ({ beta: b, absMoments: mu, kurtosis }) => {
    const k = await kernels();
    const x = sampleSgnd(k, { count: n, beta: betaOf(b), seed: 20241125, stream: 1 });
    const { m1, m2, m4 } = rawMoments(x);
    const [mu2, mu4, mu6, mu8] = [mu["2"], mu["4"], mu["6"], mu["8"]];
    // The mean is known to be 0, so the moments are taken about 0:
    // m_k = (1/n) Σ x^k, unbiased for μ_k = E X^k = E|X|^k (k even).
    // SE(mean) = √(μ2/n); SE(m2) = √((μ4 − μ2²)/n).
    expect(Math.abs(m1)).toBeLessThan(4 * Math.sqrt(mu2 / n));
    expect(Math.abs(m2 - mu2)).toBeLessThan(4 * Math.sqrt((mu4 - mu2 * mu2) / n));
    // Kurtosis K̂ = m4/m2², SE by the delta method on (m2, m4):
    //   n·Var K̂ ≈ (μ8 − μ4²)/μ2⁴ − 4μ4(μ6 − μ2μ4)/μ2⁵ + 4μ4²(μ4 − μ2²)/μ2⁶.
    const varK =
      ((mu8 - mu4 * mu4) / mu2 ** 4 - (4 * mu4 * (mu6 - mu2 * mu4)) / mu2 ** 5 + (4 * mu4 * mu4 * (mu4 - mu2 * mu2)) / mu2 ** 6) / n;
    expect(Math.abs(m4 / (m2 * m2) - kurtosis)).toBeLessThan(4 * Math.sqrt(varK));
  });

  it.each(ref.sgnd)("beta = $beta: Kolmogorov–Smirnov against the analytic CDF", async ({ beta: b }) => {
    const k = await kernels();
    const m = 100_000;
    const beta = betaOf(b);
    const x = sampleSgnd(k, { count: m, beta, seed: 77, stream: 3 });
    const dist = new Sgnd({ beta });
    // Critical value at level 0.001 from the asymptotic Kolmogorov distribution:
    // P(√n·D > 1.9495) → 0.001.
    expect(ksStatistic(x, (v) => dist.cdf(v)) * Math.sqrt(m)).toBeLessThan(ref.kolmogorov999);
  });

  it("the unit-variance scale matches the reference alpha", () => {
    for (const { beta, alpha } of ref.sgnd) expect(sgndScale({ beta: betaOf(beta) })).toBeCloseTo(alpha, 13);
  });

  it("PGND: E|X| within 4 SE and KS against 2F − 1 on x ≥ 0 (beta = 1.5, 8)", async () => {
    const k = await kernels();
    const m = 100_000;
    for (const { beta: b, absMoments: mu } of ref.sgnd.filter((r) => r.beta === 1.5 || r.beta === 8)) {
      const beta = betaOf(b);
      const x = sampleSgnd(k, { count: m, beta, seed: 5, abs: true });
      expect(Math.min(...x)).toBeGreaterThanOrEqual(0);
      const mean = x.reduce((s, v) => s + v, 0) / m;
      // SE of the mean of |X|: √((E X² − (E|X|)²)/n).
      expect(Math.abs(mean - mu["1"])).toBeLessThan(4 * Math.sqrt((mu["2"] - mu["1"] ** 2) / m));
      const dist = new Sgnd({ beta });
      expect(ksStatistic(x, (v) => 2 * dist.cdf(v) - 1) * Math.sqrt(m)).toBeLessThan(ref.kolmogorov999);
    }
  });

  // The ziggurats start their tails at r = 3.654 (normal) and r = 7.697
  // (exponential), which the tests above barely reach: check how often values
  // fall beyond a threshold just before r, and KS-test the tail values against
  // the conditional law there, (F(x) − F(c))/(1 − F(c)).
  it.each([
    { beta: 2, alpha: Math.SQRT2, threshold: 3.4 },
    { beta: 1, alpha: 1, threshold: 7.5 },
  ])("ziggurat tail beyond $threshold (beta = $beta): frequency within 4 SE, KS of the tail", async ({ beta, alpha, threshold }) => {
    const k = await kernels();
    const n = 4_000_000;
    const x = sampleSgnd(k, { count: n, beta, alpha, seed: 4242, abs: true });
    const dist = new Sgnd({ beta, alpha });
    const p = 2 * (1 - dist.cdf(threshold)); // P(|X| > c)
    const tail = x.filter((v) => v > threshold);
    // The count beyond c is binomial(n, p): SE √(np(1 − p)).
    expect(Math.abs(tail.length - n * p)).toBeLessThan(4 * Math.sqrt(n * p * (1 - p)));
    const upper = (v: number): number => dist.cdf(-v); // P(X > v) by symmetry, accurate in the tail
    const conditional = (v: number): number => 1 - upper(v) / upper(threshold);
    expect(ksStatistic(tail, conditional) * Math.sqrt(tail.length)).toBeLessThan(ref.kolmogorov999);
  });

  it("shapes outside the test grid: tiny (beta = 50) and huge (beta = 0.1, 0.05) Gamma shapes, KS", async () => {
    const k = await kernels();
    const m = 50_000;
    for (const beta of [50, 0.1, 0.05]) {
      const x = sampleSgnd(k, { count: m, beta, alpha: 1, seed: 11 });
      const dist = new Sgnd({ beta, alpha: 1 });
      expect(ksStatistic(x, (v) => dist.cdf(v)) * Math.sqrt(m)).toBeLessThan(ref.kolmogorov999);
    }
  });
});

describe("Gamma(shape, 1) sampler", () => {
  const n = 400_000;
  it.each(ref.gamma)("shape $shape: mean and variance within 4 SE", async ({ shape, mean, variance, central4 }) => {
    const k = await kernels();
    const x = sampleGamma(k, { count: n, shape, seed: 314, stream: 2 });
    let s = 0;
    for (const v of x) s += v;
    const m = s / n;
    let s2 = 0;
    for (const v of x) s2 += (v - m) ** 2;
    const v = s2 / (n - 1);
    // SE(mean) = √(σ²/n); SE(sample variance) ≈ √((μ4 − σ⁴)/n), μ4 the central fourth moment.
    expect(Math.abs(m - mean)).toBeLessThan(4 * Math.sqrt(variance / n));
    expect(Math.abs(v - variance)).toBeLessThan(4 * Math.sqrt((central4 - variance * variance) / n));
  });

  it.each(ref.gamma)("shape $shape: Kolmogorov–Smirnov against the regularised incomplete gamma P(a, x)", async ({ shape }) => {
    const k = await kernels();
    const m = 100_000;
    const x = sampleGamma(k, { count: m, shape, seed: 2718 });
    expect(Math.min(...x)).toBeGreaterThanOrEqual(0);
    expect(ksStatistic(x, (v) => gammaP(shape, v)) * Math.sqrt(m)).toBeLessThan(ref.kolmogorov999);
  });
});

describe("normal sampler", () => {
  it("N(3, 2²): mean and variance within 4 SE, KS against Φ", async () => {
    const k = await kernels();
    const n = 200_000;
    const x = sampleNormal(k, { count: n, mean: 3, sd: 2, seed: 9 });
    const { m1 } = rawMoments(x);
    let s2 = 0;
    for (const v of x) s2 += (v - 3) ** 2;
    // SE(mean) = σ/√n; SE of the second moment about the known mean: σ²√(2/n).
    expect(Math.abs(m1 - 3)).toBeLessThan(4 * 2 / Math.sqrt(n));
    expect(Math.abs(s2 / n - 4)).toBeLessThan(4 * 4 * Math.sqrt(2 / n));
    const phi = new Sgnd({ beta: 2, variance: 4 });
    expect(ksStatistic(x, (v) => phi.cdf(v - 3)) * Math.sqrt(n)).toBeLessThan(ref.kolmogorov999);
  });

  it("sd = 0 gives the mean exactly", async () => {
    const k = await kernels();
    expect([...sampleNormal(k, { count: 5, mean: -1.5, sd: 0, seed: 1 })]).toEqual([-1.5, -1.5, -1.5, -1.5, -1.5]);
  });
});

describe("reproducibility", () => {
  const betas = [0.05, 0.5, 1, 1.5, 2, 3, 8, 50, Infinity];

  it("same seed and stream give the same bytes; other streams and seeds differ", async () => {
    const k = await kernels();
    for (const beta of betas) {
      const a = sampleSgnd(k, { count: 1000, beta, seed: 42, stream: 7 });
      k.uniforms(3); // unrelated draws in between must not matter
      const b = sampleSgnd(k, { count: 1000, beta, seed: 42, stream: 7 });
      expect(hex(b)).toBe(hex(a));
      expect(hex(sampleSgnd(k, { count: 1000, beta, seed: 42, stream: 8 }))).not.toBe(hex(a));
      expect(hex(sampleSgnd(k, { count: 1000, beta, seed: 43, stream: 7 }))).not.toBe(hex(a));
    }
  });

  it(`identical bytes in every build this engine runs (${builds.join(", ")})`, async () => {
    const digests = await Promise.all(
      builds.map(async (build) => {
        const k = await kernels(build);
        const parts: string[] = [];
        // Odd counts exercise the scalar tail after the two-lane loop.
        for (const beta of [...betas, 1e-300, 1e300]) {
          parts.push(hex(sampleSgnd(k, { count: 3001, beta, alpha: 1.7, seed: 1234, stream: 5 })));
          parts.push(hex(sampleSgnd(k, { count: 3001, beta, alpha: 1e-300, seed: 1234, stream: 6, abs: true })));
        }
        for (const shape of [0.01, 0.1, 0.5, 1, 2.5, 20]) parts.push(hex(sampleGamma(k, { count: 3001, shape, seed: 99 })));
        parts.push(hex(sampleNormal(k, { count: 3001, mean: 1, sd: 3, seed: 99 })));
        return parts;
      }),
    );
    for (const d of digests.slice(1)) expect(d).toEqual(digests[0]);
  });

  it("PGND is |SGND| of the same stream", async () => {
    const k = await kernels();
    for (const beta of betas) {
      const x = sampleSgnd(k, { count: 5000, beta, alpha: 2.5, seed: 8, stream: 2 });
      const y = sampleSgnd(k, { count: 5000, beta, alpha: 2.5, seed: 8, stream: 2, abs: true });
      expect(hex(y)).toBe(hex(x.map(Math.abs)));
    }
  });

  it("chunking does not change the values: one long kernel call, the wrapper, and sgndChunks agree", async () => {
    const k = await kernels();
    const count = 2 * SAMPLE_CHUNK + 12_345;
    for (const beta of [1.5, 2]) {
      const direct = k.withF64(count, (block) => {
        k.seed({ seed: 55, stream: 4 });
        k.raw.fillSgnd(block.ptr, count, 1, beta);
        return block.view.slice();
      });
      const wrapped = sampleSgnd(k, { count, beta, alpha: 1, seed: 55, stream: 4 });
      expect(hex(wrapped)).toBe(hex(direct));
      // Chunks of 1000, with other draws on the same module between chunks.
      const pieces: Float64Array[] = [];
      for (const c of sgndChunks(k, { count, beta, alpha: 1, seed: 55, stream: 4 }, 1000)) {
        expect(c.length).toBe(Math.min(1000, count - pieces.length * 1000));
        pieces.push(c);
        k.seed({ seed: 1, stream: 0 });
        k.uniforms(5);
      }
      const joined = new Float64Array(count);
      pieces.forEach((p, i) => joined.set(p, i * 1000));
      expect(hex(joined)).toBe(hex(direct));
    }
  });
});

describe("edge cases", () => {
  it("never NaN, for extreme scales and shapes; PGND ≥ 0; the uniform stays inside (−α, α)", async () => {
    const k = await kernels();
    for (const beta of [1e-300, 1e-3, 0.05, 0.5, 1, 1.5, 2, 8, 1e6, 1e300, Infinity]) {
      for (const alpha of [5e-324, 1e-300, 1, 1e300]) {
        const x = sampleSgnd(k, { count: 2000, beta, alpha, seed: 3 });
        expect(x.some(Number.isNaN), `beta ${beta} alpha ${alpha}`).toBe(false);
        const y = sampleSgnd(k, { count: 2000, beta, alpha, seed: 3, abs: true });
        expect(y.every((v) => v >= 0 && !Object.is(v, -0)), `beta ${beta} alpha ${alpha}`).toBe(true);
        if (beta === Infinity && alpha >= 1) expect(y.every((v) => v < alpha)).toBe(true);
      }
    }
    for (const shape of [1e-300, 1e-3, 1e300]) {
      expect(sampleGamma(k, { count: 2000, shape, seed: 3 }).some(Number.isNaN), `shape ${shape}`).toBe(false);
    }
  });

  it("tiny shapes underflow to exact zeros at the rate the distribution implies (shape 0.001)", async () => {
    const k = await kernels();
    const n = 20_000;
    const x = sampleGamma(k, { count: n, shape: 0.001, seed: 6 });
    // P(G < 2^-1074) = P(0.001, 2^-1074) ≈ 0.475; the zeros' count is binomial: allow 4 SE.
    const p = gammaP(0.001, 2 ** -1074);
    const zeros = x.filter((v) => v === 0).length;
    expect(Math.abs(zeros / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
  });

  it("out: fills and returns the caller's array, with the same values as a new one", async () => {
    const k = await kernels();
    const out = new Float64Array(SAMPLE_CHUNK + 7);
    const opts = { count: out.length, beta: 1.5, seed: 12, stream: 1 };
    expect(sampleSgnd(k, { ...opts, out })).toBe(out);
    expect(hex(out)).toBe(hex(sampleSgnd(k, opts)));
    const g = new Float64Array(100);
    expect(sampleGamma(k, { count: 100, shape: 0.5, seed: 1, out: g })).toBe(g);
    expect(hex(g)).toBe(hex(sampleGamma(k, { count: 100, shape: 0.5, seed: 1 })));
    const z = new Float64Array(100);
    expect(sampleNormal(k, { count: 100, seed: 1, out: z })).toBe(z);
    expect(hex(z)).toBe(hex(sampleNormal(k, { count: 100, seed: 1 })));
  });

  it("a count of 1 and a count just above a chunk", async () => {
    const k = await kernels();
    expect(sampleSgnd(k, { count: 1, beta: 2, seed: 0 })).toHaveLength(1);
    const x = sampleSgnd(k, { count: SAMPLE_CHUNK + 1, beta: 3, seed: 0 });
    expect(x).toHaveLength(SAMPLE_CHUNK + 1);
    expect(hex(x.subarray(0, 1))).toBe(hex(sampleSgnd(k, { count: 1, beta: 3, seed: 0 })));
  });
});

describe("the samplers' elementary functions (assembly/explog.ts) against V8's Math", () => {
  /** Spacing of doubles at |v| (normal range). */
  const ulp = (v: number): number => 2 ** (Math.floor(Math.log2(Math.abs(v))) - 52);
  /** Deterministic pseudo-random arguments (a fixed LCG: the test does not depend on the sampler). */
  function* points(n: number, map: (u: number) => number): Generator<number> {
    let s = 12345;
    for (let i = 0; i < n; i++) {
      s = (s * 1103515245 + 12345) % 2147483648;
      yield map(s / 2147483648);
    }
  }

  it("ln(1 + w): within 1 ulp for t = 1 + w in [0.998, 1.0039] (the interval computed with c = 1), else within 4·max(ulp, 2^-53)", async () => {
    const raw = (await kernels()).raw;
    const ws = [
      ...points(20_000, (u) => Math.expm1((u - 0.5) * 60)),
      ...points(20_000, (u) => (u - 0.5) * 10 ** (-16 * u)),
      ...points(20_000, (u) => 0.006 * u - 0.002),
    ];
    for (const w of ws) {
      const t = 1 + w;
      const got = raw.samplerLog1p(w);
      const want = Math.log1p(w);
      if (want === 0) {
        expect(got).toBe(0);
        continue;
      }
      const inner = t >= 0.99806 && t <= 1.0039;
      const tol = inner ? ulp(want) : 4 * Math.max(ulp(want), 2 ** -53);
      expect(Math.abs(got - want), `w = ${w}`).toBeLessThanOrEqual(tol);
    }
  });

  it("e^x: within 1 ulp on normal results; 0 below the subnormal range, +∞ above the largest double", async () => {
    const raw = (await kernels()).raw;
    for (const x of points(50_000, (u) => (u - 0.5) * 1416)) {
      const want = Math.exp(x);
      const got = raw.samplerExp(x);
      if (want < 2.2250738585072014e-308) expect(Math.abs(got - want), `x = ${x}`).toBeLessThanOrEqual(5e-324);
      else if (want === Infinity) expect(got).toBe(Infinity);
      else expect(Math.abs(got - want), `x = ${x}`).toBeLessThanOrEqual(ulp(want));
    }
    expect(raw.samplerExp(-800)).toBe(0);
    expect(raw.samplerExp(-Infinity)).toBe(0);
    expect(raw.samplerExp(709.78)).toBe(Math.exp(709.78));
    expect(raw.samplerExp(709.8)).toBe(Infinity);
    expect(raw.samplerExp(Infinity)).toBe(Infinity);
  });

  it("(1 + w)^e for 0 < e ≤ 3: within 8 ulp of Math.pow", async () => {
    const raw = (await kernels()).raw;
    for (const e of [1e-9, 0.0625, 0.5, 1, 2 / 1.5, 2, 2.9999, 3]) {
      for (const t of [...points(4000, (u) => 6 * u), ...points(4000, (u) => 2 ** (-53 * u)), ...points(4000, (u) => 0.99 + 0.02 * u)]) {
        const w = t - 1;
        if (1 + w !== t || t === 0) continue; // arguments whose 1 + w is exact, so Math.pow sees the same t
        const want = Math.pow(t, e);
        expect(Math.abs(raw.samplerPower1p(w, e) - want), `t = ${t}, e = ${e}`).toBeLessThanOrEqual(8 * ulp(want));
      }
      // w too small for 1 + w to hold it: the part rounded away must still count.
      for (const w of points(2000, (u) => (u - 0.5) * 10 ** (-10 - 10 * u))) {
        const want = Math.exp(e * Math.log1p(w));
        expect(Math.abs(raw.samplerPower1p(w, e) - want), `w = ${w}, e = ${e}`).toBeLessThanOrEqual(8 * ulp(want));
      }
    }
  });
});

describe("argument validation", () => {
  const base = { count: 10, beta: 2, seed: 1 };
  const cases: [string, () => unknown, RegExp][] = [
    ["count 0", () => sampleSgnd(null as never, { ...base, count: 0 }), /^count must be an integer from 1 to 268435456, got 0$/],
    ["count 1.5", () => sampleSgnd(null as never, { ...base, count: 1.5 }), /^count must be an integer/],
    ["count NaN", () => sampleSgnd(null as never, { ...base, count: NaN }), /^count must be an integer/],
    ["count too large", () => sampleSgnd(null as never, { ...base, count: MAX_SAMPLE_COUNT + 1 }), /^count must be an integer from 1 to 268435456/],
    ["beta 0", () => sampleSgnd(null as never, { ...base, beta: 0 }), /^beta must be a number > 0 or Infinity, got 0$/],
    ["beta -1", () => sampleSgnd(null as never, { ...base, beta: -1 }), /^beta must be a number > 0 or Infinity, got -1$/],
    ["beta NaN", () => sampleSgnd(null as never, { ...base, beta: NaN }), /^beta must be/],
    ["alpha and variance", () => sampleSgnd(null as never, { ...base, alpha: 1, variance: 1 }), /either alpha or variance/],
    ["alpha 0", () => sampleSgnd(null as never, { ...base, alpha: 0 }), /^alpha must be a finite number > 0, got 0$/],
    ["alpha Infinity", () => sampleSgnd(null as never, { ...base, alpha: Infinity }), /^alpha must be a finite number > 0/],
    ["variance -1", () => sampleSgnd(null as never, { ...base, variance: -1 }), /^variance must be a finite number > 0/],
    ["seed -1", () => sampleSgnd(null as never, { ...base, seed: -1 }), /^seed must be an integer from 0 to 2\^64-1/],
    ["seed 2^64", () => sampleSgnd(null as never, { ...base, seed: 1n << 64n }), /^seed must be/],
    ["stream -1", () => sampleSgnd(null as never, { ...base, stream: -1 }), /^stream must be an integer in \[0, 2\^32\)/],
    ["stream 2^32", () => sampleSgnd(null as never, { ...base, stream: 2 ** 32 }), /^stream must be/],
    ["chunk 0", () => sgndChunks(null as never, base, 0), /^chunk must be an integer from 1/],
    ["out of the wrong length", () => sampleSgnd(null as never, { ...base, out: new Float64Array(9) }), /^out must be a Float64Array of length count = 10, got length 9$/],
    ["out not a Float64Array", () => sampleGamma(null as never, { count: 2, shape: 1, seed: 1, out: [0, 0] as never }), /^out must be a Float64Array of length count = 2/],
    ["out given to sgndChunks", () => sgndChunks(null as never, { ...base, out: new Float64Array(10) } as never), /^out is not taken by sgndChunks/],
    ["sd -1", () => sampleNormal(null as never, { count: 1, sd: -1, seed: 1 }), /^sd must be a finite number >= 0, got -1$/],
    ["mean NaN", () => sampleNormal(null as never, { count: 1, mean: NaN, seed: 1 }), /^mean must be a finite number, got NaN$/],
    ["shape 0", () => sampleGamma(null as never, { count: 1, shape: 0, seed: 1 }), /^shape must be a finite number > 0, got 0$/],
    ["shape Infinity", () => sampleGamma(null as never, { count: 1, shape: Infinity, seed: 1 }), /^shape must be a finite number > 0/],
  ];
  // The kernels argument is never touched: validation comes first.
  it.each(cases)("%s → RangeError naming the parameter", (_, call, message) => {
    expect(call).toThrow(RangeError);
    expect(call).toThrow(message);
  });

  it("a variance whose alpha over- or underflows is refused", () => {
    expect(() => sgndScale({ beta: 2, variance: Number.MAX_VALUE })).toThrow(/alpha must be a finite number > 0/);
  });

  it("sgndChunks accepts counts beyond the array limit (validated, not drawn)", () => {
    expect(() => sgndChunks(null as never, { ...base, count: 1e12 })).not.toThrow();
    expect(() => sgndChunks(null as never, { ...base, count: 2 ** 53 })).toThrow(/^count must be an integer from 1 to 9007199254740991/);
  });
});
