/**
 * The CLI's edges, table-driven: several hundred bad inputs across all
 * commands — every option's bad values, repeated, missing and conflicting
 * options, malformed and tampered files, unwritable and dangerous output
 * paths — run from a scratch folder that holds a sentinel file, a report
 * folder lipvar wrote, a folder it did not, and valid shard files. For each
 * case: exit code 2, nothing on stdout, exactly one stderr line that names
 * the parameter or path, no stack trace, nothing in the scratch folder
 * created, changed or deleted, and a quick answer.
 *
 * The cases run the CLI's `main` in this process (the same code the
 * executable runs, minus process start-up, which keeps 400 cases at a few
 * seconds); a few cases that need a real process — stdout on a full disk,
 * a refused path's exit within the time limit, the top-level handler — run
 * `bin/lipvar.js` concurrently. Interrupts (SIGINT/SIGTERM) are tested on
 * real processes in test/io/output-paths.test.ts.
 */
import { execFile } from "node:child_process";
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { captureCli } from "./capture.js";
import { main } from "../../src/cli/main.js";
import { REPORT_MARKER, reportMarkerText } from "../../src/io/output-paths.js";

const cli = captureCli();
const repoCwd = process.cwd();
let scratch: string;

/** Every entry under the scratch folder: type, and each file's inode, size and modification time. */
function snapshot(): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const name of readdirSync(join(scratch, rel))) {
      const r = rel ? `${rel}/${name}` : name;
      const s = lstatSync(join(scratch, r));
      if (s.isSymbolicLink()) out[r] = "link";
      else if (s.isDirectory()) {
        out[r] = "dir";
        walk(r);
      } else out[r] = `${s.ino}:${s.size}:${s.mtimeMs}`; // any write changes the modification time
    }
  };
  walk("");
  return out;
}

// ------------------------------------------------------------ valid commands

const BASE: Record<string, string[]> = {
  sample: ["sample", "--beta", "2", "--count", "3", "--seed", "1"],
  gnd: ["gnd", "--beta", "2", "--cf", "1"],
  bounds: ["bounds", "--d", "3", "--n", "3"],
  variance: ["variance", "--transform", "aol", "--d", "3", "--n", "3", "--samples", "10", "--seed", "1", "--workers", "1"],
  sweep: ["sweep", "--transform", "aol", "--d", "3", "--n", "3", "--seeds", "1", "--samples", "10", "--workers", "1"],
  decay: ["decay", "--depth", "2", "--width", "3", "--batch", "3", "--seed", "1", "--replicates", "2", "--workers", "1"],
  residual: ["residual", "--depth", "2", "--width", "3", "--batch", "3", "--seed", "1", "--replicates", "2", "--workers", "1"],
  report: ["report", "--quick", "--out", "new-report", "--seed", "1", "--workers", "1"],
  check: ["check", "--suite", "suite.json", "--workers", "1"],
  merge: ["merge", "v0.json", "v1.json"],
  train: ["train", "--rows", "60", "--epochs", "1", "--seeds", "1", "--depths", "1", "--width", "2", "--workers", "1"],
};

/** Replace (or add) `option value` in a command line. */
function withOption(argv: string[], option: string, value: string): string[] {
  const i = argv.indexOf(option);
  if (i < 0) return [...argv, option, value];
  const out = [...argv];
  out[i + 1] = value;
  return out;
}

function without(argv: string[], option: string): string[] {
  const i = argv.indexOf(option);
  return [...argv.slice(0, i), ...argv.slice(i + 2)];
}

// ------------------------------------------------------------ bad values by kind

const BAD: Record<string, string[]> = {
  integer: ["-1", "1.5", "1e3", " 4", "4 ", "", "abc", "NaN", "Infinity", "0x10", "+4", "1_000", "99999999999999999999"],
  seed: ["-1", "1.5", "1e3", "18446744073709551616", "abc", "", " 1", "0x1"],
  positive: ["0", "-1", "abc", "NaN", "inf", "1e309", "", " 1", "1,2"],
  nonNegative: ["-1", "abc", "NaN", "inf", "1e309", ""],
  beta: ["0", "-1", "1e309", "abc", "", "nan", " 2", "-inf", "1e-400"],
  choice: ["x", "", "AOL", " aol"],
  dist: ["x", "", "gauss", " laplace", "laplace "],
  numberList: ["", "1,,2", "a", "1, 2", "1e309", ","],
  integerList: ["", "3,", "0", "1.5", "3,3", "3, 8", "1e3"],
  seedList: ["", "1,1", "-1", "1.5", "1, 2"],
  betaList: ["0", "2,2", "abc", "", "1e309"],
  shard: ["2/2", "-1/2", "1/0", "a/b", "", "1/2/3", " 0/2", "0/1000001"],
};

