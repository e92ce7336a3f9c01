import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TINY } from "../report/tiny-config.js";

// chartjs-node-canvas is an optional peer dependency. A preload makes it (an
// import) or its native canvas addon (a require inside it) missing, as in an
// app that installed lipvar alone, or with --ignore-scripts; runs the
// compiled CLI (npm test builds dist/ first).
function hide(dir: string, pkg: string): string[] {
  const hook = `export async function resolve(s, c, next) { if (s === ${JSON.stringify(pkg)}) { const e = new Error("Cannot find package '${pkg}'"); e.code = "ERR_MODULE_NOT_FOUND"; throw e; } return next(s, c); }`;
  const preload = join(dir, "hide.cjs");
  writeFileSync(
    preload,
    `const Module = require("node:module");
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === ${JSON.stringify(pkg)}) throw Object.assign(new Error("Cannot find module '${pkg}'"), { code: "MODULE_NOT_FOUND" });
  return resolve.call(this, request, ...rest);
};
Module.register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});
`,
  );
  return ["--require", preload];
}

describe("lipvar report without the optional renderer", () => {
  it.each(["chartjs-node-canvas", "canvas"])("with %s missing: exit 2, one stderr line saying how to add it, before any work, nothing written", (pkg) => {
    const dir = mkdtempSync(join(tmpdir(), "lipvar-norender-"));
    const out = join(dir, "rep");
    const r = spawnSync(process.execPath, [...hide(dir, pkg), "bin/lipvar.js", "report", "--quick", "--out", out], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/chartjs-node-canvas.*npm install chartjs-node-canvas/);
    // Checked before any work: no report directory, no stage progress (the one line above).
    expect(existsSync(out)).toBe(false);
  });
});

describe("lipvar report --no-figures: the numbers and the Markdown without canvas", () => {
  // Both packages hidden at once: the code path must never load either.
  function hideBoth(dir: string): string[] {
    const a = mkdtempSync(join(dir, "a-"));
    const b = mkdtempSync(join(dir, "b-"));
    return [...hide(a, "chartjs-node-canvas"), ...hide(b, "canvas")];
  }

  it("writes index.md and results.json, no figures, with chartjs-node-canvas and canvas missing (compiled code, tiny config)", () => {
    const dir = mkdtempSync(join(tmpdir(), "lipvar-nofig-"));
    const out = join(dir, "rep");
    const script = `import { generateReport } from ${JSON.stringify(join(process.cwd(), "dist/report/generate.js"))};
const config = JSON.parse(process.argv[1]);
await generateReport({ outDir: ${JSON.stringify(out)}, config, seed: 5, workers: 1, figures: false });
const loaded = (await import("node:module")).createRequire(import.meta.url).cache;
process.stdout.write(JSON.stringify(Object.keys(loaded).filter((p) => /canvas/.test(p))));`;
    const r = spawnSync(process.execPath, [...hideBoth(dir), "--input-type=module", "-e", script, JSON.stringify(TINY)], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
    expect(readdirSync(out).sort()).toEqual([".lipvar-report", ".partial", "README.md", "index.md", "results.json"]);
    const index = readFileSync(join(out, "index.md"), "utf8");
    expect(index).toContain("This report was written with `--no-figures`");
    expect(index).not.toMatch(/!\[[^\]]*\]\(figures\//);
    // The folder's README says what it holds: no figures, and the command that wrote it.
    const readme = readFileSync(join(out, "README.md"), "utf8");
    expect(readme).toContain(`\`lipvar report --out ${out} --seed 5 --no-figures\``);
    expect(readme).not.toContain("figures/*.png");
    expect(Object.keys(JSON.parse(readFileSync(join(out, "results.json"), "utf8")))).toEqual(["meta", "config", "stages"]);
  }, 120_000);

  it("the CLI skips the renderer check with --no-figures (the next check, the folder, speaks instead) and keeps it without", () => {
    const dir = mkdtempSync(join(tmpdir(), "lipvar-nofig-cli-"));
    const out = join(dir, "not-lipvars");
    mkdirSync(out);
    writeFileSync(join(out, "mine.txt"), "a folder lipvar did not write\n");
    const cli = (...flags: string[]) => spawnSync(process.execPath, [...hideBoth(dir), "bin/lipvar.js", "report", "--quick", "--out", out, ...flags], { encoding: "utf8" });
    const withFigures = cli();
    expect(withFigures.status).toBe(2);
    expect(withFigures.stderr).toMatch(/chartjs-node-canvas/);
    const without = cli("--no-figures");
    expect(without.status).toBe(2);
    expect(without.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(without.stderr).toMatch(/--out/);
    expect(without.stderr).not.toMatch(/chartjs-node-canvas/);
  });
});

