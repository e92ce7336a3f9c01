import { describe, expect, it } from "vitest";
import { kernels } from "../helpers.js";
import { fixedCoefficientEstimate, runPreciseVariance, type PreciseVarianceResult } from "../../src/experiments/precise.js";
import { runWeightVariance } from "../../src/experiments/weightVariance.js";
import { CoMoments, controlVariateEstimate } from "../../src/experiments/moments.js";
import { exactGaussianVariance, exactGaussianVarianceSll } from "../../src/analytic/variance.js";
import { meanAbsInner } from "../../src/analytic/product.js";
import { coupledVarianceChunk, COUPLED_CROSS_FIRST, COUPLED_RECORD, varianceChunk } from "../../src/wasm/lipschitz.js";
import { crossControlMeans } from "../../src/analytic/normal-coupling.js";
import { sampleSgnd } from "../../src/wasm/sampling.js";

const withoutRun = (r: PreciseVarianceResult) => ({ ...r, run: undefined });
// Small runs: one pilot chunk of 1024 matrices (the ten basic controls only).
const small = { transform: "aol" as const, chunkSize: 1024, pilotChunks: 1, workers: 1 };
// Pilot of 4 × 1024 = CROSS_CONTROLS_MIN_PILOT: the 29 cross-projection controls join.
const withCross = { ...small, pilotChunks: 4 };

describe("runPreciseVariance: exact cases", () => {
  it("Gaussian weights reproduce the exact integral (W = Z: the coupling is the identity)", async () => {
    const r = await runPreciseVariance({ ...small, d: 8, n: 8, dist: "gaussian", samples: 8192, seed: 1 });
    const V = exactGaussianVariance(8, 8);
    expect(r.exact).toBe(V);
    // Within 4 SE, plus rounding of the regression (the SE itself is at rounding level).
    expect(Math.abs(r.estimate - V)).toBeLessThanOrEqual(4 * r.se + 1e-13 * V);
    expect(r.rse).toBeLessThan(1e-12);
  });

  it("Gaussian SLL with a fixed q reproduces V_q", async () => {
    const q = [0.5, 1, 3];
    const r = await runPreciseVariance({ ...small, transform: "sll", q, d: 5, n: 3, samples: 4096, seed: 2 });
    const V = exactGaussianVarianceSll(5, q);
    expect(r.gaussian).toBe(V);
    expect(Math.abs(r.estimate - V)).toBeLessThanOrEqual(4 * r.se + 1e-13 * V);
  });

  it("n = 1 gives 1/d and d = 1 gives 1/n exactly for every shape", async () => {
    for (const dist of ["laplace", "uniform"] as const) {
      const a = await runPreciseVariance({ ...small, d: 7, n: 1, dist, samples: 3000, seed: 3 });
      // Every matrix gives 1/d to rounding; the mean of thousands of them is 1/d to ~1e-14 relative.
      expect(Math.abs(a.estimate * 7 - 1)).toBeLessThan(1e-13);
      expect(a.se).toBeLessThan(1e-15);
      const b = await runPreciseVariance({ ...small, d: 1, n: 6, dist, samples: 3000, seed: 3 });
      expect(Math.abs(b.estimate * 6 - 1)).toBeLessThan(1e-13);
    }
  });
});

