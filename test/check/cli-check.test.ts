import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main.js";
import { readXml } from "./xml-reader.js";

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
    expect(await run(["check", "--junit", junit, "--workers", "1"])).toBe(0);
    expect(out).toMatch(/\d+ passed, 0 failed/);
    expect(failures(await readFile(junit, "utf8"))).toEqual([]);
  }, 60_000);

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
});
