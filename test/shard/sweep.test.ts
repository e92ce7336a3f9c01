import { beforeAll, describe, expect, it } from "vitest";
import { runWeightVariance } from "../../src/experiments/weightVariance.js";
import { runSweep, validateSweepConfig, type SweepConfig, type SweepResult } from "../../src/experiments/sweep.js";
import { mergeSweepShards, runSweepShard, type SweepShard } from "../../src/shard/index.js";
import { resultJson } from "../../src/cli/shard-output.js";

// 8 points (d ∈ {4, 8} × n ∈ {2, 3} × 2 seeds) of 1000 matrices in chunks of
// 300: 4 chunks per point (the last of 100), 32 units in all.
const config: SweepConfig = { transform: "aol", d: [4, 8], n: [2, 3], dist: "gnd", beta: [1.5], seeds: [7, 8], samples: 1000, chunkSize: 300 };

/** A result without its `run` fields (wall time and workers differ between identical runs). */
const withoutRun = (r: SweepResult) => resultJson({ ...r, run: undefined, points: r.points.map((p) => ({ ...p, run: undefined })) });
const viaJson = <T>(x: T): T => JSON.parse(resultJson(x));

let one: SweepResult;
let shards: SweepShard[];

beforeAll(async () => {
  one = await runSweep(config, { workers: 1 });
  shards = [];
  for (let i = 0; i < 3; i++) shards.push(viaJson(await runSweepShard(config, { index: i, count: 3 }, { workers: 1 })));
}, 120_000);

describe("sweep", () => {
  it("points are d × n × β × seed, d outermost, seed innermost", () => {
    const order = one.points.map((p) => [p.config.d, p.config.n, p.config.beta, p.config.seed]);
    expect(order).toEqual([
      [4, 2, 1.5, "7"], [4, 2, 1.5, "8"], [4, 3, 1.5, "7"], [4, 3, 1.5, "8"],
      [8, 2, 1.5, "7"], [8, 2, 1.5, "8"], [8, 3, 1.5, "7"], [8, 3, 1.5, "8"],
    ]);
  });

  it("each point equals runWeightVariance of that point alone, run aside", async () => {
    for (const p of one.points) {
      const c = p.config;
      const alone = await runWeightVariance({ transform: c.transform, d: c.d, n: c.n, dist: "gnd", beta: 1.5, samples: 1000, chunkSize: 300, seed: BigInt(c.seed), workers: 1 });
      expect({ ...p, run: undefined }).toEqual({ ...alone, run: undefined });
    }
  }, 60_000);

  it("1 and 2 workers give identical points", async () => {
    const two = await runSweep(config, { workers: 2 });
    expect(two.run.workers).toBe(2);
    expect(withoutRun(two)).toBe(withoutRun(one));
  }, 60_000);

  it("one progress count over all 32 chunks", async () => {
    const seen: [number, number][] = [];
    await runSweep({ ...config, d: [4] }, { workers: 1, onProgress: (done, total) => seen.push([done, total]) });
    expect(seen.at(-1)).toEqual([16, 16]);
    expect(seen.every(([, total]) => total === 16)).toBe(true);
  });

  it("named distributions are one point on the β axis", () => {
    const v = validateSweepConfig({ transform: "sll", qStd: 0.5, d: [4], n: [2], dist: "uniform", seeds: [1], samples: 10 });
    expect(v.json.beta).toEqual(["inf"]);
    expect(v.points).toHaveLength(1);
  });

  it("rejects bad lists and too much work with a RangeError naming the parameter", () => {
    const bad = (patch: Partial<SweepConfig>) => () => validateSweepConfig({ ...config, ...patch } as SweepConfig);
    expect(bad({ d: [] })).toThrow(/^d must be a non-empty list/);
    expect(bad({ n: [2, 0] })).toThrow(/^n\[1\] must be an integer from 1 to/);
    expect(bad({ d: [4, 8, 4] })).toThrow(/^d must not repeat a value: d\[0\] and d\[2\] are both 4/);
    expect(bad({ seeds: [1, 1n] })).toThrow(/^seeds must not repeat a value/);
    expect(bad({ seeds: [-1] })).toThrow(/^seeds\[0\] must be an integer from 0 to 2\^64-1/);
    expect(bad({ beta: [2, -1] })).toThrow(/^beta\[1\] must be a number > 0 or Infinity, got -1/);
    expect(bad({ beta: undefined })).toThrow(/^beta is required with dist gnd/);
    expect(bad({ dist: "gaussian" })).toThrow(/^beta applies to dist gnd only/);
    expect(bad({ samples: 1e10 })).toThrow(/^samples × points must be at most 10000000000, got 10000000000 × 8/);
    expect(bad({ samples: 1e8, chunkSize: 1 })).toThrow(/^chunks × points must be at most 10000000, got 100000000 × 8; raise chunkSize/);
  });
});