/** Options of each command and the kind of their value (the shared parsers: src/cli/args.ts). */
const OPTIONS: Record<string, [string, keyof typeof BAD, string[]?][]> = {
  sample: [["--beta", "beta"], ["--alpha", "positive"], ["--variance", "positive"], ["--count", "integer"], ["--seed", "seed"], ["--stream", "integer"], ["--format", "choice"]],
  gnd: [["--format", "choice"], ["--beta", "beta"], ["--alpha", "positive"], ["--variance", "positive"], ["--cf", "numberList"], ["--mgf", "numberList"]],
  bounds: [["--format", "choice"], ["--d", "integer"], ["--n", "integer"], ["--dist", "dist"], ["--beta", "beta", ["--dist", "gnd"]]],
  variance: [
    ["--transform", "choice"], ["--q-std", "nonNegative", ["--transform", "sll"]], ["--d", "integer"], ["--n", "integer"], ["--dist", "dist"], ["--beta", "beta", ["--dist", "gnd"]],
    ["--samples", "integer"], ["--target-se", "positive"], ["--target-rse", "positive"], ["--seed", "seed"], ["--workers", "integer"], ["--chunk-size", "integer"], ["--histogram-bins", "integer"], ["--shard", "shard"],
    ["--method", "choice"], ["--pilot-chunks", "integer", ["--method", "precise"]], ["--format", "choice"],
  ],
  sweep: [
    ["--transform", "choice"], ["--q-std", "nonNegative", ["--transform", "sll"]], ["--d", "integerList"], ["--n", "integerList"], ["--dist", "dist"], ["--beta", "betaList", ["--dist", "gnd"]],
    ["--seeds", "seedList"], ["--samples", "integer"], ["--chunk-size", "integer"], ["--workers", "integer"], ["--shard", "shard"], ["--format", "choice"],
  ],
  decay: [
    ["--depth", "integer"], ["--width", "integer"], ["--batch", "integer"], ["--seed", "seed"], ["--bias-std", "nonNegative"], ["--bias-dist", "dist"], ["--bias-beta", "beta", ["--bias-dist", "gnd"]],
    ["--dist", "dist"], ["--beta", "beta", ["--dist", "gnd"]], ["--replicates", "integer"], ["--workers", "integer"], ["--shard", "shard"], ["--format", "choice"],
  ],
  residual: [["--depth", "integer"], ["--width", "integer"], ["--inner", "integer"], ["--batch", "integer"], ["--seed", "seed"], ["--bias-std", "nonNegative"], ["--dist", "dist"], ["--beta", "beta", ["--dist", "gnd"]], ["--replicates", "integer"], ["--workers", "integer"], ["--shard", "shard"]],
  report: [["--seed", "seed"], ["--workers", "integer"], ["--figure-format", "choice"], ["--figure-scale", "positive"]],
  check: [["--workers", "integer"]],
  merge: [],
  train: [
    ["--rows", "integer"], ["--epochs", "integer"], ["--seeds", "integer"], ["--depths", "integerList"], ["--width", "integer"], ["--workers", "integer"], ["--seed", "seed"],
    ["--batch", "integer"], ["--lr", "positive"], ["--test-fraction", "positive"], ["--stats-rows", "integer"], ["--models", "choice"], ["--bias", "choice"], ["--format", "choice"],
  ],
};

/** One case: a label, the command line, and what the stderr line must contain (the parameter or path). */
type Case = [label: string, argv: string[], names: string[]];
const cases: Case[] = [];
const add = (argv: string[], ...names: string[]) => cases.push([argv.map((a) => JSON.stringify(a)).join(" "), argv, names]);

