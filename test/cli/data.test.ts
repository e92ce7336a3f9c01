/**
 * `lipvar data synthetic`: the file it writes (UCI covtype.data layout, CSV,
 * gzip) reads back — through the reader `lipvar train --data` uses — to
 * exactly the table the generator makes, and `lipvar train --data FILE`
 * trains on it exactly as `lipvar train` does on its own synthetic table.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { captureCli } from "./capture.js";
import { kernels } from "../helpers.js";
import { syntheticCovertype } from "../../src/data/synthetic.js";
import { readDataFile } from "../../src/data/read.js";
import type { TabularData } from "../../src/data/types.js";

const cli = captureCli();
const dir = mkdtempSync(join(tmpdir(), "lipvar-data-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectSameTable(read: TabularData, made: TabularData): void {
  expect(read.columns).toBe(made.columns);
  expect(read.classes).toBe(made.classes);
  expect(read.columnNames).toEqual(made.columnNames);
  expect(read.continuous).toEqual(made.continuous);
  expect(Array.from(read.labels)).toEqual(Array.from(made.labels));
  expect(read.features.length).toBe(made.features.length);
  let differing = 0;
  for (let i = 0; i < made.features.length; i++) if (read.features[i] !== made.features[i]) differing++;
  expect(differing).toBe(0);
}

describe("lipvar data synthetic", () => {
  it("writes the UCI layout (no header, 54 features, label 1–7) that reads back to the generator's table", async () => {
    const file = join(dir, "covtype.data");
    expect(await cli.run("data", "synthetic", "--rows", "700", "--seed", "5", "--out", file)).toBe(0);
    expect(cli.out).toBe("");
    const lines = readFileSync(file, "utf8").trimEnd().split("\n");
    expect(lines).toHaveLength(700);
    const made = syntheticCovertype(await kernels(), { rows: 700, seed: 5 });
    // The layout, read by hand: 55 fields, the last the label 1..7 (the table stores 0..6).
    const first = lines[0].split(",");
    expect(first).toHaveLength(55);
    expect(Number(first[54])).toBe(made.labels[0] + 1);
    expect(Number(first[0])).toBe(made.features[0]);
    expectSameTable(readDataFile(file), made);
  });

  it("writes CSV with a header (by --data-format or by the .csv name) and gzip for .gz names", async () => {
    const made = syntheticCovertype(await kernels(), { rows: 300, seed: 9 });
    const csv = join(dir, "t.csv.gz");
    expect(await cli.run("data", "synthetic", "--rows", "300", "--seed", "9", "--out", csv)).toBe(0);
    const text = gunzipSync(readFileSync(csv)).toString("utf8");
    expect(text.split("\n")[0]).toBe([...made.columnNames, "Cover_Type"].join(","));
    expectSameTable(readDataFile(csv), made);
    const forced = join(dir, "t.txt");
    expect(await cli.run("data", "synthetic", "--rows", "300", "--seed", "9", "--data-format", "csv", "--out", forced)).toBe(0);
    expect(readFileSync(forced, "utf8")).toBe(text);
    expectSameTable(readDataFile(forced, { format: "csv" }), made);
  });

  it("lipvar train --data FILE gives the JSON of lipvar train on its own synthetic table (but the data's name)", async () => {
    const file = join(dir, "train.data");
    expect(await cli.run("data", "synthetic", "--rows", "600", "--seed", "3", "--out", file)).toBe(0);
    const common = ["--models", "plain,sll", "--depths", "2", "--width", "8", "--seeds", "1", "--seed", "3", "--epochs", "1", "--workers", "1", "--json"];
    cli.reset();
    expect(await cli.run("train", "--data", file, ...common)).toBe(0);
    const fromFile = JSON.parse(cli.out);
    cli.reset();
    expect(await cli.run("train", "--rows", "600", ...common)).toBe(0);
    const generated = JSON.parse(cli.out);
    expect(fromFile.data.source).toBe("train.data");
    expect(generated.data.source).toMatch(/synthetic/);
    for (const r of [fromFile, generated]) {
      delete r.run;
      delete r.data.source;
      delete r.config.rows;
    }
    expect(fromFile).toEqual(generated);
  });

  it("refuses bad input with one line and writes nothing", async () => {
    const file = join(dir, "bad.data");
    await cli.expectUsageError(["data", "synthetic", "--rows", "0", "--out", file], /--rows must be an integer from 1 to 2485513/);
    await cli.expectUsageError(["data", "real", "--out", file], /kind must be synthetic/);
    await cli.expectUsageError(["data", "synthetic", "--seed", "-1", "--out", file], /--seed/);
    await cli.expectUsageError(["data", "synthetic", "--rows", "10", "--out", join(dir, "no-such-folder", "x.data")], /--out/);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith("."))).toEqual([]);
  });
});
