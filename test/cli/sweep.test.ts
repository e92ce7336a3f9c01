import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureCli } from "./capture.js";
import { runWeightVariance } from "../../src/experiments/weightVariance.js";
import { resultJson } from "../../src/cli/shard-output.js";

const cli = captureCli();

// 8 points of 1500 matrices in chunks of 400 (4 chunks each, 32 units).
const base = ["sweep", "--transform", "aol", "--d", "4,8", "--n", "2,3", "--seeds", "1,2", "--samples", "1500", "--chunk-size", "400", "--workers", "1"];
/** A sweep or merged result without its `run` fields. */
const withoutRun = (r: { points: object[] }) => resultJson({ ...r, run: undefined, points: r.points.map((p) => ({ ...p, run: undefined })) });

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "lipvar-sweep-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));


describe("lipvar sweep", () => {
  it("--json: one point per (d, n, seed), each the variance result of that point alone", async () => {
    expect(await cli.run(...base, "--json")).toBe(0);
    const r = JSON.parse(cli.out);
    expect(r.experiment).toBe("sweep");
    expect(r.points).toHaveLength(8);
    expect(r.config).toMatchObject({ d: [4, 8], n: [2, 3], dist: "gaussian", beta: [2], seeds: ["1", "2"], samples: 1500, chunkSize: 400 });
    const last = r.points[7]; // d 8, n 3, seed 2
    const alone = await runWeightVariance({ transform: "aol", d: 8, n: 3, samples: 1500, chunkSize: 400, seed: 2, workers: 1 });
    expect(resultJson({ ...last, run: undefined })).toBe(resultJson({ ...alone, run: undefined }));
  });

  it("the table has one row per point with exact, 1/d and the z-score", async () => {
    expect(await cli.run(...base)).toBe(0);
    const lines = cli.out.trimEnd().split("\n");
    expect(lines).toHaveLength(1 + 1 + 8); // summary, header, points
    expect(lines[1]).toMatch(/d\s+n\s+beta\s+seed\s+estimate ± SE\s+exact or mean-field\s+1\/d\s+z vs exact/);
    // Rows in point order: the first is d 4, n 2, seed 1 (1/d = 0.25); the last d 8, n 3, seed 2 (1/d = 0.125).
    expect(lines[2]).toMatch(/^\s*4\s+2\s+2\s+1\s+\S+ ± \S+\s+\S+ \(exact\)\s+0\.25\s+-?\d+\.\d\d$/);
    expect(lines[9]).toMatch(/^\s*8\s+3\s+2\s+2\s.*0\.125\s+-?\d+\.\d\d$/);
  });

  it("gnd with a β list: mean-field instead of exact, no z-score", async () => {
    expect(await cli.run("sweep", "--transform", "sll", "--q-std", "0", "--d", "4", "--n", "2", "--beta", "1,inf", "--seeds", "5", "--samples", "200", "--workers", "1")).toBe(0);
    const lines = cli.out.trimEnd().split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[2]).toMatch(/\(mean-field\)\s+0\.25\s+-$/);
    expect(lines[3]).toMatch(/^\s*4\s+2\s+inf\s+5\s/);
  });

  it("--shard 0/3, 1/3, 2/3 then merge (shuffled) gives the unsharded --json, run aside; --out writes the file", async () => {
    expect(await cli.run(...base, "--json")).toBe(0);
    const whole = withoutRun(JSON.parse(cli.out));
    const files = [0, 1, 2].map((i) => join(dir, `s${i}.json`));
    for (const i of [0, 1, 2]) {
      cli.reset();
      expect(await cli.run(...base, "--shard", `${i}/3`, "--out", files[i])).toBe(0);
      expect(cli.out).toBe("");
      expect(JSON.parse(readFileSync(files[i], "utf8")).units.length).toBe(i === 2 ? 10 : 11);
    }
    cli.reset();
    expect(await cli.run("merge", files[1], files[2], files[0])).toBe(0);
    expect(withoutRun(JSON.parse(cli.out))).toBe(whole);

    await cli.expectUsageError(["merge", files[0], files[2]], /missing shards: 1\/3/);
    await cli.expectUsageError(["merge", files[0], files[1], files[1], files[2]], /overlapping shards: .*s1\.json and .*s1\.json are both shard 1\/3/);
    cli.reset();
    const other = join(dir, "other1.json");
    expect(await cli.run(...base.map((a) => (a === "1,2" ? "1,3" : a)), "--shard", "1/3", "--out", other)).toBe(0);
    await cli.expectUsageError(["merge", files[0], other, files[2]], /other1\.json: config or seed differs from .*s0\.json/);
    cli.reset();
    const variance = join(dir, "variance.json");
    expect(await cli.run("variance", "--transform", "aol", "--d", "4", "--n", "2", "--samples", "100", "--seed", "1", "--workers", "1", "--shard", "1/3")).toBe(0);
    writeFileSync(variance, cli.out);
    await cli.expectUsageError(["merge", files[0], variance, files[2]], /variance\.json is not a sweep shard result like .*s0\.json/);
  });

  it("--out without --json writes the JSON and prints the table", async () => {
    const file = join(dir, "sweep.json");
    expect(await cli.run("sweep", "--transform", "aol", "--d", "3", "--n", "2", "--seeds", "1", "--samples", "100", "--workers", "1", "--out", file)).toBe(0);
    expect(cli.out).toMatch(/estimate ± SE/);
    expect(JSON.parse(readFileSync(file, "utf8")).points).toHaveLength(1);
  });

  it("bad input: one line naming the option, exit 2", async () => {
    const s = ["sweep", "--transform", "aol", "--samples", "100", "--workers", "1"];
    await cli.expectUsageError([...s, "--d", "", "--n", "2", "--seeds", "1"], /--d must be a comma-separated list of integers without empty items, got ''/);
    await cli.expectUsageError([...s, "--d", "4,", "--n", "2", "--seeds", "1"], /--d must be a comma-separated list/);
    await cli.expectUsageError([...s, "--d", "4", "--n", "2,3,2", "--seeds", "1"], /--n must not repeat a value: '2' and '2' are the same/);
    await cli.expectUsageError([...s, "--d", "4", "--n", "2", "--seeds", "7,07"], /--seeds must not repeat a value: '7' and '07'/);
    await cli.expectUsageError([...s, "--d", "4,0", "--n", "2", "--seeds", "1"], /--d must be an integer from 1 to \d+ in plain digits, got '0'/);
    await cli.expectUsageError([...s, "--d", "4", "--n", "2", "--seeds", "1", "--dist", "gnd", "--beta", "1,-2"], /--beta must be a finite number > 0 or 'inf', got '-2'/);
    await cli.expectUsageError([...s, "--d", "4", "--n", "2", "--seeds", "1", "--dist", "gnd", "--beta", "1,1.0"], /--beta must not repeat a value/);
    await cli.expectUsageError([...s, "--d", "4", "--n", "2", "--seeds", "1", "--dist", "gnd"], /--beta is required with --dist gnd/);
    await cli.expectUsageError([...s, "--d", "4", "--n", "2", "--seeds", "1", "--dist", "gaussian", "--beta", "2"], /--beta applies to --dist gnd only/);
    await cli.expectUsageError([...s, "--d", "4", "--n", "2", "--seeds", "1", "--dist", "cauchy"], /--dist must be one of gaussian, laplace, uniform, gnd/);
    await cli.expectUsageError([...s, "--d", "4", "--n", "2", "--seeds", "1", "--shard", "2/2"], /--shard must be i\/k/);
    await cli.expectUsageError(["sweep", "--transform", "aol", "--d", "1,2,3,4,5", "--n", "1,2", "--seeds", "1", "--samples", "2000000000", "--workers", "1"], /samples × points must be at most 10000000000, got 2000000000 × 10/);
  });
});