// 1. Every option's bad values.
for (const [command, options] of Object.entries(OPTIONS)) {
  for (const [option, kind, extra] of options) {
    for (const value of BAD[kind]) {
      // "" and a value that is the option's valid default are no use as bad values for a choice.
      let argv = withOption(BASE[command], option, value);
      if (extra) argv = withOption(argv, extra[0], extra[1]);
      add(argv, option);
    }
  }
}

// 2. Every option given twice; every required option missing; an unknown option.
for (const [command, base] of Object.entries(BASE)) {
  for (let i = 1; i < base.length; i++) {
    if (!base[i].startsWith("--")) continue;
    const value = base[i + 1] !== undefined && !base[i + 1].startsWith("--") ? [base[i + 1]] : [];
    add([...base, base[i], ...value], base[i]);
  }
  add([...base, "--bogus-option", "1"], "--bogus-option");
}
const REQUIRED: Record<string, string[]> = {
  sample: ["--beta", "--count"], gnd: ["--beta"], bounds: ["--d", "--n"], variance: ["--d", "--n"],
  sweep: ["--d", "--n", "--samples"], decay: ["--depth", "--width", "--batch"], residual: ["--depth", "--width", "--batch"],
};
for (const [command, options] of Object.entries(REQUIRED)) for (const option of options) add(without(BASE[command], option), option);
add(without(BASE.variance, "--samples"), "--samples");

// 3. Conflicting options.
add([...BASE.sample, "--alpha", "1", "--variance", "2"], "--alpha");
add([...BASE.gnd, "--alpha", "1", "--variance", "2"], "--alpha");
add(withOption(withOption(BASE.sample, "--format", "json"), "--count", "10000001"), "--count");
add([...BASE.bounds, "--dist", "laplace", "--beta", "2"], "--beta");
add([...BASE.bounds, "--dist", "gnd"], "--beta");
add([...BASE.variance, "--q-std", "0.5"], "--q-std");
add([...BASE.variance, "--target-se", "0.1", "--target-rse", "0.1"], "--target-se");
add([...BASE.variance, "--target-rse", "1"], "--target-rse");
add([...BASE.variance, "--target-se", "0.1", "--shard", "0/2"], "--shard");
add([...BASE.sweep, "--dist", "laplace", "--beta", "1"], "--beta");
add([...BASE.decay, "--dist", "uniform", "--beta", "2"], "--beta");
add([...BASE.decay, "--bias-dist", "laplace", "--bias-beta", "2"], "--bias-beta");
add([...BASE.residual, "--dist", "gaussian", "--beta", "inf"], "--beta");
add(withOption(BASE.sample, "--count", "1000000001"), "--count");
add([...BASE.report, "--figure-scale", "0.5"], "--figure-scale");
add([...BASE.report, "--figure-scale", "9"], "--figure-scale");
add([...BASE.report, "--figure-format", "svg", "--figure-scale", "2"], "--figure-scale");
add(["bogus-command"], "bogus-command");
add([], "no command");

// 4. Unwritable and dangerous output paths (checked before any work).
const FILE_PATHS = ["", ".", "..", "/", "/proc/x.json", "/proc/self/status", "/sys/x.json", "/dev/null", "/dev/full", "sentinel.txt/x.json", "missing-dir/x.json", "a-folder", "a-folder/", "link-to-sentinel", "/nonexistent-lipvar-root/x"];
for (const path of FILE_PATHS) {
  for (const command of ["variance", "sweep", "decay", "residual", "train"]) add([...BASE[command], "--out", path], "--out", path);
  add([...BASE.variance, "--shard", "0/2", "--out", path], "--out", path);
  add([...BASE.merge, "--out", path], "--out", path);
  add([...BASE.check, "--junit", path], "--junit", path);
}
const REPORT_PATHS = ["", ".", "..", "/", homedir(), "theirs", "sentinel.txt", "/proc/rep", "/sys/rep", "/dev/rep", "missing-dir/rep", "report-plus-mine", "fake-marker", "link-to-report", "a-folder/../theirs"];
for (const path of REPORT_PATHS) add(withOption(BASE.report, "--out", path), "--out", path);

