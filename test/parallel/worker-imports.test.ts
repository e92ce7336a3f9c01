import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(__dirname, "../..");

/** Every project file a source file reaches through static value imports (type-only imports are erased). */
function reachable(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(file, "utf8");
  for (const m of text.matchAll(/^import\s+(?!type\s)[^;]*?from\s+"(\.[^"]+)\.js";/gms)) {
    reachable(join(dirname(file), `${m[1]}.ts`), seen);
  }
  return seen;
}

describe("worker start-up", () => {
  // Each worker thread imports the kernel worker on start; the analytic side
  // pulls in the special-function library (~0.1 s per thread), so it must
  // stay out of the worker's import graph.
  it("the kernel worker's import graph holds no analytic module", () => {
    const files = [...reachable(join(root, "src/experiments/kernel-worker.ts"))].map((f) => relative(root, f));
    expect(files).toContain("src/wasm/decay.ts"); // the walk reaches the kernel wrappers
    expect(files.filter((f) => f.startsWith("src/analytic/"))).toEqual([]);
  });
});
