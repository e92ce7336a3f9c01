import { describe, expect, it } from "vitest";
import { runSamplerCheck } from "../../src/experiments/sampler.js";

// Pearson kurtosis from MATH.md §2: 3 normal, 6 Laplace, 9/5 uniform; variance with α = 1: Γ(3/β)/Γ(1/β) = 1/2, 2, 1/3.
const CASES: [number, number, number][] = [
  [2, 3, 0.5],
  [1, 6, 2],
  [Infinity, 9 / 5, 1 / 3],
];

describe("runSamplerCheck", () => {
  for (const [beta, kurtosis, variance] of CASES) {
    it(`beta = ${beta}: moments within 4 SE of MATH.md values, KS below its 1% critical value`, async () => {
      const r = await runSamplerCheck({ beta, count: 100_000, seed: 12 });
      expect(r.kurtosis.analytic).toBeCloseTo(kurtosis, 12);
      expect(r.variance.analytic).toBeCloseTo(variance, 12);
      expect(Math.abs(r.mean.zScore)).toBeLessThan(4); // 4 SE
      expect(Math.abs(r.variance.zScore)).toBeLessThan(4); // 4 SE
      expect(Math.abs(r.kurtosis.zScore)).toBeLessThan(4); // 4 SE (delta method)
      expect(r.ks.critical).toBeCloseTo(1.628 / Math.sqrt(100_000), 12);
      expect(r.ks.pass).toBe(true); // fails 1% of seeds by design; seed fixed
      for (const c of [...r.cf, ...r.mgf]) expect(Math.abs(c.empirical - c.analytic)).toBeLessThan(4 * c.se); // 4 SE
    });
  }

  it("MGF points default inside the domain (t <= 0 for beta < 1) and bad points are rejected", async () => {
    const r = await runSamplerCheck({ beta: 0.5, count: 1000, seed: 1 });
    expect(r.mgf.every((m) => m.t <= 0)).toBe(true);
    await expect(runSamplerCheck({ beta: 1, count: 1000, seed: 1, mgfPoints: [1] })).rejects.toThrow(/^mgfPoints must be/);
    await expect(runSamplerCheck({ beta: 1, count: 10, seed: 1 })).rejects.toThrow(/^count must be/);
    await expect(runSamplerCheck({ beta: -1, count: 1000, seed: 1 })).rejects.toThrow(/^beta must be/);
  });
});
