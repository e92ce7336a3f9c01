import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureCli } from "./capture.js";
import { resultJson } from "../../src/cli/shard-output.js";

const cli = captureCli();

// Laplace weights so the shards also carry the auxiliary Monte Carlo Var[w̄].
const decay = ["decay", "--depth", "3", "--width", "16", "--batch", "32", "--seed", "5", "--replicates", "5", "--dist", "laplace", "--workers", "1"];
const residual = ["residual", "--depth", "3", "--width", "16", "--batch", "32", "--seed", "5", "--replicates", "5", "--workers", "1"];
/** A result without its `run` field. */
const withoutRun = (text: string) => resultJson({ ...JSON.parse(text), run: undefined });

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "lipvar-stack-shard-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run `argv --shard i/k` for every i (as JSON on stdout, --json or not) and write shard i to `<prefix><i>.json`. */
async function writeShards(argv: string[], k: number, prefix: string): Promise<string[]> {
  const files: string[] = [];
  for (let i = 0; i < k; i++) {
    cli.reset();
    expect(await cli.run(...argv, "--shard", `${i}/${k}`)).toBe(0);
    const shard = JSON.parse(cli.out);
    expect(shard).toMatchObject({ format: "lipvar-shard", experiment: argv[0], shard: { index: i, count: k }, totalReplicates: 5 });
    files.push(join(dir, `${prefix}${i}.json`));
    writeFileSync(files[i], cli.out);
  }
  return files;
}

describe("lipvar decay/residual --shard and lipvar merge", () => {
  it("decay --shard 0/2, 1/2 then merge (shuffled) equals decay --json except run", async () => {
    expect(await cli.run(...decay, "--json")).toBe(0);
    const whole = withoutRun(cli.out);
    const files = await writeShards(decay, 2, "d");
    cli.reset();
    expect(await cli.run("merge", files[1], files[0])).toBe(0);
    expect(withoutRun(cli.out)).toBe(whole);
    expect(JSON.parse(cli.out).rescaledVarianceSource).toBe("monte-carlo");
  });

  it("residual --shard 0/3 .. 2/3 then merge equals residual --json except run", async () => {
    expect(await cli.run(...residual, "--json")).toBe(0);
    const whole = withoutRun(cli.out);
    const files = await writeShards(residual, 3, "r");
    cli.reset();
    expect(await cli.run("merge", files[2], files[0], files[1])).toBe(0);
    expect(withoutRun(cli.out)).toBe(whole);
  });

  it("merge refuses missing, duplicated, different-config and mixed shards: exit 2, one line", async () => {
    const files = await writeShards(decay, 2, "e");
    await cli.expectUsageError(["merge", files[1]], /missing shards: 0\/2 \(got 1 of 2\)$/);
    await cli.expectUsageError(["merge", files[0], files[1], files[1]], /overlapping shards: .*e1\.json and .*e1\.json are both shard 1\/2/);
    const other = join(dir, "seed6.json");
    cli.reset();
    expect(await cli.run(...decay.map((a, i) => (decay[i - 1] === "--seed" ? "6" : a)), "--shard", "1/2")).toBe(0);
    writeFileSync(other, cli.out);
    await cli.expectUsageError(["merge", files[0], other], /seed6\.json: config or seed differs from .*e0\.json/);
    const res = await writeShards(residual, 2, "m");
    await cli.expectUsageError(["merge", files[0], res[1]], /m1\.json is not a decay shard result like .*e0\.json \(experiment residual\)/);
    await cli.expectUsageError(["merge", res[0], files[1]], /e1\.json is not a residual shard result like .*m0\.json \(experiment decay\)/);
  });

  it("--shard is checked like variance's: i/k with 0 <= i < k", async () => {
    await cli.expectUsageError([...decay, "--shard", "2/2"], /--shard must be i\/k/);
    await cli.expectUsageError([...residual, "--shard", "x"], /--shard must be i\/k/);
  });

  it("--out writes the JSON atomically: the --json document, or the shard; the table still prints without --json", async () => {
    for (const argv of [decay, residual]) {
      cli.reset();
      expect(await cli.run(...argv, "--json")).toBe(0);
      const printed = cli.out;
      const file = join(dir, `${argv[0]}-out.json`);
      cli.reset();
      expect(await cli.run(...argv, "--out", file)).toBe(0);
      expect(cli.out).toMatch(/^(AOL stack|SLL residual stack)/); // the table
      expect(withoutRun(readFileSync(file, "utf8"))).toBe(withoutRun(printed));
      cli.reset();
      expect(await cli.run(...argv, "--shard", "1/2", "--out", file)).toBe(0);
      expect(cli.out).toBe("");
      expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({ format: "lipvar-shard", experiment: argv[0], shard: { index: 1, count: 2 } });
    }
  });
});
