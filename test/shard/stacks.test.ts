import { describe, expect, it } from "vitest";
import { runDecay } from "../../src/experiments/decay.js";
import { runResidual } from "../../src/experiments/residual.js";
import type { DecayConfig, ResidualConfig } from "../../src/experiments/types.js";
import { mergeDecayShards, mergeResidualShards, runDecayShard, runResidualShard, asStackShard, type DecayShard, type ResidualShard } from "../../src/shard/index.js";
import { resultJson } from "../../src/cli/shard-output.js";

// Small stacks, 5 replicates: shards of 2 hold 3 and 2 replicates, shards of 3 hold 2, 2 and 1.
const base = { depth: 3, width: 16, batch: 32, seed: 11, replicates: 5, workers: 1 };
const decayCases: Record<string, DecayConfig> = {
  gaussian: { ...base },
  // Laplace weights: the predictions need the auxiliary Monte Carlo Var[w̄] (kept small here).
  laplace: { ...base, dist: "laplace", varianceSamples: 3000 },
  // Bias (Laplace-shaped) with GND β = 1.5 weights: fixed points and auxiliary Monte Carlo together.
  bias: { ...base, dist: "gnd", beta: 1.5, biasStd: 0.3, biasDist: "laplace", varianceSamples: 3000 },
};
const residualCases: Record<string, ResidualConfig> = {
  gaussian: { ...base },
  // β = 1.5: the AOL comparison stack's predictions need the auxiliary Monte Carlo.
  "beta 1.5 with bias": { ...base, dist: "gnd", beta: 1.5, biasStd: 0.2 },
};

/** A result without its `run` field (wall time and workers differ between identical runs). */
const numbers = (r: object) => resultJson({ ...r, run: undefined });
/** Shard results as they travel between machines: through JSON text. */
const viaJson = <S>(s: S): S => JSON.parse(resultJson(s));
/** Shards 0..k−1, merged in the order `order` (a permutation of 0..k−1). */
const named = <S>(shards: S[], order: number[]) => order.map((i) => ({ source: `s${i}.json`, shard: shards[i] }));

async function decayShards(config: DecayConfig, k: number): Promise<DecayShard[]> {
  const out: DecayShard[] = [];
  for (let i = 0; i < k; i++) out.push(viaJson(await runDecayShard(config, { index: i, count: k })));
  return out;
}

async function residualShards(config: ResidualConfig, k: number): Promise<ResidualShard[]> {
  const out: ResidualShard[] = [];
  for (let i = 0; i < k; i++) out.push(viaJson(await runResidualShard(config, { index: i, count: k })));
  return out;
}

