import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main.js";
import { readXml } from "./xml-reader.js";
import { parse } from "csv-parse/sync";

let out = "";
let err = "";
let dir = "";

beforeEach(async () => {
  out = "";
  err = "";
  dir = await mkdtemp(join(tmpdir(), "lipvar-check-"));
  vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => {
    out += String(s);
    return true;
  });
  vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => {
    err += String(s);
    return true;
  });
});

afterEach(async () => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function run(argv: string[]): Promise<number> {
  out = "";
  err = "";
  const code = await main(argv);
  process.exitCode = undefined;
  return code;
}

async function suiteFile(name: string, suite: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof suite === "string" ? suite : JSON.stringify(suite));
  return path;
}

const small = (k: number) => ({
  version: 1,
  name: "small",
  expectations: [
    { kind: "variance", transform: "aol", d: 8, n: 8, dist: "gaussian", samples: 2000, seed: 3, k },
    { kind: "upperBound", transform: "aol", d: 8, n: 8, dist: "laplace", samples: 1000, seed: 4, k: 4 },
  ],
});

function failures(xml: string): string[] {
  const names: string[] = [];
  const walk = (e: ReturnType<typeof readXml>) => {
    if (e.name === "testcase" && e.children.some((c) => c.name === "failure")) names.push(e.attributes.name);
    e.children.forEach(walk);
  };
  walk(readXml(xml));
  return names;
}

