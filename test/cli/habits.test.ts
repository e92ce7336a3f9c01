/**
 * The habits every command keeps (issue 20), checked by walking the program
 * itself, so a command or option added later is held to them too:
 * - a usage error is one stderr line and exit 2: an unknown option (with the
 *   suggestion on the same line and a pointer to the command's own help), an
 *   option given without its value;
 * - help marks the required options and ends with "Examples:" whose options
 *   all exist;
 * - short flags only for the shared options, each meaning the same everywhere;
 * - defaults: --transform aol, one seed (1) for every command, printed;
 *   --dist names in any case, normal = gaussian; decay's depth from --widths;
 * - --format table|json|csv (--json short for json), CSV parsed back with an
 *   independent parser (csv-parse) and compared with the same run's JSON;
 * - -q silences progress.
 */
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import type { Command, Option } from "commander";
import { describe, expect, it, vi } from "vitest";
import { captureCli } from "./capture.js";
import { buildProgram, VERSION } from "../../src/cli/main.js";
import { commandSummaries, commandsFor } from "../../src/cli/commands/index.js";
import { examplesOf } from "../../src/cli/options.js";

const cli = captureCli();
const program = buildProgram(await commandsFor([]));
const commands = program.commands.filter((c) => c.name() !== "help");

/** What a command needs to get past commander's own checks: its arguments (merge's files, data's kind) and its required options (any value). */
const ARGUMENTS: Record<string, string[]> = Object.fromEntries(
  commands.map((c) => [c.name(), [...c.registeredArguments.map(() => "x"), ...c.options.filter((o) => o.mandatory).flatMap((o) => [o.long!, "1"])]]),
);

/** Exit 2, nothing on stdout, one stderr line; returns the line. */
async function usageLine(argv: string[]): Promise<string> {
  cli.reset();
  const code = await cli.run(...argv);
  const lines = cli.err.replace(/\n$/, "").split("\n");
  expect({ argv, code, lines: lines.length, out: cli.out }).toEqual({ argv, code: 2, lines: 1, out: "" });
  return lines[0];
}

const csv = (text: string): Record<string, string>[] => parse(text, { columns: true, skip_empty_lines: false });
/** A CSV field as the number it writes ("" is null, "inf" is the JSON's "inf"). */
const num = (field: string): number | string | null => (field === "" ? null : field === "inf" ? "inf" : Number(field));

describe("one line for every usage error, on every command", () => {
  it("walks all the commands", () => {
    for (const name of ["bounds", "check", "data", "decay", "gnd", "merge", "report", "residual", "sample", "sweep", "train", "variance"]) expect(commands.map((c) => c.name())).toContain(name);
  });

  it.each(commands.map((c) => [c.name(), c]))("%s: an unknown option points at the command's help; a misspelt one gets the suggestion on the same line", async (name, command) => {
    const line = await usageLine([name, ...(ARGUMENTS[name] ?? []), "--bogus-option-xyz"]);
    expect(line).toBe(`lipvar: error: unknown option '--bogus-option-xyz'; see 'lipvar ${name} --help'`);
    const long = (command as Command).options.find((o) => o.long && o.long.length >= 5 && o.long !== "--help")!.long!;
    const misspelt = long.slice(0, -1); // drop the last letter
    const near = await usageLine([name, ...(ARGUMENTS[name] ?? []), misspelt]);
    expect(near).toMatch(new RegExp(`^lipvar: error: unknown option '${misspelt}' \\(did you mean --\\S+\\?\\); see 'lipvar ${name} --help'$`));
  });

  const valued = commands.flatMap((c) => c.options.filter((o) => o.required).map((o) => [c.name(), o.long!] as const));
  it.each(valued)("%s %s without its value", async (name, option) => {
    const line = await usageLine([name, ...(ARGUMENTS[name] ?? []), option]);
    expect(line).toMatch(new RegExp(`^lipvar: error: option '.*${option} <[^>]+>' argument missing; see 'lipvar ${name} --help'$`));
  });

  it("an unknown command and no command at all", async () => {
    expect(await usageLine(["trian"])).toBe("lipvar: error: unknown command 'trian' (did you mean train?); see 'lipvar --help'");
    expect(await usageLine([])).toBe("lipvar: error: no command given; see 'lipvar --help'");
  });
});

