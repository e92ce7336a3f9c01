/**
 * `lipvar train` end to end (in-process): a covtype.data(.gz) file, a CSV,
 * the synthetic default, --shard and `lipvar merge`, and bad input (exit 2,
 * one stderr line naming the problem, the malformed row's line number).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { captureCli } from "./capture.js";
import { resultJson } from "../../src/cli/shard-output.js";

const cli = captureCli();
const dir = mkdtempSync(join(tmpdir(), "lipvar-train-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = ["train", "--width", "8", "--seeds", "2", "--epochs", "1", "--batch", "16", "--stats-rows", "64", "--workers", "1"];
const tiny = [...base, "--depths", "1,2"];
const withoutRun = (text: string) => resultJson({ ...JSON.parse(text), run: undefined });

function covtypeText(rows: number): string {
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    const v = Array.from({ length: 10 }, (_, j) => (r * 37 + j * 101) % 500);
    const wild = Array.from({ length: 4 }, (_, j) => (j === r % 4 ? 1 : 0));
    const soil = Array.from({ length: 40 }, (_, j) => (j === (r * 7) % 40 ? 1 : 0));
    lines.push([...v, ...wild, ...soil, 1 + ((r * 5) % 7)].join(","));
  }
  return lines.join("\n") + "\n";
}

describe("lipvar train", () => {
  it("trains on a gzipped covtype.data file and prints the table", async () => {
    const file = join(dir, "covtype.data.gz");
    writeFileSync(file, gzipSync(covtypeText(300)));
    expect(await cli.run(...tiny, "--data", file)).toBe(0);
    expect(cli.out).toMatch(/data: covtype\.data\.gz: 300 rows \(240 train, 60 test\), 54 columns, 7 classes/);
    expect(cli.out).toMatch(/^\s*plain\s+1\s+2\s/m);
    expect(cli.out).toMatch(/^\s*sll\s+2\s+2\s/m);
  });

  it("trains on a CSV with a named label column, standardised, as JSON", async () => {
    const file = join(dir, "t.csv");
    const rows = ["a,b,kind,target"];
    for (let r = 0; r < 200; r++) rows.push(`${r % 13},${(r * 7) % 11},${r % 2},${r % 3}`);
    writeFileSync(file, rows.join("\n"));
    expect(await cli.run(...tiny, "--data", file, "--label", "target", "--standardise", "--json")).toBe(0);
    const r = JSON.parse(cli.out);
    expect(r.data).toMatchObject({ columns: 3, classes: 3, rowsUsed: 200 });
    expect(r.config.standardise).toBe(true);
  });

  it("--shard 0/2 and 1/2 merged equal the one-machine JSON (synthetic data, orthogonal W, MaxMin)", async () => {
    const argv = [...tiny, "--rows", "400", "--models", "plain,sll-better", "--init", "orthogonal", "--activation", "maxmin"];
    expect(await cli.run(...argv, "--json")).toBe(0);
    const whole = withoutRun(cli.out);
    const files = [0, 1].map((i) => join(dir, `s${i}.json`));
    for (let i = 0; i < 2; i++) {
      cli.reset();
      expect(await cli.run(...argv, "--shard", `${i}/2`)).toBe(0);
      expect(JSON.parse(cli.out)).toMatchObject({ format: "lipvar-shard", experiment: "train", totalRuns: 8, shard: { index: i, count: 2 } });
      writeFileSync(files[i], cli.out);
    }
    cli.reset();
    expect(await cli.run("merge", files[1], files[0])).toBe(0);
    expect(withoutRun(cli.out)).toBe(whole);
    expect(JSON.parse(whole).config).toMatchObject({ init: "orthogonal", activation: "maxmin" });
    await cli.expectUsageError(["merge", files[1]], /missing shards: 0\/2/);
    cli.reset();
    expect(await cli.run(...argv, "--seed", "9", "--shard", "0/2")).toBe(0);
    const other = join(dir, "other.json");
    writeFileSync(other, cli.out);
    await cli.expectUsageError(["merge", other, files[1]], /config or seed differs|data differ/);
  });

  it("bad input: one line, exit 2, nothing on stdout", async () => {
    const bad = join(dir, "bad.data");
    writeFileSync(bad, covtypeText(5) + "1,2,3\n");
    await cli.expectUsageError([...tiny, "--data", bad], /bad\.data line 6: expected 55 comma-separated values/);
    await cli.expectUsageError([...tiny, "--data", join(dir, "absent.data")], /cannot read the file/);
    await cli.expectUsageError([...tiny, "--models", "plain,mlp"], /--models must be one of plain, sll, sll-better, sll-better-hooks, got 'mlp'/);
    // Sizes that cannot fit in Wasm memory: one line, exit 2 (they used to abort inside Wasm: exit 70).
    await cli.expectUsageError(["train", "--width", "4096", "--depths", "20", "--models", "sll", "--workers", "1"], /depths up to 6 fit at this width and batch/);
    await cli.expectUsageError([...tiny, "--rows", "2000000000"], /rows must be at most 2485513 for the 54-column synthetic table/);
    await cli.expectUsageError([...base, "--depths", "0"], /--depths must be an integer from 1 to 1000/);
    await cli.expectUsageError([...tiny, "--lr", "-1"], /--lr must be a finite number > 0/);
    await cli.expectUsageError([...tiny, "--test-fraction", "1"], /--test-fraction must be a number between 0 and 1/);
    await cli.expectUsageError([...tiny, "--activation", "tanh"], /--activation must be relu, abs, maxmin or groupsort:K \(K an integer from 2 to 4096 dividing --width\), got 'tanh'/);
    await cli.expectUsageError([...tiny, "--activation", "groupsort:3"], /activation groupsort:3 needs a width divisible by 3, got width 8/);
    await cli.expectUsageError([...tiny, "--init", "identity"], /--init/);
    await cli.expectUsageError([...tiny, "--models", "sll-better-hooks", "--activation", "maxmin"], /models sll-better-hooks needs init iid and activation relu/);
    const small = join(dir, "small.data");
    writeFileSync(small, covtypeText(20));
    await cli.expectUsageError([...tiny, "--data", small, "--rows", "50"], /rows must be at most the 20 rows of small\.data, got 50/);
  });
});
