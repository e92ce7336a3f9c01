/**
 * `lipvar check --weights` end to end on numpy-written files
 * (scripts/fixtures/fixtures_weights.py → test/fixtures/weights/): correct
 * AOL and SLL stacks pass (exit 0); each seeded defect fails (exit 1) on the
 * row naming its layer and array, with the message that says what is wrong;
 * unreadable or inconsistent input is one line and exit 2.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { captureCli } from "../cli/capture.js";
import { readXml } from "./xml-reader.js";

const cli = captureCli();
const F = new URL("../fixtures/weights/", import.meta.url).pathname;
let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "lipvar-cli-weights-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const rows = () => cli.out.split("\n").filter((l) => /^(PASS|FAIL) /.test(l));
const failed = () => rows().filter((l) => l.startsWith("FAIL"));
const aolRaw = Array.from({ length: 8 }, (_, r) => `${F}aol_raw/init-${r}.npz`);

describe("correct stacks pass", () => {
  it("raw AOL weights, one float64 file per initialisation, declared Gaussian", async () => {
    expect(await cli.run("check", "--weights", ...aolRaw, "--gram", "column", "--weights-are", "raw", "--dist", "gaussian")).toBe(0);
    const ids = rows().map((l) => l.split(/\s+/)[1]);
    expect(ids).toEqual([
      "L1.layers.0.weight.mean",
      "L1.layers.0.weight.kurtosis",
      "L1.layers.0.weight.ks",
      "L1.layers.0.weight.var",
      "L2.layers.1.weight.mean",
      "L2.layers.1.weight.kurtosis",
      "L2.layers.1.weight.ks",
      "L2.layers.1.weight.var",
      "L1.layers.0.weight.forward",
      "L2.layers.1.weight.forward",
    ]);
    expect(cli.out).toMatch(/10 passed, 0 failed \(10 expectations\)/);
  });

  it("rescaled AOL weights, float32 3-D arrays (one Fortran-ordered): identities, Var[w̄] and the forward pass", async () => {
    expect(await cli.run("check", "--weights", `${F}aol_rescaled.npz`, "--gram", "column", "--weights-are", "rescaled", "--dist", "gaussian")).toBe(0);
    expect(rows()).toHaveLength(18);
    for (const check of ["opnorm", "perron", "unitnorm", "varbound", "var", "forward"]) expect(cli.out).toContain(`L2.w2.${check}`);
  });

  it.each(["raw", "rescaled"])("SLL (row Gram) %s weights with q and biases through a manifest", async (kind) => {
    expect(await cli.run("check", "--weights", `${F}sll_${kind}.npz`, "--manifest", `${F}sll_${kind}.json`)).toBe(0);
    expect(cli.out).toContain("L2.layers.1.weight.forward");
    expect(cli.out).toContain("L2.layers.1.weight.var");
  });

  it("raw uniform and Laplace weights declared as what they are", async () => {
    expect(await cli.run("check", "--weights", `${F}uniform.npz`, "--gram", "column", "--weights-are", "raw", "--dist", "uniform")).toBe(0);
    cli.reset();
    expect(await cli.run("check", "--weights", `${F}laplace_raw.npz`, "--gram", "row", "--weights-are", "raw", "--dist", "gnd", "--beta", "1")).toBe(0);
    expect(rows().map((l) => l.split(/\s+/)[1])).toEqual(["L1.w.mean", "L1.w.kurtosis", "L1.w.ks", "L1.w.var", "L1.w.forward"]);
  });

  it("JSON and JUnit carry the same verdicts", async () => {
    const junit = join(dir, "w.xml");
    expect(await cli.run("check", "--weights", `${F}opnorm13.npz`, "--gram", "column", "--weights-are", "rescaled", "--json", "--junit", junit)).toBe(1);
    const json = JSON.parse(cli.out);
    expect(json.exitCode).toBe(1);
    const failing = json.results.filter((r: { verdict: string }) => r.verdict === "fail").map((r: { id: string }) => r.id);
    expect(failing).toEqual(["L2.bad.opnorm", "L2.bad.perron", "L2.bad.unitnorm"]);
    const xml = readXml(await readFile(junit, "utf8"));
    const names: string[] = [];
    const walk = (e: ReturnType<typeof readXml>) => {
      if (e.name === "testcase" && e.children.some((c) => c.name === "failure")) names.push(e.attributes.name);
      e.children.forEach(walk);
    };
    walk(xml);
    expect(names).toEqual(failing);
  });
});

describe("--baseline with --weights", () => {
  it("compares the statistical rows with an earlier --json run: no drift for the same files, a drift for other weights", async () => {
    const base = join(dir, "base.json");
    const args = ["--gram", "column", "--weights-are", "raw", "--dist", "gaussian"];
    expect(await cli.run("check", "--weights", `${F}laplace_raw.npz`, ...args, "--json")).toBe(1);
    await writeFile(base, cli.out);
    cli.reset();
    expect(await cli.run("check", "--weights", `${F}laplace_raw.npz`, ...args, "--baseline", base)).toBe(1);
    const drift = rows().filter((l) => l.includes("baseline:"));
    // mean, kurtosis, var and forward carry an SE; the KS row and the identities do not.
    expect(drift.map((l) => l.split(/\s+/)[1])).toEqual(["baseline:L1.w.mean", "baseline:L1.w.kurtosis", "baseline:L1.w.var", "baseline:L1.w.forward"]);
    expect(drift.every((l) => l.startsWith("PASS") && l.includes("= 0 SE"))).toBe(true);
    cli.reset();
    expect(await cli.run("check", "--weights", `${F}uniform.npz`, ...args, "--baseline", base)).toBe(1);
    expect(failed().map((l) => l.split(/\s+/)[1])).toContain("baseline:L1.w.kurtosis");
    await cli.expectUsageError(["check", "--weights", `${F}uniform.npz`, ...args, "--baseline", join(dir, "none.json")], /cannot read baseline .*none\.json: ENOENT/);
  });

  it("refuses a baseline measured with another seed or declaration, naming the entry and the fields", async () => {
    const base = join(dir, "base-config.json");
    const args = ["--gram", "column", "--weights-are", "raw"];
    expect(await cli.run("check", "--weights", `${F}laplace_raw.npz`, ...args, "--dist", "gaussian", "--json")).toBe(1);
    await writeFile(base, cli.out);
    await cli.expectUsageError(["check", "--weights", `${F}laplace_raw.npz`, ...args, "--dist", "gaussian", "--seed", "2", "--baseline", base], /baseline entry L1\.w\.\w+ was measured with a different config \(seed "1" → "2"\)/);
    await cli.expectUsageError(["check", "--weights", `${F}laplace_raw.npz`, ...args, "--dist", "laplace", "--baseline", base], /baseline entry L1\.w\.\w+ was measured with a different config \(beta 2 → 1\)/);
  });
});

describe("each defect is caught with its message", () => {
  it("row Gram where column is declared", async () => {
    expect(await cli.run("check", "--weights", `${F}rowgram_as_column.npz`, "--gram", "column", "--weights-are", "rescaled", "--dist", "gaussian")).toBe(1);
    const f = failed();
    expect(f.find((l) => l.includes("L1.w.perron"))).toMatch(/the columns of W̄ do not satisfy the column-Gram identity .* but ρ\(\|W̄W̄ᵀ\|\) = 1: looks like row Gram \(declared column\)/);
    expect(f.find((l) => l.includes("L1.w.var"))).toMatch(/matches the row Gram .* looks like row Gram, declared column/);
    // Declared as what it is, it passes.
    expect(await cli.run("check", "--weights", `${F}rowgram_as_column.npz`, "--gram", "row", "--weights-are", "rescaled", "--dist", "gaussian")).toBe(0);
  });

  it("no rescaling (raw weights declared rescaled)", async () => {
    expect(await cli.run("check", "--weights", `${F}unrescaled.npz`, "--gram", "column", "--weights-are", "rescaled")).toBe(1);
    const f = failed();
    expect(f.map((l) => l.split(/\s+/)[1])).toEqual(["L1.w.opnorm", "L1.w.perron", "L1.w.unitnorm", "L1.w.varbound"]);
    expect(f[1]).toMatch(/not 1-Lipschitz — not rescaled \(raw weights declared rescaled\?\)/);
  });

  it("wrong distribution: uniform weights declared normal", async () => {
    expect(await cli.run("check", "--weights", `${F}uniform.npz`, "--gram", "column", "--weights-are", "raw", "--dist", "gaussian")).toBe(1);
    expect(failed().map((l) => l.split(/\s+/)[1])).toEqual(["L1.w.kurtosis", "L1.w.ks"]);
  });

  it("wrong initial scale: N(0, 0.25) declared with standard deviation 1", async () => {
    expect(await cli.run("check", "--weights", `${F}scale_half.npz`, "--gram", "column", "--weights-are", "raw", "--dist", "gaussian", "--weight-std", "1")).toBe(1);
    expect(failed().map((l) => l.split(/\s+/)[1])).toEqual(["L1.w.std"]);
    expect(await cli.run("check", "--weights", `${F}scale_half.npz`, "--gram", "column", "--weights-are", "raw", "--dist", "gaussian", "--weight-std", "0.5")).toBe(0);
  });

  it("a layer with operator norm 1.3 (the first layer, correct, passes)", async () => {
    expect(await cli.run("check", "--weights", `${F}opnorm13.npz`, "--gram", "column", "--weights-are", "rescaled")).toBe(1);
    const f = failed();
    expect(f[0]).toMatch(/^FAIL\s+L2\.bad\.opnorm\s+1\.3\s+1\s/);
    expect(f.every((l) => l.includes("L2.bad."))).toBe(true);
  });
});

describe("input errors: one line, exit 2", () => {
  it.each([
    [["--weights", `${F}bad/int32.npy`, "--gram", "column", "--weights-are", "raw"], /int32\.npy: array 'int32' has dtype int32/],
    [["--weights", `${F}bad/bigendian.npy`, "--gram", "column", "--weights-are", "raw"], /array 'bigendian' is big-endian/],
    [["--weights", `${F}bad/fourd.npy`, "--gram", "column", "--weights-are", "raw"], /array 'fourd' \(layer 1\) is 4-D/],
    [["--weights", `${F}aol_raw/init-0.npz`, `${F}aol_rescaled.npz`, "--gram", "column", "--weights-are", "raw"], /aol_rescaled\.npz has 3 layers \(2-D arrays\) but .*init-0\.npz has 2/],
    [["--weights", `${F}uniform.npz`, "--weights-are", "raw"], /--gram is required with --weights/],
    [["--weights", `${F}uniform.npz`, "--gram", "column"], /--weights-are is required with --weights/],
    [["--weights", `${F}uniform.npz`, "--gram", "diagonal", "--weights-are", "raw"], /--gram must be one of column, row/],
    [["--weights", `${F}uniform.npz`, "--gram", "column", "--weights-are", "raw", "--dist", "gnd"], /--beta is required with --dist gnd/],
    [["--weights", `${F}sll_raw.npz`, "--manifest", `${F}sll_raw.json`, "--gram", "row"], /--gram cannot be combined with --manifest/],
    [["--weights", `${F}uniform.npz`, "--gram", "column", "--weights-are", "rescaled", "--weight-std", "1"], /--weight-std is the raw entries' standard deviation/],
    [["--gram", "column"], /--gram is used only with --weights/],
    [["--weights", `${F}uniform.npz`, "--suite", "x.json", "--gram", "column", "--weights-are", "raw"], /--suite and --weights cannot be combined/],
  ])("%j", async (argv, what) => {
    await cli.expectUsageError(["check", ...argv], what);
  });

  it("a broken manifest and a truncated file are refused before any check", async () => {
    const manifest = join(dir, "m.json");
    await writeFile(manifest, JSON.stringify({ version: 1, layers: [{ weight: "layers.0.weight" }] }));
    await cli.expectUsageError(["check", "--weights", `${F}sll_raw.npz`, "--manifest", manifest], /m\.json: layers\[0\]\.gram is required/);
    const cut = join(dir, "cut.npz");
    const bytes = await readFile(`${F}uniform.npz`);
    await writeFile(cut, bytes.subarray(0, 3000));
    await cli.expectUsageError(["check", "--weights", cut, "--gram", "column", "--weights-are", "raw"], /cut\.npz is not a readable \.npz \(zip\) file/);
  });

  it("rescaled weights declared raw: a note says they look rescaled", async () => {
    expect(await cli.run("check", "--weights", `${F}aol_rescaled.npz`, "--gram", "column", "--weights-are", "raw")).toBe(0);
    expect(cli.err).toMatch(/note: layer 1 'w1' \(32×16\): declared raw, but every initialisation satisfies the column Gram .* identity ρ\(\|Ḡ\|\) = 1: these look like rescaled weights/);
    cli.reset();
    expect(await cli.run("check", "--weights", ...aolRaw, "--gram", "column", "--weights-are", "raw")).toBe(0);
    expect(cli.err).not.toContain("look like rescaled");
  });

  it("fewer than 8 initialisations: identities and distribution checks only, with a note", async () => {
    expect(await cli.run("check", "--weights", ...aolRaw.slice(0, 3), "--gram", "column", "--weights-are", "raw", "--dist", "gaussian")).toBe(0);
    expect(cli.out).not.toContain(".var ");
    expect(cli.out).not.toContain(".forward");
    expect(cli.err).toMatch(/note: 3 initialisations: the checks across initialisations \(var, forward\) need at least 8/);
  });
});