describe("the top-level help from the commands' summaries (no command loaded)", () => {
  it("is the help of the program with every command loaded, line for line", () => {
    expect(buildProgram(commandSummaries()).helpInformation()).toBe(program.helpInformation());
  });
});

describe("--version", () => {
  it("prints package.json's version and nothing else, as -V does", async () => {
    const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    for (const argv of [["--version"], ["-V"]]) {
      cli.reset();
      expect(await cli.run(...argv)).toBe(0);
      expect(cli.out).toBe(`${version}\n`);
      expect(cli.err).toBe("");
    }
    expect(VERSION).toBe(version);
  });
});

describe("help", () => {
  /** The help text of a command, as `lipvar NAME --help` prints it. */
  async function help(name: string): Promise<string> {
    cli.reset();
    expect(await cli.run(name, "--help")).toBe(0);
    return cli.out;
  }

  it.each(commands.map((c) => [c.name(), c]))("%s: required options marked, an Examples section whose options exist", async (name, command) => {
    const text = await help(name);
    const c = command as Command;
    for (const o of c.options) {
      const entry = text.slice(text.indexOf(o.flags), text.indexOf("\n  -", text.indexOf(o.flags) + 1));
      expect(entry.replace(/\s+/g, " ").includes("(required)"), `${name} ${o.flags}`).toBe(o.mandatory);
    }
    expect(text).toMatch(/\nExamples:\n {2}\$ lipvar /);
    const examples = examplesOf(c);
    expect(examples.length).toBeGreaterThanOrEqual(1);
    const known = new Set(c.options.flatMap((o: Option) => [o.long, o.short]).filter(Boolean));
    for (const [line] of examples) {
      expect(line.startsWith(`lipvar ${name}`)).toBe(true);
      for (const token of line.split(/\s+/).filter((t) => /^--?[a-z]/.test(t))) expect(known, `${line}: ${token}`).toContain(token);
    }
  });

  it("variance lists its main options first: --transform, --d, --n, --dist, --samples, --seed before --method, --q, --pilot-chunks", async () => {
    const text = await help("variance");
    const at = (flag: string) => text.search(new RegExp(`^ +(-\\w, )?${flag} `, "m"));
    const main = ["--transform", "--d", "--n", "--dist", "--samples", "--seed"].map(at);
    const later = ["--method", "--q", "--pilot-chunks"].map(at);
    expect([...main, ...later].every((x) => x > 0)).toBe(true);
    expect(Math.max(...main)).toBeLessThan(Math.min(...later));
    expect(main).toEqual([...main].sort((a, b) => a - b));
  });

  it("short flags: only the shared ones, each for the same long option everywhere", () => {
    const shared: Record<string, string> = { "-s": "--seed", "-j": "--workers", "-o": "--out", "-q": "--quiet", "-f": "--format", "-h": "--help" };
    for (const c of commands) {
      for (const o of c.options) if (o.short) expect([c.name(), o.short, shared[o.short]]).toEqual([c.name(), o.short, o.long]);
    }
    // The common ones are where they apply.
    const has = (name: string, flag: string) => commands.find((c) => c.name() === name)!.options.some((o) => o.short === flag);
    for (const name of ["variance", "sweep", "decay", "residual", "train", "report"]) for (const flag of ["-o", "-q", "-j"]) expect([name, flag, has(name, flag)]).toEqual([name, flag, true]);
    for (const name of ["variance", "decay", "residual", "train", "report", "sample", "data"]) expect([name, has(name, "-s")]).toEqual([name, true]);
  });

  it("--format is the output format on every command that has it, and offers csv", () => {
    for (const c of commands) {
      const format = c.options.find((o) => o.long === "--format");
      if (format) expect([c.name(), format.description]).toEqual([c.name(), expect.stringMatching(/^output: (table|text|json)\b.*\bcsv\b/)]);
    }
  });
});