describe("sharded decay", () => {
  for (const [name, config] of Object.entries(decayCases)) {
    it(`${name}: 2-way and 3-way shards merged in shuffled order equal the unsharded JSON except run`, async () => {
      const single = await runDecay(config);
      const two = await decayShards(config, 2);
      const three = await decayShards(config, 3);
      expect(three.map((s) => s.replicates.map((u) => u.replicate))).toEqual([[0, 3], [1, 4], [2]]);
      expect(numbers(mergeDecayShards(named(two, [1, 0])))).toBe(numbers(single));
      expect(numbers(mergeDecayShards(named(three, [2, 0, 1])))).toBe(numbers(single));
      // The case really exercises what it is named for.
      expect(single.rescaledVarianceSource).toBe(name === "gaussian" ? "exact-gaussian" : "monte-carlo");
      if (name === "bias") expect(single.layers.every((l) => l.fixedPoint !== null)).toBe(true);
      expect(single.layers[0].histogram).not.toBeNull();
    }, 60_000);
  }

  it("2 workers give the same result and the same shard as 1", async () => {
    const config = decayCases.laplace;
    expect(numbers(await runDecay({ ...config, workers: 2 }))).toBe(numbers(await runDecay(config)));
    const one = await runDecayShard(config, { index: 1, count: 2 });
    const two = await runDecayShard({ ...config, workers: 2 }, { index: 1, count: 2 });
    expect(numbers(two)).toBe(numbers(one));
  }, 60_000);

  it("more shards than replicates: the empty shards still merge to the same numbers", async () => {
    const config = decayCases.gaussian;
    const seven = await decayShards(config, 7);
    expect(seven.slice(5).every((s) => s.replicates.length === 0)).toBe(true);
    expect(numbers(mergeDecayShards(named(seven, [6, 5, 4, 3, 2, 1, 0])))).toBe(numbers(await runDecay(config)));
  }, 60_000);

  it("refuses missing, duplicated, different-config, truncated and tampered shards", async () => {
    const config = decayCases.laplace;
    const shards = await decayShards(config, 3);
    const s = (i: number) => ({ source: `s${i}.json`, shard: shards[i] });
    expect(() => mergeDecayShards([s(0), s(2)])).toThrow(/^missing shards: 1\/3 \(got 2 of 3\)$/);
    expect(() => mergeDecayShards([s(0), s(1), s(1), s(2)])).toThrow(/^overlapping shards: s1\.json and s1\.json are both shard 1\/3$/);
    const otherSeed = viaJson(await runDecayShard({ ...config, seed: 12 }, { index: 1, count: 3 }));
    expect(() => mergeDecayShards([s(0), { source: "seed12.json", shard: otherSeed }, s(2)])).toThrow(/^seed12\.json: config or seed differs from s0\.json/);
    const truncated = { ...shards[1], replicates: shards[1].replicates.slice(1) };
    expect(() => mergeDecayShards([s(0), { source: "cut.json", shard: truncated }, s(2)])).toThrow(/^cut\.json: replicate 1 of 5 is missing \(the shard result is truncated\)$/);
    const foreign = { ...shards[1], replicates: [...shards[1].replicates, shards[0].replicates[0]] };
    expect(() => mergeDecayShards([s(0), { source: "bad.json", shard: foreign }, s(2)])).toThrow(/^bad\.json: replicate 0 does not belong to shard 1\/3/);
    const aux = shards[2].auxiliary;
    const tampered = { ...shards[2], auxiliary: { ...aux, perLayer: aux.perLayer!.map((x) => x * 1.001) } };
    expect(() => mergeDecayShards([s(0), s(1), { source: "aux.json", shard: tampered }])).toThrow(/^aux\.json: auxiliary Var\[w̄\] differs from s0\.json/);
    const invalid = { ...shards[0], config: { ...shards[0].config, depth: 0 } };
    expect(() => mergeDecayShards([{ source: "inv.json", shard: invalid }])).toThrow(/^inv\.json: invalid decay config: depth must be/);
    expect(() => asStackShard({ ...shards[0], experiment: "residual" }, "x.json", "decay")).toThrow(/^x\.json: experiment must be "decay", got "residual"$/);
  }, 60_000);
});

describe("sharded residual", () => {
  for (const [name, config] of Object.entries(residualCases)) {
    it(`${name}: 2-way and 3-way shards merged in shuffled order equal the unsharded JSON except run`, async () => {
      const single = await runResidual(config);
      const two = await residualShards(config, 2);
      const three = await residualShards(config, 3);
      expect(two.map((s) => s.replicates.map((u) => u.replicate))).toEqual([[0, 2, 4], [1, 3]]);
      expect(numbers(mergeResidualShards(named(two, [1, 0])))).toBe(numbers(single));
      expect(numbers(mergeResidualShards(named(three, [1, 2, 0])))).toBe(numbers(single));
      expect(two[0].auxiliary.source).toBe(name === "gaussian" ? "exact-gaussian" : "monte-carlo");
    }, 60_000);
  }

  it("2 workers give the same result and the same shard as 1", async () => {
    const config = residualCases.gaussian;
    expect(numbers(await runResidual({ ...config, workers: 2 }))).toBe(numbers(await runResidual(config)));
    const one = await runResidualShard(config, { index: 0, count: 2 });
    const two = await runResidualShard({ ...config, workers: 2 }, { index: 0, count: 2 });
    expect(numbers(two)).toBe(numbers(one));
  }, 60_000);

  it("refuses missing, duplicated and different-config shards", async () => {
    const config = residualCases.gaussian;
    const shards = await residualShards(config, 2);
    const s = (i: number) => ({ source: `r${i}.json`, shard: shards[i] });
    expect(() => mergeResidualShards([s(1)])).toThrow(/^missing shards: 0\/2 \(got 1 of 2\)$/);
    expect(() => mergeResidualShards([s(0), s(0), s(1)])).toThrow(/^overlapping shards: r0\.json and r0\.json are both shard 0\/2$/);
    const wider = viaJson(await runResidualShard({ ...config, inner: 8 }, { index: 1, count: 2 }));
    expect(() => mergeResidualShards([s(0), { source: "inner8.json", shard: wider }])).toThrow(/^inner8\.json: config or seed differs from r0\.json/);
  }, 60_000);
});
