import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

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