// 5. Malformed input files: suites, baselines, shards.
for (const file of ["nonexistent.json", "notjson.txt", "array.json", "bad-suite.json", "a-folder"]) add(withOption(BASE.check, "--suite", file), file);
for (const file of ["nonexistent.json", "notjson.txt", "array.json"]) add([...BASE.check, "--baseline", file], file);
for (const file of ["nonexistent.json", "notjson.txt", "array.json", "null.json", "sentinel.txt", "a-folder", "suite.json"]) add(["merge", file, "v1.json"], file);
add(["merge", "v0.json", "v0.json"], "v0.json");
add(["merge", "v0.json"], "missing shards");
add(["merge", "v0.json", "d1.json"], "d1.json");
add(["merge", "s0.json", "r1.json"], "r1.json");
add([...BASE.train, "--data", "nonexistent.csv"], "nonexistent.csv");
add([...BASE.train, "--data", "notjson.txt", "--data-format", "csv"], "notjson.txt");
add([...BASE.train, "--format", "covtype"], "--format", "--data-format");
add([...BASE.decay, "--widths", "3,3,3,3"], "--depth", "--widths");

/** Tampered copies of valid shards (written in beforeAll): file name → how shard 0 was changed. */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const TAMPER: Record<string, [string, string, (s: Json) => void][]> = {
  v: [
    ["format", "format", (s) => (s.format = "x")],
    ["version", "version", (s) => (s.version = 2)],
    ["experiment", "experiment", (s) => (s.experiment = "bogus")],
    ["no-config", "config", (s) => delete s.config],
    ["config-key", "config", (s) => (s.config.extra = 1)],
    ["config-seed", "config", (s) => (s.config.seed = "1.5")],
    ["config-d", "config", (s) => (s.config.d = 0)],
    ["index", "shard.index", (s) => (s.shard.index = 5)],
    ["count0", "shard.count", (s) => (s.shard.count = 0)],
    ["build-type", "run.build", (s) => (s.run.build = 5)],
    ["workers", "run.workers", (s) => (s.run.workers = 0)],
    ["seconds", "run.seconds", (s) => (s.run.seconds = -1)],
    ["mixed-build", "Wasm build", (s) => { s.run.build = "relaxed"; for (const c of s.chunks) c.build = "relaxed"; }],
    ["unit-build", "chunks[0].build", (s) => (s.chunks[0].build = "baseline")],
    ["total", "totalChunks", (s) => (s.totalChunks += 1)],
    ["truncated", "missing", (s) => s.chunks.pop()],
    ["duplicated", "chunk", (s) => s.chunks.push(s.chunks[0])],
    ["unknown-key", "unknown key", (s) => (s.extra = true)],
    ["mean-null", "chunks[0].co.means[0]", (s) => (s.chunks[0].co.means[0] = null)],
    ["mean-nan", "chunks[0].co.means[1]", (s) => (s.chunks[0].co.means[1] = "NaN")],
    ["co-count-neg", "chunks[0].co.count", (s) => (s.chunks[0].co.count = -4)],
    ["co-count-frac", "chunks[0].co.count", (s) => (s.chunks[0].co.count = 3.5)],
    ["co-count-wrong", "chunks[0].co.count", (s) => (s.chunks[0].co.count += 1)],
    ["comoment-neg", "chunks[0].co.comoments[0]", (s) => (s.chunks[0].co.comoments[0] = -1)],
    ["dimension", "chunks[0].co.dimension", (s) => (s.chunks[0].co.dimension = 4)],
    ["hist-neg", "chunks[0].histogram.counts[0]", (s) => (s.chunks[0].histogram.counts[0] = -1)],
    ["hist-frac", "chunks[0].histogram.counts[1]", (s) => (s.chunks[0].histogram.counts[1] = 0.5)],
    ["hist-sum", "chunks[0].histogram", (s) => (s.chunks[0].histogram.counts[0] += 1)],
    ["hist-bins", "chunks[0].histogram.counts", (s) => s.chunks[0].histogram.counts.pop()],
    ["hist-range", "chunks[0].histogram", (s) => (s.chunks[0].histogram.lo *= 2)],
    ["hist-null", "chunks[0].histogram", (s) => (s.chunks[0].histogram = null)],
    ["chunk-index", "chunk", (s) => (s.chunks[0].chunk = 1)],
  ],
  s: [
    ["point", "point", (s) => (s.units[0].point = 99)],
    ["chunk", "units[0].chunk", (s) => (s.units[0].chunk = -1)],
    ["mean-null", "units[0].co.means[1]", (s) => (s.units[0].co.means[1] = null)],
    ["total", "totalUnits", (s) => (s.totalUnits = 1)],
    ["config-seeds", "config", (s) => (s.config.seeds = ["x"])],
    ["co-count", "units[0].co.count", (s) => (s.units[0].co.count = 0)],
  ],
  d: [
    ["variance-null", "replicates[0].variance[0]", (s) => (s.replicates[0].variance[0] = null)],
    ["variance-neg", "replicates[0].variance[1]", (s) => (s.replicates[0].variance[1] = -0.5)],
    ["grad-short", "replicates[0].gradInput", (s) => s.replicates[0].gradInput.pop()],
    ["hist-neg", "replicates[0].histograms[0].counts[0]", (s) => (s.replicates[0].histograms[0].counts[0] = -1)],
    ["hist-null", "replicates[0].histograms[0]", (s) => (s.replicates[0].histograms[0] = null)],
    ["hist-sum", "replicates[0].gradHistograms[1]", (s) => (s.replicates[0].gradHistograms[1].overflow += 1)],
    ["aux-neg", "auxiliary.perLayer[0]", (s) => (s.auxiliary.perLayer[0] = -1)],
    ["aux-null", "auxiliary", (s) => (s.auxiliary.perLayer = null)],
    ["aux-source", "auxiliary.source", (s) => (s.auxiliary.source = "guess")],
    ["aux-differs", "auxiliary", (s) => (s.auxiliary.perLayer[0] *= 1.001)],
    ["total", "totalReplicates", (s) => (s.totalReplicates = 3)],
    ["replicate", "replicate", (s) => (s.replicates[0].replicate = 7)],
    ["config-depth", "config", (s) => (s.config.depth = 3)],
  ],
  r: [
    ["ms-nan", "replicates[0].residual.meanSquare[0]", (s) => (s.replicates[0].residual.meanSquare[0] = "NaN")],
    ["input-neg", "replicates[0].residual.inputMeanSquare", (s) => (s.replicates[0].residual.inputMeanSquare = -1)],
    ["no-aol", "replicates[0].aol", (s) => delete s.replicates[0].aol],
    ["aol-short", "replicates[0].aol.variance", (s) => s.replicates[0].aol.variance.pop()],
    ["branch-short", "replicates[0].residual.branchMeanSquare", (s) => s.replicates[0].residual.branchMeanSquare.pop()],
    ["residual-build", "replicates[0].residual.build", (s) => (s.replicates[0].residual.build = "x")],
  ],
  t: [
    ["loss-nan", "runs[0].trainLoss[0]", (s) => (s.runs[0].trainLoss[0] = "NaN")],
    ["loss-null", "runs[0].testLoss[0]", (s) => (s.runs[0].testLoss[0] = null)],
    ["acc-high", "runs[0].testAccuracy[1]", (s) => (s.runs[0].testAccuracy[1] = 1.5)],
    ["acc-short", "runs[0].testAccuracy", (s) => s.runs[0].testAccuracy.pop()],
    ["layers-short", "runs[0].init.yVariance", (s) => s.runs[0].init.yVariance.pop()],
    ["grad-neg", "runs[0].final.gradMeanSquare[0]", (s) => (s.runs[0].final.gradMeanSquare[0] = -1)],
    ["model", "runs[0].model", (s) => (s.runs[0].model = "resnet")],
    ["depth", "runs[0]", (s) => (s.runs[0].depth = 9)],
    ["run-build", "runs[0].build", (s) => (s.runs[0].build = "x")],
    ["share", "data.majorityAccuracy", (s) => (s.data.majorityAccuracy = -0.1)],
    ["total", "totalRuns", (s) => (s.totalRuns = 1)],
    ["run-key", "unknown key", (s) => (s.runs[0].extra = 1)],
  ],
};
for (const [kind, tampers] of Object.entries(TAMPER)) {
  for (const [name, field] of tampers) add(["merge", `t-${kind}-${name}.json`, `${kind}1.json`], `t-${kind}-${name}.json`, field);
}