describe("sharded sweep", () => {
  it("units are dealt round-robin: shard i of 3 holds units u with u mod 3 = i", () => {
    const index = (u: { point: number; chunk: number }) => u.point * 4 + u.chunk;
    shards.forEach((s, i) => {
      expect(s.totalUnits).toBe(32);
      expect(s.units.map(index).every((u) => u % 3 === i)).toBe(true);
    });
    expect(shards.map((s) => s.units.length)).toEqual([11, 11, 10]);
  });

  it("merging 2/3, 0/3, 1/3 gives the one-machine sweep exactly, run aside", () => {
    const merged = mergeSweepShards([2, 0, 1].map((i) => ({ source: `s${i}`, shard: shards[i] })));
    expect(withoutRun(merged)).toBe(withoutRun(one));
  });

  it("more shards than units: empty shards still merge to the same numbers", async () => {
    const tiny: SweepConfig = { ...config, d: [4], n: [2], seeds: [7], samples: 600 }; // 2 units, 3 shards
    const parts = [];
    for (let i = 0; i < 3; i++) parts.push({ source: `p${i}`, shard: viaJson(await runSweepShard(tiny, { index: i, count: 3 }, { workers: 1 })) });
    expect(parts[2].shard.units).toHaveLength(0);
    expect(withoutRun(mergeSweepShards(parts))).toBe(withoutRun(await runSweep(tiny, { workers: 1 })));
  });

  it("refuses missing, duplicated, foreign and tampered shards", async () => {
    const s = (i: number) => ({ source: `s${i}`, shard: shards[i] });
    expect(() => mergeSweepShards([s(0), s(2)])).toThrow(/^missing shards: 1\/3 \(got 2 of 3\)/);
    expect(() => mergeSweepShards([s(0), s(1), s(1), s(2)])).toThrow(/^overlapping shards: s1 and s1 are both shard 1\/3/);
    const other = viaJson(await runSweepShard({ ...config, seeds: [7, 9] }, { index: 1, count: 3 }, { workers: 1 }));
    expect(() => mergeSweepShards([s(0), { source: "seeds79", shard: other }, s(2)])).toThrow(/^seeds79: config or seed differs from s0/);
    const truncated = { ...shards[1], units: shards[1].units.slice(1) };
    expect(() => mergeSweepShards([s(0), { source: "cut", shard: truncated }, s(2)])).toThrow(/^cut: unit 1 of 32 is missing/);
    const outside = { ...shards[1], units: [...shards[1].units, { ...shards[1].units[0], chunk: 4 }] };
    expect(() => mergeSweepShards([s(0), { source: "bad", shard: outside }, s(2)])).toThrow(/^bad: unit \(point 0, chunk 4\) is not in the sweep/);
    const foreign = { ...shards[1], units: [...shards[1].units, shards[0].units[0]] };
    expect(() => mergeSweepShards([s(0), { source: "mixed", shard: foreign }, s(2)])).toThrow(/^mixed: unit 0 does not belong to shard 1\/3 of 32 units/);
  });
});