describe("lipvar check", () => {
  it("passes the built-in default suite (exit 0, JUnit without failures)", async () => {
    const junit = join(dir, "out.xml");
    expect(await run(["check", "--junit", junit, "--workers", "2"])).toBe(0);
    expect(out).toMatch(/\d+ passed, 0 failed/);
    expect(failures(await readFile(junit, "utf8"))).toEqual([]);
    // Sized for power (test/check/power.test.ts): about half a minute on two idle cores.
  }, 240_000);

  it("fails on purpose with a tolerance too tight for Monte Carlo (exit 1, JUnit <failure>)", async () => {
    // k = 0.001 SE: |MC − exact| is a few tenths of an SE at this seed, far above 0.001 SE.
    const junit = join(dir, "out.xml");
    const suite = await suiteFile("tight.json", small(0.001));
    expect(await run(["check", "--suite", suite, "--junit", junit, "--workers", "1"])).toBe(1);
    expect(failures(await readFile(junit, "utf8"))).toEqual(["variance-aol-gaussian-d8-n8"]);
    expect(out).toMatch(/FAIL\s+variance-aol-gaussian-d8-n8/);
  }, 30_000);

  it("a malformed suite is a usage error: exit 2, one line naming the JSON path", async () => {
    const bad = small(4);
    (bad.expectations[1] as { d: number }).d = 0;
    const suite = await suiteFile("bad.json", bad);
    expect(await run(["check", "--suite", suite])).toBe(2);
    expect(out).toBe("");
    const lines = err.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/bad\.json: expectations\[1\]\.d must be an integer from 1 to 65536, got 0/);
  });

  it("-f csv: one row per expectation, read back by csv-parse as the JSON's values; failures keep exit 1", async () => {
    const suite = await suiteFile("small.json", small(4));
    expect(await run(["check", "--suite", suite, "--json", "--workers", "1"])).toBe(0);
    const json = JSON.parse(out);
    expect(await run(["check", "--suite", suite, "-f", "csv", "--workers", "1"])).toBe(0);
    const rows = parse(out, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.verdict, r.id, r.kind, Number(r.value), Number(r.expected), Number(r.tolerance), r.unit])).toEqual(
      json.results.map((r: { verdict: string; id: string; kind: string; value: number; expected: number; tolerance: number; unit: string }) => [r.verdict, r.id, r.kind, r.value, r.expected, r.tolerance, r.unit]),
    );
    // An impossible tolerance fails the variance row: the CSV says so and the exit code stays 1.
    expect(await run(["check", "--suite", await suiteFile("tight.json", small(1e-9)), "-f", "csv", "--workers", "1"])).toBe(1);
    expect((parse(out, { columns: true }) as Record<string, string>[]).map((r) => r.verdict)).toEqual(["fail", "pass"]);
  });

  it("--baseline: same numbers pass, a drifted value fails (exit 1), a corrupted file is a usage error (exit 2)", async () => {
    const suite = await suiteFile("small.json", small(4));
    expect(await run(["check", "--suite", suite, "--json", "--workers", "1"])).toBe(0);
    const baseline = JSON.parse(out);
    const same = await suiteFile("same.json", baseline);
    expect(await run(["check", "--suite", suite, "--baseline", same, "--json", "--workers", "1"])).toBe(0);
    const withBaseline = JSON.parse(out);
    expect(withBaseline.results.map((r: { id: string }) => r.id)).toContain("baseline:variance-aol-gaussian-d8-n8");

    // Shift the stored value by 10 of its SEs: beyond k = 4 combined SE (√2 · se here).
    const drifted = structuredClone(baseline);
    const entry = drifted.results.find((r: { id: string }) => r.id === "variance-aol-gaussian-d8-n8");
    entry.value += 10 * entry.se;
    const driftFile = await suiteFile("drift.json", drifted);
    const junit = join(dir, "drift.xml");
    expect(await run(["check", "--suite", suite, "--baseline", driftFile, "--junit", junit, "--workers", "1"])).toBe(1);
    expect(failures(await readFile(junit, "utf8"))).toEqual(["baseline:variance-aol-gaussian-d8-n8"]);

    const corrupt = await suiteFile("corrupt.json", '{"results": [ {"id": "x", "value": 1');
    expect(await run(["check", "--suite", suite, "--baseline", corrupt])).toBe(2);
    expect(err.trimEnd().split("\n")).toHaveLength(1);
    expect(err).toMatch(/corrupt\.json: not valid JSON/);

    const unrelated = await suiteFile("unrelated.json", { hello: 1 });
    expect(await run(["check", "--suite", suite, "--baseline", unrelated])).toBe(2);
    expect(err).toMatch(/unrelated\.json: neither 'lipvar check --json' output/);
  }, 30_000);

  it("--update-baseline writes this run's measurements; --baseline refuses an entry measured with another config (one line naming the id and fields, exit 2) and lists what it lacks", async () => {
    const suite = await suiteFile("small.json", small(4));
    const baselineFile = join(dir, "base.json");
    expect(await run(["check", "--suite", suite, "--update-baseline", baselineFile, "--workers", "1"])).toBe(0);
    const written = JSON.parse(await readFile(baselineFile, "utf8"));
    expect(written.results.map((r: { id: string }) => r.id)).toEqual(["variance-aol-gaussian-d8-n8", "upperBound-aol-laplace-d8-n8"]);
    // Each entry carries what was measured and how.
    expect(written.results[0].config).toEqual({ kind: "variance", transform: "aol", qStd: 0, d: 8, n: 8, dist: "gaussian", beta: 2, samples: 2000, seed: 3 });

    // Same config: compared, no refusal. A new expectation the baseline lacks is listed in the table, the JSON and the JUnit (skipped).
    const grown = small(4);
    grown.expectations.push({ kind: "variance", transform: "aol", d: 4, n: 4, dist: "gaussian", samples: 500, seed: 9, k: 4 } as (typeof grown.expectations)[number]);
    const grownFile = await suiteFile("grown.json", grown);
    const junit = join(dir, "grown.xml");
    expect(await run(["check", "--suite", grownFile, "--baseline", baselineFile, "--junit", junit, "--workers", "1"])).toBe(0);
    expect(out).toMatch(/^not in the baseline \(measured, not compared\): 1 expectation: variance-aol-gaussian-d4-n4$/m);
    expect(out).toMatch(/PASS\s+baseline:variance-aol-gaussian-d8-n8/);
    const xml = readXml(await readFile(junit, "utf8"));
    const skipped = xml.children[0].children.filter((c) => c.children.some((x) => x.name === "skipped")).map((c) => c.attributes.name);
    expect(skipped).toEqual(["baseline:variance-aol-gaussian-d4-n4"]);
    expect(await run(["check", "--suite", grownFile, "--baseline", baselineFile, "--json", "--workers", "1"])).toBe(0);
    expect(JSON.parse(out).notInBaseline).toEqual(["variance-aol-gaussian-d4-n4"]);

    // Another sample count and seed under the same id: refused before anything is compared.
    const changed = small(4);
    Object.assign(changed.expectations[0], { samples: 4000, seed: 4 });
    expect(await run(["check", "--suite", await suiteFile("changed.json", changed), "--baseline", baselineFile, "--workers", "1"])).toBe(2);
    expect(out).toBe("");
    expect(err.trimEnd().split("\n")).toEqual([
      `lipvar: error: ${baselineFile}: baseline entry variance-aol-gaussian-d8-n8 was measured with a different config (seed 3 → 4, samples 2000 → 4000); rerun with the baseline's settings or write a new baseline with --update-baseline FILE`,
    ]);

    // A baseline written before results carried their config cannot be matched: refused, not trusted.
    const old = structuredClone(written);
    for (const r of old.results) delete r.config;
    expect(await run(["check", "--suite", suite, "--baseline", await suiteFile("old.json", old), "--workers", "1"])).toBe(2);
    expect(err).toMatch(/baseline entry variance-aol-gaussian-d8-n8 has no config .* write a new baseline with --update-baseline FILE \(and 1 more entry differ\)/);
  }, 30_000);

  describe("GitHub Actions", () => {
    const saved = { actions: process.env.GITHUB_ACTIONS, summary: process.env.GITHUB_STEP_SUMMARY };
    afterEach(() => {
      for (const [key, v] of [["GITHUB_ACTIONS", saved.actions], ["GITHUB_STEP_SUMMARY", saved.summary]] as const) {
        if (v === undefined) delete process.env[key];
        else process.env[key] = v;
      }
    });

    it("GITHUB_ACTIONS=true: the table in the log, one ::error per failed expectation, a Markdown table appended to the step summary", async () => {
      const summary = join(dir, "summary.md");
      await writeFile(summary, "earlier step\n");
      process.env.GITHUB_ACTIONS = "true";
      process.env.GITHUB_STEP_SUMMARY = summary;
      const suite = await suiteFile("tight.json", small(0.001));
      expect(await run(["check", "--suite", suite, "--workers", "1"])).toBe(1);
      expect(out).toMatch(/^FAIL\s+variance-aol-gaussian-d8-n8 /m);
      const errors = out.split("\n").filter((l) => l.startsWith("::"));
      // One failure, one annotation: its file is the suite, ":" in the title is escaped as %3A.
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(new RegExp(`^::error file=${suite.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")},title=lipvar check%3A variance-aol-gaussian-d8-n8::\\|0\\.0\\d+ − 0\\.04210470613\\| = [\\d.]+ SE > 0\\.001 SE — `));
      const md = await readFile(summary, "utf8");
      expect(md.startsWith("earlier step\n### lipvar check: small — ❌ 1 failed\n")).toBe(true);
      expect(md).toMatch(/^\| ❌ \| variance-aol-gaussian-d8-n8 \| [\d.]+ \| 0\.0421047 \| ±[\d.]+% \| \\\|0\.0\d+ − 0\.04210470613\\\| = /m);
      expect(md).toMatch(/^\| ✅ \| upperBound-aol-laplace-d8-n8 \|/m);
    }, 30_000);

    it("--format github without the environment; with --json the annotations go to stderr and stdout stays JSON", async () => {
      delete process.env.GITHUB_ACTIONS;
      delete process.env.GITHUB_STEP_SUMMARY;
      const suite = await suiteFile("tight.json", small(0.001));
      expect(await run(["check", "--suite", suite, "--format", "github", "--workers", "1"])).toBe(1);
      expect(out.split("\n").filter((l) => l.startsWith("::error "))).toHaveLength(1);
      process.env.GITHUB_ACTIONS = "true";
      expect(await run(["check", "--suite", suite, "--json", "--workers", "1"])).toBe(1);
      expect(JSON.parse(out).failed).toBe(1);
      expect(err.split("\n").filter((l) => l.startsWith("::error "))).toHaveLength(1);
      expect(await run(["check", "--suite", suite, "--format", "junit"])).toBe(2);
      expect(err).toMatch(/--format must be one of table, json, csv, github, got 'junit'/);
    }, 30_000);
  });
});