// ------------------------------------------------------------ the scratch folder

const SHARD_COMMANDS: Record<string, string[]> = {
  v: ["variance", "--transform", "aol", "--d", "3", "--n", "3", "--samples", "10", "--chunk-size", "4", "--seed", "1", "--workers", "1"],
  s: ["sweep", "--transform", "aol", "--d", "3", "--n", "2,3", "--seeds", "1", "--samples", "6", "--chunk-size", "4", "--workers", "1"],
  d: ["decay", "--depth", "2", "--width", "3", "--batch", "4", "--seed", "1", "--replicates", "2", "--dist", "laplace", "--workers", "1"],
  r: ["residual", "--depth", "2", "--width", "3", "--batch", "4", "--seed", "1", "--replicates", "2", "--workers", "1"],
  t: ["train", "--rows", "60", "--epochs", "1", "--seeds", "2", "--depths", "1", "--width", "2", "--models", "sll", "--workers", "1"],
};

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), "lipvar-fuzz-"));
  process.chdir(scratch);
  writeFileSync("sentinel.txt", "do not touch\n");
  mkdirSync("a-folder");
  mkdirSync("theirs");
  writeFileSync("theirs/notes.txt", "mine\n");
  mkdirSync("a-report");
  writeFileSync("a-report/index.md", "# report\n");
  writeFileSync(`a-report/${REPORT_MARKER}`, reportMarkerText(["index.md"]));
  mkdirSync("report-plus-mine");
  writeFileSync("report-plus-mine/index.md", "# report\n");
  writeFileSync("report-plus-mine/my-notes.txt", "mine\n");
  writeFileSync(`report-plus-mine/${REPORT_MARKER}`, reportMarkerText(["index.md"]));
  mkdirSync("fake-marker");
  writeFileSync(`fake-marker/${REPORT_MARKER}`, "not json");
  symlinkSync("sentinel.txt", "link-to-sentinel");
  symlinkSync("a-report", "link-to-report");
  writeFileSync("notjson.txt", "{ not json");
  writeFileSync("array.json", "[]");
  writeFileSync("null.json", "null");
  writeFileSync("suite.json", JSON.stringify({ version: 1, expectations: [{ kind: "upperBound", transform: "aol", d: 3, n: 3, dist: "gaussian", samples: 10, seed: 1, k: 4 }] }));
  writeFileSync("bad-suite.json", JSON.stringify({ version: 1, expectations: [{ kind: "variance", transform: "aol", d: 0, n: 3, dist: "gaussian", samples: 10, seed: 1, k: 4 }] }));
  // captureCli's spies are installed per test; the shards are made before the tests.
  let out = "";
  const write = vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  for (const [kind, argv] of Object.entries(SHARD_COMMANDS)) {
    for (const i of [0, 1]) {
      out = "";
      expect(await main([...argv, "--shard", `${i}/2`])).toBe(0);
      writeFileSync(`${kind}${i}.json`, out);
    }
    for (const [name, , change] of TAMPER[kind]) {
      const shard = JSON.parse(readFileSync(`${kind}0.json`, "utf8"));
      change(shard);
      writeFileSync(`t-${kind}-${name}.json`, JSON.stringify(shard));
    }
  }
  // The valid shards merge (so each refusal below is the tampering's doing).
  for (const kind of Object.keys(SHARD_COMMANDS)) expect(await main(["merge", `${kind}0.json`, `${kind}1.json`])).toBe(0);
  write.mockRestore();
  err.mockRestore();
});

