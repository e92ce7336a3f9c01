import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { runWeightVariance } from "../../src/experiments/weightVariance.js";
import type { WeightVarianceConfig } from "../../src/experiments/types.js";
import { mergeShards, parseShard, runWeightVarianceShard, type WeightVarianceShard } from "../../src/shard/index.js";
import { describeDifferences } from "../../src/shard/assemble.js";
import { resultJson } from "../../src/cli/shard-output.js";
import { main } from "../../src/cli/main.js";

// 11 chunks of 300 matrices (the last one 200): shards of 3 hold 4, 4 and 3 chunks.
const config: WeightVarianceConfig = { transform: "aol", d: 8, n: 5, dist: "gnd", beta: 1.5, samples: 3200, chunkSize: 300, seed: 42, workers: 1 };

/** A result without its `run` field (wall time and workers differ between identical runs). */
const numbers = (r: object) => resultJson({ ...r, run: undefined });
/** Shard results as they travel between machines: through JSON text. */
const viaJson = (s: WeightVarianceShard): WeightVarianceShard => JSON.parse(resultJson(s));

let single: string;
let shards: WeightVarianceShard[];
let dir: string;

beforeAll(async () => {
  single = numbers(await runWeightVariance(config));
  shards = [];
  for (let i = 0; i < 3; i++) shards.push(viaJson(await runWeightVarianceShard(config, { index: i, count: 3 })));
  dir = mkdtempSync(join(tmpdir(), "lipvar-shard-"));
  shards.forEach((s, i) => writeFileSync(join(dir, `s${i}.json`), resultJson(s)));
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("sharded weight variance", () => {
  it("shard i of k holds the chunks c with c mod k = i", () => {
    expect(shards.map((s) => s.chunks.map((c) => c.chunk))).toEqual([[0, 3, 6, 9], [1, 4, 7, 10], [2, 5, 8]]);
    expect(shards.every((s) => s.totalChunks === 11)).toBe(true);
  });

  it("merging 0/3, 1/3, 2/3 (any order) gives the single-machine JSON byte for byte, run field aside", () => {
    const merged = mergeShards([2, 0, 1].map((i) => ({ source: `s${i}`, shard: shards[i] })));
    expect(numbers(merged)).toBe(single);
    expect(merged.samples).toBe(3200);
  });

  it("one shard of one is the whole run", async () => {
    const whole = viaJson(await runWeightVarianceShard(config, { index: 0, count: 1 }));
    expect(numbers(mergeShards([{ source: "w", shard: whole }]))).toBe(single);
  });

  it("more shards than chunks: empty shards still merge to the same numbers", async () => {
    const small = { ...config, samples: 600 }; // 2 chunks, 3 shards
    const parts = [];
    for (let i = 0; i < 3; i++) parts.push({ source: `p${i}`, shard: viaJson(await runWeightVarianceShard(small, { index: i, count: 3 })) });
    expect(parts[2].shard.chunks).toHaveLength(0);
    expect(numbers(mergeShards(parts))).toBe(numbers(await runWeightVariance(small)));
  });

  it("refuses overlapping, missing and mismatched shards", async () => {
    const s = (i: number) => ({ source: `s${i}`, shard: shards[i] });
    expect(() => mergeShards([s(0), s(1), s(1)])).toThrow(/overlapping shards: s1 and s1 are both shard 1\/3/);
    expect(() => mergeShards([s(0), s(2)])).toThrow(/missing shards: 1\/3/);
    const otherSeed = viaJson(await runWeightVarianceShard({ ...config, seed: 43 }, { index: 1, count: 3 }));
    expect(() => mergeShards([s(0), { source: "seed43", shard: otherSeed }, s(2)])).toThrow(/^seed43: config or seed differs from s0: seed "43" here vs "42"$/);
    const otherSplit = viaJson(await runWeightVarianceShard(config, { index: 1, count: 4 }));
    expect(() => mergeShards([s(0), { source: "k4", shard: otherSplit }, s(2)])).toThrow(/k4: shard 1\/4 does not split the run into 3/);
    const truncated = { ...shards[1], chunks: shards[1].chunks.slice(1) };
    expect(() => mergeShards([s(0), { source: "cut", shard: truncated }, s(2)])).toThrow(/^cut: chunk 1 of 11 is missing/);
    const foreign = { ...shards[1], chunks: [...shards[1].chunks, shards[0].chunks[0]] };
    expect(() => mergeShards([s(0), { source: "bad", shard: foreign }, s(2)])).toThrow(/bad: chunk 0 does not belong to shard 1\/3/);
  });

  it("parseShard accepts i/k with 0 <= i < k and names the option otherwise", () => {
    expect(parseShard("2/3")).toEqual({ index: 2, count: 3 });
    for (const bad of ["3/3", "-1/3", "1/0", "a/b", "1", "1.5/3"]) expect(() => parseShard(bad)).toThrow(/--shard must be i\/k/);
  });
});

describe("lipvar merge", () => {
  let out = "";
  let err = "";
  beforeEach(() => {
    out = "";
    err = "";
    vi.spyOn(process.stdout, "write").mockImplementation((x: string | Uint8Array) => ((out += String(x)), true));
    vi.spyOn(process.stderr, "write").mockImplementation((x: string | Uint8Array) => ((err += String(x)), true));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });

  it("prints the single-machine result", async () => {
    const code = await main(["merge", join(dir, "s1.json"), join(dir, "s0.json"), join(dir, "s2.json")]);
    expect(code).toBe(0);
    expect(numbers(JSON.parse(out))).toBe(single);
  });

  it("writes --out atomically", async () => {
    const file = join(dir, "merged.json");
    expect(await main(["merge", "--out", file, ...[0, 1, 2].map((i) => join(dir, `s${i}.json`))])).toBe(0);
    expect(numbers(JSON.parse(readFileSync(file, "utf8")))).toBe(single);
  });

  for (const [label, files, what] of [
    ["a missing shard", ["s0.json", "s2.json"], /missing shards: 1\/3/],
    ["an overlapping shard", ["s0.json", "s1.json", "s1.json", "s2.json"], /overlapping shards/],
    ["a file that does not exist", ["s0.json", "nope.json"], /cannot read shard result .*nope\.json: ENOENT/],
  ] as const) {
    it(`exits 2 with one line for ${label}`, async () => {
      const code = await main(["merge", ...files.map((f) => join(dir, f))]);
      expect(code).toBe(2);
      expect(out).toBe("");
      expect(err.trimEnd().split("\n")).toHaveLength(1);
      expect(err).toMatch(what);
    });
  }

  it("variance --shard 0/3, 1/3, 2/3 then merge prints the unsharded variance --json byte for byte, run aside", async () => {
    const base = ["variance", "--transform", "aol", "--d", "6", "--n", "3", "--dist", "laplace", "--samples", "2500", "--seed", "9", "--chunk-size", "400", "--workers", "1"];
    expect(await main([...base, "--json"])).toBe(0);
    const whole = numbers(JSON.parse(out));
    const files = [];
    for (const i of [0, 1, 2]) {
      out = "";
      expect(await main([...base, "--shard", `${i}/3`])).toBe(0);
      files.push(join(dir, `cli${i}.json`));
      writeFileSync(files[i], out);
    }
    out = "";
    expect(await main(["merge", files[2], files[0], files[1]])).toBe(0);
    expect(numbers(JSON.parse(out))).toBe(whole);
  });

  it("variance --shard rejects a malformed i/k with one line, exit 2", async () => {
    const code = await main(["variance", "--transform", "aol", "--d", "4", "--n", "2", "--samples", "10", "--seed", "1", "--shard", "3/3"]);
    expect(code).toBe(2);
    expect(err.trimEnd().split("\n")).toHaveLength(1);
    expect(err).toMatch(/--shard must be i\/k/);
  });

  it("exits 2 for a JSON file that is not a shard result", async () => {
    const file = join(dir, "other.json");
    writeFileSync(file, "{\"experiment\": \"weightVariance\"}\n");
    expect(await main(["merge", file])).toBe(2);
    expect(err).toMatch(/not a lipvar shard result/);
  });
});

describe("describeDifferences (merge's 'config or seed differs' line)", () => {
  it("names each differing field with both values, nested paths included, at most four", () => {
    expect(describeDifferences({ d: 8, n: 5, seed: "1" }, { d: 8, n: 4, seed: "2" })).toBe('n 5 here vs 4, seed "1" here vs "2"');
    expect(describeDifferences({ q: [1, 2, 3], data: { rows: 10 } }, { q: [1, 5, 3], data: { rows: 10 } })).toBe("q[1] 2 here vs 5");
    expect(describeDifferences({ q: [1, 2] }, { q: [1, 2, 3] })).toBe("q [1,2] here vs [1,2,3]");
    expect(describeDifferences({ a: 1 }, { a: 1, b: true })).toBe("b absent here vs true");
    expect(describeDifferences({ a: 1, b: 1, c: 1, d: 1, e: 1, f: 1 }, { a: 2, b: 2, c: 2, d: 2, e: 2, f: 2 })).toBe("a 1 here vs 2, b 1 here vs 2, c 1 here vs 2, d 1 here vs 2 and 2 more field(s)");
  });
});
