import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { describe, expect, it } from "vitest";

// What `npm pack` would publish (npm test builds dist/ first; --ignore-scripts
// skips prepack's rebuild): everything a library user, a browser page and
// the CLI need, and nothing else.
const root = join(__dirname, "../..");
const packed: string[] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }))[0].files.map(
  (f: { path: string }) => f.path,
);
const files = new Set(packed);

describe("the npm package", () => {
  it("holds the library, the CLI, the browser bundle, the worker and the Wasm builds, with LICENSE and NOTICE", () => {
    for (const f of [
      "LICENSE", "NOTICE", "README.md", "package.json", "bin/lipvar.js",
      "dist/index.js", "dist/index.d.ts", "dist/charts.js", "dist/host/node.js", "dist/host/browser.js", "dist/cli/main.js", "dist/lipvar-cli/main.js", "dist/lipvar-cli/kernel-worker.js",
      "dist/parallel/node-thread.js", "dist/experiments/kernel-worker.js", "dist/experiments/lipvar-worker.js", "dist/vendor/stdlib.js",
      "dist/browser/lipvar.js", "dist/browser/lipvar-worker.js", "dist/browser/lipvar-charts.js",
      ...["lipvar", "lipvar-simd", "lipvar-relaxed", "lipvar-debug"].flatMap((b) => [`build/${b}.wasm`, `dist/browser/${b}.wasm`]),
    ]) {
      expect(files, f).toContain(f);
    }
  });

  it("holds nothing stray: no tests, scripts, benches, explorer, caches, or outputs of deleted sources; of the report only what the README shows", () => {
    const docs = /^(CHANGELOG\.md|CITATION\.cff|docs\/[^/]+\.md|examples\/.+|reports\/index\.md|reports\/figures\/[^/]*forward-variance\.png)$/;
    const allowed = /^(LICENSE|NOTICE|README\.md|package\.json|bin\/lipvar\.js|build\/lipvar(-simd|-relaxed|-debug)?\.wasm|src\/.+\.ts|dist\/.+\.(js|d\.ts|js\.map|wasm))$/;
    expect(packed.filter((f) => !allowed.test(f) && !docs.test(f))).toEqual([]);
    // Every compiled module has its source (prune-dist.mjs), except the generated bundles.
    const orphans = packed.filter((f) => /^dist\/.*\.js$/.test(f) && !/^dist\/(browser|vendor|lipvar-cli)\//.test(f) && !files.has(f.replace(/^dist\/(.*)\.js$/, "src/$1.ts")));
    expect(orphans).toEqual([]);
  });

  it("every package export and import target is in the package", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    const targets = (v: unknown): string[] => (typeof v === "string" ? [v] : Object.values(v as object).flatMap(targets));
    for (const t of [...targets(pkg.exports), ...targets(pkg.imports)]) {
      const path = t.replace(/^\.\//, "");
      if (path.includes("*")) expect(packed.some((f) => f.startsWith(path.slice(0, path.indexOf("*")))), t).toBe(true);
      else expect(files, t).toContain(path);
    }
  });

  it("source maps resolve: every source a shipped map names is shipped", () => {
    const maps = packed.filter((f) => f.endsWith(".map"));
    expect(maps.length).toBeGreaterThan(50);
    const missing = maps.flatMap((m) => {
      const map = JSON.parse(readFileSync(join(root, m), "utf8")) as { sources: string[] };
      return map.sources.map((s) => normalize(join(dirname(m), s))).filter((s) => !files.has(s));
    });
    expect(missing).toEqual([]);
  });
});