afterAll(() => {
  process.chdir(repoCwd);
  rmSync(scratch, { recursive: true, force: true });
});

describe(`lipvar on ${cases.length} bad inputs`, () => {
  it("covers every command with at least 300 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(300);
    const commands = new Set(cases.map(([, argv]) => argv[0]));
    for (const c of Object.keys(BASE)) expect(commands).toContain(c);
  });

  let before: Record<string, string>;
  it.each(cases)("%s", async (_label, argv, names) => {
    before ??= snapshot();
    cli.reset();
    const started = performance.now();
    const code = await main(argv);
    const seconds = (performance.now() - started) / 1000;
    const lines = cli.err.split("\n").filter((l, i, all) => l !== "" || i < all.length - 1);
    expect({ code, lines: lines.length, out: cli.out }).toEqual({ code: 2, lines: 1, out: "" });
    expect(lines[0]).toMatch(/^lipvar: (error: )?\S/);
    for (const name of names) expect(lines[0]).toContain(name === "" ? "" : name);
    expect(cli.err).not.toMatch(/\n\s+at |internal error/);
    // A refused path is answered within the check's time limit (2 s); everything else at once.
    expect(seconds).toBeLessThan(3);
    expect(snapshot()).toEqual(before);
  });
});

describe("real processes", () => {
  const bin = fileURLToPath(new URL("../../bin/lipvar.js", import.meta.url));
  const run = (args: string[], shell = false, env: NodeJS.ProcessEnv = {}) =>
    new Promise<{ code: number; stdout: string; stderr: string; seconds: number }>((resolve) => {
      const started = performance.now();
      const [file, argv] = shell ? ["/bin/sh", ["-c", args.join(" ")]] : [process.execPath, [bin, ...args]];
      execFile(file, argv, { cwd: scratch, env: { ...process.env, ...env } }, (err, stdout, stderr) => {
        resolve({ code: err ? Number((err as { code?: number }).code) : 0, stdout, stderr, seconds: (performance.now() - started) / 1000 });
      });
    });

  it("stdout on a full disk, refused paths and values: exit 2, one line, nothing written", async () => {
    const before = snapshot();
    const results = await Promise.all([
      run([process.execPath, bin, "bounds", "--d", "3", "--n", "3", ">", "/dev/full"], true),
      run([process.execPath, bin, "sample", "--beta", "2", "--count", "100000", "--seed", "1", ">", "/dev/full"], true),
      run(["report", "--quick", "--out", "/proc/rep"]),
      run(["variance", "--transform", "aol", "--d", "3", "--n", "3", "--samples", "10", "--seed", "1", "--out", "."]),
      run(["bounds", "--d", "1e3", "--n", "3"]),
      run(["report", "--out", "theirs"]),
    ]);
    const expected = [/cannot write to standard output: ENOSPC/, /cannot write to standard output: ENOSPC/, /--out \/proc\/rep: .*proc file system/, /--out \.: must name a file|--out must name a file/, /--d must be an integer/, /--out theirs: holds files/];
    results.forEach((r, i) => {
      expect(r.code).toBe(2);
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(expected[i]);
      expect(r.seconds).toBeLessThan(10); // process start-up included, on a shared machine
    });
    expect(snapshot()).toEqual(before);
  }, 60_000);

  it("a reader that goes away (| head) ends the output quietly with exit 0", async () => {
    const r = await run([process.execPath, bin, "sample", "--beta", "2", "--count", "10000000", "--seed", "1", "|", "head", "-n", "2"], true);
    expect(r.stdout.split("\n")).toHaveLength(3);
    expect(r.stderr).toBe("");
  }, 60_000);
});

