import { describe, expect, it } from "vitest";
import { runWeightVariance } from "../../src/experiments/weightVariance.js";
import type { WeightVarianceResult } from "../../src/experiments/types.js";

// Exact Gaussian V(d, n) from MATH.md §6 (10 significant digits).
const MATH_EXACT: [number, number, number][] = [
  [8, 8, 0.04210470613],
  [2, 4, 0.1753208747],
  [128, 64, 0.001440923273],
];

/** Result without the wall time, the only field allowed to differ between identical runs. */
function withoutTiming(r: WeightVarianceResult): string {
  return JSON.stringify({ ...r, run: { ...r.run, seconds: 0, workers: 0 } });
}

describe("runWeightVariance: Gaussian AOL against exact values", () => {
  for (const [d, n, exact] of MATH_EXACT) {
    it(`(d, n) = (${d}, ${n}) is within 4 SE of MATH.md's exact V`, async () => {
      const samples = d * n > 1000 ? 4000 : 40000;
      const r = await runWeightVariance({ transform: "aol", d, n, samples, seed: 11, workers: 2 });
      expect(r.samples).toBe(samples);
      expect(Math.abs(r.estimate - exact)).toBeLessThan(4 * r.se); // 4 SE
      expect(Math.abs(r.estimatePlain - exact)).toBeLessThan(4 * r.sePlain); // 4 SE (plain estimator)
      expect(r.exact).toBeCloseTo(exact, 10);
    }, 60000);
  }

  it("n = 1 gives 1/d and d = 1 gives 1/n (within 4 SE; both are constant per matrix)", async () => {
    const a = await runWeightVariance({ transform: "aol", d: 5, n: 1, samples: 2000, seed: 3, workers: 1 });
    expect(Math.abs(a.estimate - 1 / 5)).toBeLessThanOrEqual(4 * a.se + 1e-15); // 4 SE (+ rounding: SE is 0 here)
    expect(a.innerProduct).toBeNull();
    expect(a.controls.map((c) => c.name)).toEqual(["A"]);
    const b = await runWeightVariance({ transform: "aol", d: 1, n: 6, samples: 2000, seed: 3, workers: 1 });
    expect(Math.abs(b.estimate - 1 / 6)).toBeLessThanOrEqual(4 * b.se + 1e-15); // 4 SE (+ rounding)
  });
});

describe("runWeightVariance: bound and control variate", () => {
  const betas = [0.5, 1, 2, 8, Infinity];
  for (const beta of betas) {
    it(`beta = ${beta}: no estimate above 1/d by more than 4 SE at (4, 4) and (16, 8)`, async () => {
      for (const [d, n] of [[4, 4], [16, 8]]) {
        const r = await runWeightVariance({ transform: "aol", d, n, dist: "gnd", beta, samples: 10000, seed: 5, workers: 2, histogram: false });
        expect(r.estimate - 1 / d).toBeLessThan(4 * r.se); // 4 SE
        expect(r.upper).toBe(1 / d);
        // B's known mean m(d)σ² is exact: the measured mean |<w_i, w_j>| must agree within 4 SE.
        expect(Math.abs(r.innerProduct!.zScore)).toBeLessThan(4); // 4 SE
      }
    }, 60000);
  }

  it("SLL with qStd > 0 also stays below 1/d (4 SE) and reports no exact value", async () => {
    const r = await runWeightVariance({ transform: "sll", qStd: 1, d: 16, n: 8, samples: 10000, seed: 9, workers: 2 });
    expect(r.estimate - 1 / 16).toBeLessThan(4 * r.se); // 4 SE
    expect(r.exact).toBeNull();
    expect(r.notes.some((s) => /does not apply to SLL/.test(s))).toBe(true);
  });

  it("at (64, 16) Gaussian the control variate's SE is at least 3x smaller than the plain SE", async () => {
    const r = await runWeightVariance({ transform: "aol", d: 64, n: 16, samples: 8000, seed: 21, workers: 2 });
    expect(r.sePlain / r.se).toBeGreaterThanOrEqual(3);
    expect(r.varianceReduction).toBeCloseTo((r.sePlain / r.se) ** 2, 10);
  }, 60000);
});

describe("runWeightVariance: reproducibility and shape of the result", () => {
  it("the same seed gives identical JSON with 1 and 2 workers", async () => {
    const cfg = { transform: "aol" as const, d: 8, n: 4, samples: 3000, seed: 77n, chunkSize: 500 };
    const one = await runWeightVariance({ ...cfg, workers: 1 });
    const two = await runWeightVariance({ ...cfg, workers: 2 });
    expect(withoutTiming(two)).toBe(withoutTiming(one));
    const other = await runWeightVariance({ ...cfg, seed: 78n, workers: 1 });
    expect(other.estimate).not.toBe(one.estimate);
  });

  it("histogram counts every entry of every matrix", async () => {
    const r = await runWeightVariance({ transform: "aol", d: 3, n: 5, samples: 1000, seed: 1, workers: 1, chunkSize: 300 });
    const h = r.histogram!;
    expect(h.counts.reduce((a, b) => a + b, 0) + h.underflow + h.overflow + h.nan).toBe(1000 * 15);
    expect(h.underflow + h.overflow).toBe(0); // |w̄| ≤ 1 and the default range covers [-1, 1]
  });

  it("rejects bad configs with a RangeError naming the field", async () => {
    await expect(runWeightVariance({ transform: "aol", d: 0, n: 4, samples: 10, seed: 1 })).rejects.toThrow(/^d must be an integer from 1/);
    await expect(runWeightVariance({ transform: "aol", d: 4, n: NaN, samples: 10, seed: 1 })).rejects.toThrow(/^n must be/);
    await expect(runWeightVariance({ transform: "sll", qStd: -1, d: 4, n: 4, samples: 10, seed: 1 })).rejects.toThrow(/^qStd must be/);
    await expect(runWeightVariance({ transform: "aol", d: 4, n: 4, samples: 10, seed: 1, workers: 0 })).rejects.toThrow(/^workers must be/);
    await expect(runWeightVariance({ transform: "aol", d: 4, n: 4, samples: 1, seed: 1 })).rejects.toThrow(/^samples must be/);
    await expect(runWeightVariance({ transform: "aol", d: 4, n: 4, dist: "laplace", beta: 2, samples: 10, seed: 1 })).rejects.toThrow(/conflicts/);
    await expect(runWeightVariance({ transform: "aol", d: 16_000_000, n: 200, samples: 10, seed: 1, workers: 1 })).rejects.toThrow(/cannot fit in Wasm memory.*largest possible/);
  });
});