describe("runPreciseVariance: agreement with plain Monte Carlo", () => {
  // Each: the precise estimate and an independent plain run (other seed),
  // |difference| ≤ 4 combined SE.
  // minReduction: the variance reduction over the plain mean of the same
  // matrices, about 2.4 (β = 0.5), 37 (Laplace) and 60 (uniform) measured.
  for (const [dist, beta, d, n, minReduction] of [["laplace", undefined, 8, 8, 15], ["gnd", 0.5, 6, 10, 1.5], ["uniform", undefined, 16, 4, 15]] as const) {
    it(`${dist}${beta ? ` β = ${beta}` : ""} at (${d}, ${n}) vs a 300,000-matrix control-variate run`, async () => {
      const p = await runPreciseVariance({ ...withCross, d, n, dist, beta, samples: 40_000, seed: 11 });
      expect(p.controls.length).toBe(39);
      const plain = await runWeightVariance({ transform: "aol", d, n, dist, beta, samples: 300_000, seed: 12, workers: 1, histogram: false });
      const combined = Math.hypot(p.se, plain.se);
      expect(Math.abs(p.estimate - plain.estimate)).toBeLessThanOrEqual(4 * combined);
      // The coupled estimator is far tighter than the plain mean of the same matrices.
      expect(p.varianceReduction).toBeGreaterThan(minReduction);
    });
  }

  it("SLL with a fixed q, β = 3, vs plain sampling rescaled in JavaScript", async () => {
    const q = [0.4, 1, 2.5];
    const [d, n, M] = [5, 3, 100_000];
    const p = await runPreciseVariance({ ...withCross, transform: "sll", q, d, n, dist: "gnd", beta: 3, samples: 20_000, seed: 21 });
    expect(p.controls.length).toBe(39);
    const k = await kernels();
    const w = sampleSgnd(k, { beta: 3, count: M * d * n, seed: 22 });
    let sum = 0;
    let sum2 = 0;
    for (let m = 0; m < M; m++) {
      const W = (r: number, c: number) => w[m * d * n + r * n + c];
      let y = 0;
      for (let i = 0; i < n; i++) {
        let t = 0;
        let gii = 0;
        for (let j = 0; j < n; j++) {
          let g = 0;
          for (let r = 0; r < d; r++) g += W(r, i) * W(r, j);
          if (i === j) gii = g;
          t += (Math.abs(g) * q[j]) / q[i];
        }
        y += gii / t;
      }
      y /= d * n;
      sum += y;
      sum2 += y * y;
    }
    const mean = sum / M;
    const se = Math.sqrt((sum2 / M - mean * mean) / (M - 1));
    expect(Math.abs(p.estimate - mean)).toBeLessThanOrEqual(4 * Math.hypot(se, p.se));
  });
});

describe("runPreciseVariance: honest error bars", () => {
  it("pilot coefficients give calibrated bars at a known truth (Gaussian V, controls A and B, 200 seeds)", async () => {
    // The same fixed-coefficient estimate the precise method uses, on the
    // plain kernel's (Y, A, B) records of Gaussian (4, 4) matrices: pilot
    // chunk → coefficients, an independent main chunk → estimate and SE.
    const k = await kernels();
    const [d, n] = [4, 4];
    const V = exactGaussianVariance(d, n);
    // The kernel draws SGND(α = 1, β = 2): entry variance ½.
    const controls = [{ index: 1, knownMean: d / 2 }, { index: 2, knownMean: meanAbsInner(d, 2) / 2 }];
    const moments = (stream: number, seed: number, count: number) => {
      const c = varianceChunk(k, { d, n, beta: 2, count, seed, stream });
      const co = new CoMoments(3);
      for (let m = 0; m < count; m++) co.add([c.Y[m], c.A[m], c.B[m]]);
      return co;
    };
    const K = 200;
    let covered = 0;
    let z2 = 0;
    for (let s = 0; s < K; s++) {
      const b = controlVariateEstimate(moments(0, 1000 + s, 500), 0, controls).coefficients;
      const { estimate, se } = fixedCoefficientEstimate(moments(1, 1000 + s, 1000), controls, b);
      const z = (estimate - V) / se;
      if (Math.abs(z) <= 1.959964) covered++;
      z2 += z * z;
    }
    // Coverage of 95% bars: binomial SD √(200·0.95·0.05) ≈ 3.1, so ≥ 180 is −4.6 SD at worst.
    expect(covered).toBeGreaterThanOrEqual(180);
    expect(covered).toBeLessThanOrEqual(199);
    // Mean z²: 1 ± 0.1 (SD of χ²_200/200), held to [0.7, 1.35] (about ±3.5 SD).
    expect(z2 / K).toBeGreaterThan(0.7);
    expect(z2 / K).toBeLessThan(1.35);
  });

  it("pilot coefficients give calibrated bars with the cross-projection controls (Gaussian V, controls A, B and the 29 X(a, t), 200 seeds)", async () => {
    // The coupled kernel at β = 2 (W = Z) with Y_W as the target and without
    // the twin Y_Z (which would make it exact): the truth is V, and the 29
    // X(a, t) enter with their known means (the Gaussian E e^{−λZ²} = 1/√(1 + 2λ)).
    const k = await kernels();
    const [d, n] = [4, 4];
    const V = exactGaussianVariance(d, n);
    const controls = [
      { index: 1, knownMean: d },
      { index: 2, knownMean: meanAbsInner(d, 2) },
      ...crossControlMeans(d, n, 2).map((knownMean, j) => ({ index: COUPLED_CROSS_FIRST + j, knownMean })),
    ];
    const moments = (stream: number, seed: number, count: number) =>
      CoMoments.fromRecords(coupledVarianceChunk(k, { d, n, table: null, kappa: 1 / d, count, seed, stream }), COUPLED_RECORD);
    const K = 200;
    let covered = 0;
    let z2 = 0;
    let reduction = 0;
    for (let s = 0; s < K; s++) {
      const b = controlVariateEstimate(moments(0, 3000 + s, 4096), 0, controls).coefficients;
      const main = moments(1, 3000 + s, 2048);
      const { estimate, se } = fixedCoefficientEstimate(main, controls, b);
      const z = (estimate - V) / se;
      if (Math.abs(z) <= 1.959964) covered++;
      z2 += z * z;
      reduction += main.comoments[0] / main.count / main.count / se ** 2 / K;
    }
    // The same bounds as above: ≥ 180 of 200 covered, mean z² in [0.7, 1.35].
    expect(covered).toBeGreaterThanOrEqual(180);
    expect(covered).toBeLessThanOrEqual(199);
    expect(z2 / K).toBeGreaterThan(0.7);
    expect(z2 / K).toBeLessThan(1.35);
    // The controls do something (so the test is not the plain mean's coverage): measured ≈ 3.
    expect(reduction).toBeGreaterThan(1.5);
  });

  it("the spread of the precise estimate over 40 seeds matches its SE (Laplace (4, 4) and β = 0.5 (3, 5); basic and cross-projection controls)", async () => {
    for (const [beta, d, n, cfg] of [[1, 4, 4, small], [0.5, 3, 5, small], [1, 4, 4, withCross], [0.5, 3, 5, withCross]] as const) {
      const runs: PreciseVarianceResult[] = [];
      for (let s = 0; s < 40; s++) runs.push(await runPreciseVariance({ ...cfg, d, n, dist: "gnd", beta, samples: cfg.pilotChunks * 1024 + 4096, seed: 500 + s }));
      const w = runs.map((r) => 1 / r.se ** 2);
      const pooled = runs.reduce((a, r, i) => a + w[i] * r.estimate, 0) / w.reduce((a, x) => a + x, 0);
      const chi2 = runs.reduce((a, r) => a + ((r.estimate - pooled) / r.se) ** 2, 0);
      // χ² with 39 degrees of freedom: mean 39, SD 8.8; [12, 75] is about ±3.5 SD (99.9%+ both sides).
      expect(chi2).toBeGreaterThan(12);
      expect(chi2).toBeLessThan(75);
    }
  });
});