describe("defaults", () => {
  const variance = ["variance", "--d", "3", "--n", "4", "--samples", "64", "--chunk-size", "16", "--workers", "1"];

  it("--transform is aol and the seed 1 unless given; the seed is in the table and the JSON", async () => {
    expect(await cli.run(...variance, "--json")).toBe(0);
    const r = JSON.parse(cli.out);
    expect(r.config).toMatchObject({ transform: "aol", seed: "1" });
    cli.reset();
    expect(await cli.run(...variance, "--transform", "aol", "--seed", "1", "--json")).toBe(0);
    expect({ ...JSON.parse(cli.out), run: null }).toEqual({ ...r, run: null });
    cli.reset();
    expect(await cli.run(...variance)).toBe(0);
    expect(cli.out).toMatch(/^matrices\s+64 \(seed 1, /m);
  });

  it("the same default seed on every command that draws: sample, decay, residual, sweep, train", async () => {
    const same = async (argv: string[]) => {
      cli.reset();
      expect(await cli.run(...argv)).toBe(0);
      const a = cli.out;
      cli.reset();
      expect(await cli.run(...argv, "-s", "1")).toBe(0);
      return [a, cli.out];
    };
    const [a, b] = await same(["sample", "--beta", "2", "--count", "5", "-f", "json"]);
    expect(JSON.parse(a)).toEqual(JSON.parse(b));
    expect(JSON.parse(a).seed).toBe("1");
    const [d] = await same(["decay", "--depth", "2", "--width", "3", "--batch", "4", "--replicates", "2", "-j", "1", "--json"]);
    expect(JSON.parse(d).config.seed).toBe("1");
    cli.reset();
    expect(await cli.run("sweep", "--d", "3", "--n", "3", "--samples", "8", "-j", "1", "--json")).toBe(0);
    expect(JSON.parse(cli.out).config.seeds).toEqual(["1"]);
    cli.reset();
    expect(await cli.run("train", "--rows", "60", "--epochs", "1", "--seeds", "1", "--depths", "1", "--width", "2", "-j", "1", "--json")).toBe(0);
    expect(JSON.parse(cli.out).config.seed).toBe("1");
  });

  it("--dist in any case, normal for gaussian", async () => {
    const bounds = async (dist: string) => {
      cli.reset();
      expect(await cli.run("bounds", "--d", "8", "--n", "8", "--dist", dist, "--json")).toBe(0);
      return JSON.parse(cli.out);
    };
    const gaussian = await bounds("gaussian");
    expect(await bounds("normal")).toEqual(gaussian);
    expect(await bounds("Normal")).toEqual(gaussian);
    expect(await bounds("GAUSSIAN")).toEqual(gaussian);
    expect((await bounds("Laplace")).dist).toBe("laplace");
    expect(await usageLine(["bounds", "--d", "8", "--n", "8", "--dist", "gauss"])).toMatch(/--dist must be one of gaussian, laplace, uniform, gnd \(any case; normal = gaussian\), got 'gauss'/);
  });

  it("decay --widths gives the depth; a --depth that contradicts it is refused", async () => {
    const base = ["decay", "--batch", "4", "--replicates", "2", "-j", "1", "--json"];
    expect(await cli.run(...base, "--widths", "5,6,6,2")).toBe(0);
    const inferred = JSON.parse(cli.out);
    expect(inferred.config.depth).toBe(3);
    expect(inferred.layers).toHaveLength(3);
    cli.reset();
    expect(await cli.run(...base, "--widths", "5,6,6,2", "--depth", "3")).toBe(0);
    expect({ ...JSON.parse(cli.out), run: null }).toEqual({ ...inferred, run: null });
    expect(await usageLine([...base, "--widths", "5,6,6,2", "--depth", "2"])).toMatch(/--depth 2 contradicts --widths, which lists 4 widths \(depth 3\)/);
    expect(await usageLine([...base, "--width", "5"])).toMatch(/--depth <L> is required/);
  });

  it("train: --format is the output format; the data file's format is --data-format", async () => {
    expect(await usageLine(["train", "--format", "covtype"])).toMatch(/--format must be one of table, json, csv, got 'covtype' \(the data file's format is --data-format\)/);
    expect(await usageLine(["bounds", "--d", "3", "--n", "3", "--json", "--format", "csv"])).toMatch(/--json is short for --format json and conflicts with --format csv/);
  });
});

describe("--format csv, read back with csv-parse against the same run's JSON", () => {
  /** The JSON and the CSV of one command line. */
  async function both(argv: string[]): Promise<[any, Record<string, string>[]]> { // eslint-disable-line @typescript-eslint/no-explicit-any
    cli.reset();
    expect(await cli.run(...argv, "--format", "json")).toBe(0);
    const json = JSON.parse(cli.out);
    cli.reset();
    expect(await cli.run(...argv, "-f", "csv")).toBe(0);
    return [json, csv(cli.out)];
  }

  it("bounds: one row per grid point, in order", async () => {
    const [json, rows] = await both(["bounds", "--d", "4,16", "--n", "8,32,64", "--dist", "uniform"]);
    expect(json.points).toHaveLength(6);
    expect(rows).toHaveLength(6);
    rows.forEach((row, i) => {
      const p = json.points[i];
      expect([num(row.d), num(row.n), row.dist, num(row.beta), num(row.exact), num(row.mean_field), num(row.mean_abs_inner), num(row.upper), num(row.paper)]).toEqual([p.d, p.n, p.dist, p.beta, p.exact, p.meanField, p.meanAbsInner, p.upper, p.paper]);
    });
  });

  it("gnd: long form, one value per row, t as typed", async () => {
    const [json, rows] = await both(["gnd", "--beta", "1", "--cf", "0.5,2", "--mgf", "0.25,3"]);
    const value = (q: string, t = "") => num(rows.find((r) => r.quantity === q && r.t === t)!.value);
    expect(value("alpha")).toBe(json.alpha);
    expect(value("kurtosis")).toBe(json.kurtosis);
    expect(value("abs_moment_3")).toBe(json.absMoments["3"]);
    expect(value("cf", "2")).toBe(json.cf["2"]);
    expect(value("mgf_abs", "0.25")).toBe(json.mgfAbs["0.25"]);
    expect(value("mgf_abs", "3")).toBe(null); // outside the domain: null in the JSON
  });

  it("variance and precise variance: one row", async () => {
    const [json, [row]] = await both(["variance", "--transform", "sll", "--q-std", "0.3", "--d", "4", "--n", "6", "--samples", "64", "--chunk-size", "32", "-j", "1", "-s", "5"]);
    expect([row.transform, num(row.q_std), num(row.d), num(row.n), row.seed, num(row.estimate), num(row.se), num(row.exact), num(row.mean_field), num(row.upper)]).toEqual(["sll", 0.3, 4, 6, "5", json.estimate, json.se, json.exact, json.meanField, json.upper]);
    const [pj, [pr]] = await both(["variance", "--method", "precise", "--transform", "sll", "--q", "1,2,0.5", "--d", "3", "--n", "3", "--samples", "256", "--chunk-size", "64", "--pilot-chunks", "1", "-j", "1"]);
    expect([pr.q, num(pr.estimate), num(pr.se), num(pr.rse), num(pr.gaussian), num(pr.pilot_samples)]).toEqual(["1,2,0.5", pj.estimate, pj.se, pj.rse, pj.gaussian, pj.pilotSamples]);
  });

  it("sweep: one row per point", async () => {
    const [json, rows] = await both(["sweep", "--d", "3,4", "--n", "3", "--beta", "1,inf", "--seeds", "1,2", "--samples", "8", "-j", "1"]);
    expect(rows).toHaveLength(json.points.length);
    expect(rows).toHaveLength(8);
    rows.forEach((row, i) => {
      const p = json.points[i];
      expect([num(row.d), num(row.n), num(row.beta), row.seed, num(row.estimate), num(row.se), num(row.mean_field)]).toEqual([p.config.d, p.config.n, p.config.beta, p.config.seed, p.estimate, p.se, p.meanField]);
    });
  });

  it("decay and residual: one row per layer", async () => {
    const [dj, drows] = await both(["decay", "--widths", "5,6,3", "--batch", "4", "--replicates", "2", "-j", "1", "--bias-std", "0.1"]);
    expect(drows.map((r) => [num(r.layer), num(r.d), num(r.n), num(r.variance), num(r.variance_se), num(r.predicted), num(r.grad_variance), num(r.grad_ratio_se)])).toEqual(
      dj.layers.map((l: any) => [l.layer, l.d, l.n, l.variance, l.varianceSe, l.predicted, l.gradVariance, l.gradRatioSe]), // eslint-disable-line @typescript-eslint/no-explicit-any
    );
    const [rj, rrows] = await both(["residual", "--depth", "2", "--width", "3", "--batch", "4", "--replicates", "2", "-j", "1"]);
    expect(rrows.map((r) => [num(r.block), num(r.variance), num(r.ratio), num(r.branch_mean_square), num(r.aol_variance), num(r.aol_predicted)])).toEqual(
      rj.layers.map((l: any) => [l.layer, l.variance, l.ratio, l.branchMeanSquare, l.aolVariance, l.aolPredicted]), // eslint-disable-line @typescript-eslint/no-explicit-any
    );
  });

  it("train: one row per model and depth", async () => {
    const [json, rows] = await both(["train", "--rows", "80", "--epochs", "1", "--seeds", "2", "--depths", "1,2", "--width", "2", "-j", "1"]);
    expect(rows.map((r) => [r.model, num(r.depth), num(r.runs), num(r.test_accuracy), num(r.test_accuracy_se), num(r.test_loss), r.seed])).toEqual(
      json.groups.map((g: any) => [g.model, g.depth, g.runs, g.finalAccuracy.value, g.finalAccuracy.se, g.finalTestLoss.value, "1"]), // eslint-disable-line @typescript-eslint/no-explicit-any
    );
  });

  it("merge: JSON by default; with -f csv the one-machine run's CSV byte for byte, with -f table its table (bar the run line)", async () => {
    const { mkdtempSync, readFileSync, rmSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(join(tmpdir(), "lipvar-habits-"));
    try {
      for (const argv of [
        ["variance", "--d", "4", "--n", "5", "--samples", "96", "--chunk-size", "32", "-j", "1"],
        ["decay", "--widths", "5,6,3", "--batch", "4", "--replicates", "3", "-j", "1"],
      ]) {
        const shards = [0, 1].map((i) => join(dir, `${argv[0]}-${i}.json`));
        for (const [i, file] of shards.entries()) {
          cli.reset();
          expect(await cli.run(...argv, "--shard", `${i}/2`, "-o", file)).toBe(0);
        }
        const one = async (...extra: string[]) => {
          cli.reset();
          expect(await cli.run(...argv, ...extra)).toBe(0);
          return cli.out;
        };
        const merged = async (...extra: string[]) => {
          cli.reset();
          expect(await cli.run("merge", ...shards, ...extra)).toBe(0);
          return cli.out;
        };
        const json = JSON.parse(await merged());
        expect({ ...json, run: null }).toEqual({ ...JSON.parse(await one("--json")), run: null });
        expect(await merged("-f", "csv")).toBe(await one("-f", "csv"));
        const withoutRun = (table: string) => table.replace(/\([^()]*workers?[^()]*\)/g, "(run)");
        expect(withoutRun(await merged("-f", "table"))).toBe(withoutRun(await one()));
        cli.reset();
        expect(await cli.run("merge", ...shards, "-f", "csv", "-o", join(dir, "merged.csv"))).toBe(0);
        expect(cli.out).toBe("");
        expect(readFileSync(join(dir, "merged.csv"), "utf8")).toBe(await one("-f", "csv"));
      }
      expect(await usageLine(["merge", join(dir, "variance-0.json"), "-f", "xml"])).toMatch(/^lipvar: error: --format must be one of table, json, csv, got 'xml'/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("--out with --format csv writes the CSV to the file; a shard cannot be CSV", async () => {
    const { mkdtempSync, readFileSync, rmSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(join(tmpdir(), "lipvar-habits-"));
    try {
      const argv = ["decay", "--depth", "2", "--width", "3", "--batch", "4", "--replicates", "2", "-j", "1"];
      cli.reset();
      expect(await cli.run(...argv, "-f", "csv", "-o", join(dir, "layers.csv"))).toBe(0);
      expect(cli.out).toBe("");
      expect(csv(readFileSync(join(dir, "layers.csv"), "utf8"))).toHaveLength(2);
      expect(await usageLine([...argv, "-f", "csv", "--shard", "0/2"])).toMatch(/--shard writes a shard result \(JSON\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("-q", () => {
  it("silences the progress a run shows after its first second", async () => {
    // Every clock reading is 2 s after the last: the run is "long" at once.
    let t = 0;
    vi.spyOn(performance, "now").mockImplementation(() => (t += 2000));
    const argv = ["variance", "--d", "3", "--n", "3", "--samples", "64", "--chunk-size", "8", "-j", "1"];
    expect(await cli.run(...argv)).toBe(0);
    expect(cli.err).toMatch(/^variance: .*chunks/m);
    cli.reset();
    expect(await cli.run(...argv, "-q")).toBe(0);
    expect(cli.err).toBe("");
    expect(cli.out).toMatch(/^estimate/m);
  });
});

describe("progress knows the planned total", () => {
  /** Run with a clock that moves 2 s per reading (every run is "long"), stderr lines and stdout back. */
  async function slowClock(argv: string[]): Promise<{ lines: string[]; out: string }> {
    let t = 0;
    vi.spyOn(performance, "now").mockImplementation(() => (t += 2000));
    cli.reset();
    expect(await cli.run(...argv)).toBe(0);
    vi.mocked(performance.now).mockRestore();
    return { lines: cli.err.trimEnd().split("\n"), out: cli.out };
  }
  /** The "k/N chunks" counts of the lines of one label. */
  const counts = (lines: string[], label: string) =>
    lines.filter((l) => l.startsWith(`${label}: `)).map((l) => l.match(/(\d+)\/(\d+) chunks/)!.slice(1).map(Number));

  it("--target-rse: the pilot's 2 chunks, then the main run's planned chunks", async () => {
    const { lines, out } = await slowClock(["variance", "--d", "3", "--n", "3", "--chunk-size", "16", "--target-rse", "3e-3", "-j", "1"]);
    const planned = Number(out.match(/precision: target relative SE 0\.003: (?:NOT )?reached \((\d+) matrices planned from a pilot of 32\)/)![1]);
    const pilot = counts(lines, "variance (pilot)");
    const main = counts(lines, "variance (main run)");
    expect(pilot.length).toBeGreaterThan(0);
    expect(pilot.every(([k, n]) => n === 2 && k <= 2)).toBe(true);
    expect(main.length).toBeGreaterThan(0);
    expect(main.every(([k, n]) => n === Math.ceil(planned / 16) && k <= n)).toBe(true);
    expect(main.at(-1)).toEqual([Math.ceil(planned / 16), Math.ceil(planned / 16)]);
    expect(lines.some((l) => /^variance: /.test(l))).toBe(false);
  });

  it("--method precise --target-rse: the pilot chunks, then the main chunks planned from it (not the sample cap)", async () => {
    const { lines, out } = await slowClock(["variance", "--method", "precise", "--d", "3", "--n", "3", "--dist", "laplace", "--chunk-size", "64", "--pilot-chunks", "2", "--target-rse", "1e-3", "-j", "1"]);
    const total = Number(out.match(/^matrices\s+(\d+) \+ pilot 128/m)![1]);
    const pilot = counts(lines, "variance (pilot)");
    const main = counts(lines, "variance (main run)");
    expect(pilot.every(([k, n]) => n === 2 && k <= 2)).toBe(true);
    // The main chunks are the samples after the pilot's.
    expect(main.length).toBeGreaterThan(0);
    expect(main.every(([, n]) => n === Math.ceil((total + 128) / 64) - 2)).toBe(true);
  });
});

describe("train: epoch timing and workers", () => {
  it("--json has each run's epoch seconds and steps/s; --workers beyond the runs gets a note (not with -q)", async () => {
    const argv = ["train", "--rows", "200", "--epochs", "2", "--seeds", "1", "--depths", "1", "--width", "2", "--batch", "16", "-j", "3", "--json"];
    expect(await cli.run(...argv)).toBe(0);
    expect(cli.err).toBe("lipvar: note: --workers 3 but only 2 runs to train: a run is the unit of work, so 2 workers will do; more seeds (--seeds) or depths use the others\n");
    const r = JSON.parse(cli.out);
    const t = r.run.epochs;
    expect(t.stepsPerEpoch).toBe(Math.ceil(r.data.trainRows / 16));
    expect(t.epochSeconds).toHaveLength(r.runs.length);
    for (const [i, run] of t.epochSeconds.entries()) {
      expect(run).toHaveLength(2);
      for (const [e, seconds] of run.entries()) {
        expect(seconds).toBeGreaterThan(0);
        expect(t.stepsPerSecond[i][e]).toBeCloseTo(t.stepsPerEpoch / seconds, 9);
      }
    }
    cli.reset();
    expect(await cli.run(...argv, "-q")).toBe(0);
    expect(cli.err).toBe("");
  });
});
