import { describe, expect, it } from "vitest";
import { DEFAULT_CHUNK_SIZE, runWeightVariance, runWeightVarianceToPrecision, validateWeightVarianceConfig } from "../../src/experiments/weightVariance.js";
import { PILOT_CHUNKS, PLAN_MARGIN, type PrecisionTarget } from "../../src/experiments/precision.js";
import type { WeightVarianceConfig } from "../../src/experiments/types.js";

// Default chunks (4096): the pilot has 8192 matrices.
const base = { transform: "aol" as const, d: 16, n: 4, dist: "gaussian" as const, seed: 3, workers: 1 };
const withoutRun = <T extends { run: unknown }>(r: T) => ({ ...r, run: undefined });

/** runWeightVariance with a target (the one way every estimator takes one); `over` changes the base config (samples: the cap). */
async function toTarget(over: Partial<WeightVarianceConfig>, target: PrecisionTarget) {
  const r = await runWeightVariance({ ...base, ...over, target });
  if (!r.precision) throw new Error("a run with a target must report its precision");
  return { ...r, precision: r.precision };
}

describe("runWeightVariance with a precision target", () => {
  it("plans the matrix count from a pilot and equals a fixed-count run of that many matrices", async () => {
    const rse = 1e-4; // about 80,000 matrices at this shape: ten times the pilot
    const r = await toTarget({}, { rse });
    const p = r.precision;
    expect(p.pilotSamples).toBe(PILOT_CHUNKS * DEFAULT_CHUNK_SIZE);
    expect(p.plannedSamples).toBeGreaterThan(5 * p.pilotSamples);
    expect(p.capped).toBe(false);
    expect(r.samples).toBe(p.plannedSamples);
    // Same config and seed with that many samples: the identical result (chunk i draws from stream i).
    const direct = await runWeightVariance({ ...base, samples: p.plannedSamples });
    expect(withoutRun(r)).toEqual({ ...withoutRun(direct), precision: p });
    // The SE aimed at is target/√PLAN_MARGIN ≈ 0.976·target; the pilot's σ is
    // off by about 1/√(2·8192) ≈ 0.8% (one SE) and the final SE by 0.25%, so
    // the reached SE lies within [0.9, 1.0]·target: 3 SEs of room above, 9 below.
    const target = rse * Math.abs(r.estimate);
    expect(p.reached).toBe(true);
    expect(r.se / target).toBeGreaterThan(0.9);
    expect(r.se / target).toBeLessThanOrEqual(1);
    expect(r.se / target).toBeCloseTo(1 / Math.sqrt(PLAN_MARGIN), 1);
  });

  it("an absolute target needs four times the matrices for half the SE", async () => {
    const coarse = await toTarget({}, { se: 1e-5 });
    const fine = await toTarget({}, { se: 5e-6 });
    expect(coarse.precision.plannedSamples).toBeGreaterThan(coarse.precision.pilotSamples);
    // Both plans use the same pilot, so the ratio is exactly 4 up to rounding up.
    expect(fine.precision.plannedSamples / coarse.precision.plannedSamples).toBeCloseTo(4, 2);
    expect(coarse.precision.reached && fine.precision.reached).toBe(true);
  });

  it("stops at maxSamples and says the target was not reached", async () => {
    const r = await toTarget({ samples: 3000 }, { se: 1e-9 });
    expect(r.samples).toBe(3000);
    expect(r.precision.capped).toBe(true);
    expect(r.precision.reached).toBe(false);
    expect(r.precision.plannedSamples).toBeGreaterThan(3000);
  });

  it("a target the pilot already meets returns the pilot run itself", async () => {
    const r = await toTarget({}, { rse: 1e-2 });
    expect(r.precision.plannedSamples).toBeLessThan(r.precision.pilotSamples);
    expect(r.samples).toBe(r.precision.pilotSamples);
    const direct = await runWeightVariance({ ...base, samples: r.precision.pilotSamples });
    expect(withoutRun(r)).toEqual({ ...withoutRun(direct), precision: r.precision });
  });

  it("n = 1 has no spread (Var[w̄] = 1/d exactly): the pilot's count is enough", async () => {
    const r = await toTarget({ n: 1 }, { rse: 1e-6 });
    expect(r.estimate).toBeCloseTo(1 / 16, 15);
    expect(r.se).toBe(0);
    expect(r.precision.reached).toBe(true);
    expect(r.samples).toBe(r.precision.pilotSamples);
  });

  it("rejects targets and caps out of range, naming them", async () => {
    await expect(toTarget({}, { se: 1e-3, rse: 1e-3 } as never)).rejects.toThrow(/exactly one precision target/);
    await expect(toTarget({}, { rse: 0 })).rejects.toThrow(/target rse must be a number in \(0, 1\), got 0/);
    await expect(toTarget({}, { se: Number.NaN })).rejects.toThrow(/target se must be a finite number > 0/);
    await expect(toTarget({ samples: 1 }, { se: 1e-3 })).rejects.toThrow(/^samples must be an integer from 2/);
    await expect(runWeightVarianceToPrecision({ ...base, maxSamples: 1 }, { se: 1e-3 })).rejects.toThrow(/maxSamples must be an integer from 2/);
  });

  it("the deprecated runWeightVarianceToPrecision(config, target) gives the same result as the config's target", async () => {
    const viaConfig = await toTarget({ samples: 50_000 }, { rse: 2e-4 });
    const deprecated = await runWeightVarianceToPrecision({ ...base, maxSamples: 50_000 }, { rse: 2e-4 });
    expect(withoutRun(deprecated)).toEqual(withoutRun(viaConfig));
  });

  it("a fixed-count validation (what shards use) refuses a target, naming it", () => {
    expect(() => validateWeightVarianceConfig({ ...base, samples: 100, target: { se: 1e-3 } })).toThrow(/^target is taken by runWeightVariance only/);
  });
});