describe("the top-level handler", () => {
  it("an unexpected error is one line with a pointer to LIPVAR_DEBUG=1, exit 70; LIPVAR_DEBUG=1 shows the stack", async () => {
    const boom = () => {
      throw new Error("boom");
    };
    vi.spyOn(process.stdout, "write").mockImplementation(boom);
    cli.reset();
    expect(await main(["bounds", "--d", "3", "--n", "3"])).toBe(70);
    expect(cli.err).toBe("lipvar: internal error: Error: boom (a bug in lipvar; rerun with LIPVAR_DEBUG=1 for the stack trace)\n");
    process.env.LIPVAR_DEBUG = "1";
    try {
      cli.reset();
      expect(await main(["bounds", "--d", "3", "--n", "3"])).toBe(70);
      expect(cli.err).toMatch(/^lipvar: internal error: Error: boom\n\s+at /);
    } finally {
      delete process.env.LIPVAR_DEBUG;
    }
  });
});

describe("lipvar --help", () => {
  it("states the exit codes and the value rules", async () => {
    cli.reset();
    expect(await main(["--help"])).toBe(0);
    const help = cli.out + cli.err;
    for (const line of [/^\s+0\s+success/m, /^\s+1\s+check: an expectation failed \(only check uses 1\)/m, /^\s+2\s+bad input or an output that cannot be written/m, /^\s+130\s+interrupted/m, /LIPVAR_DEBUG=1/, /integers\s+plain decimal digits/, /an option given twice is an error/]) {
      expect(help).toMatch(line);
    }
  });
});