describe("runPreciseVariance: determinism and validation", () => {
  it("the same numbers on 1 or 2 workers, and the pilot is reported", async () => {
    const cfg = { ...small, d: 8, n: 4, dist: "laplace" as const, samples: 6000, seed: 9 };
    const one = await runPreciseVariance(cfg);
    const two = await runPreciseVariance({ ...cfg, workers: 2 });
    expect(withoutRun(two)).toEqual(withoutRun(one));
    expect(one.pilotSamples).toBe(1024);
    expect(one.samples).toBe(6000 - 1024);
  });

  it("a target RSE is planned from the pilot and reached", async () => {
    const r = await runPreciseVariance({ ...small, d: 8, n: 4, dist: "gnd", beta: 1.5, target: { rse: 2e-5 }, seed: 4 });
    expect(r.precision?.reached).toBe(true);
    expect(r.rse).toBeLessThanOrEqual(2e-5);
    expect(r.rse).toBeGreaterThan(0.85 * 2e-5);
  });

  it("refuses bad configs with a message naming the field", async () => {
    await expect(runPreciseVariance({ ...small, transform: "sll", d: 4, n: 3, samples: 5000, seed: 1 })).rejects.toThrow(/q must be an array of n = 3/);
    await expect(runPreciseVariance({ ...small, d: 4, n: 3, q: [1, 1, 1], samples: 5000, seed: 1 })).rejects.toThrow(/q is only for transform sll/);
    await expect(runPreciseVariance({ ...small, d: 4, n: 3, samples: 1025, seed: 1 })).rejects.toThrow(/samples must be an integer from 1026/);
    await expect(runPreciseVariance({ ...small, d: 4, n: 3, seed: 1 })).rejects.toThrow(/give samples or a target/);
    await expect(runPreciseVariance({ ...small, d: 0, n: 3, samples: 5000, seed: 1 })).rejects.toThrow(/d must be an integer/);
  });
});
