/**
 * The modules under src/ import each other without a cycle (type-only
 * imports and re-exports included: a cycle of types still ties the files
 * together for readers and for bundlers' chunking). The graph is read from
 * the sources' `import … from "./x.js"` and `export … from "./x.js"` lines.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../../src");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** Relative imports of `file` (static and dynamic), resolved to the .ts files under src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+"(\.[^"]+)"|import\(\s*"(\.[^"]+)"\s*\)/g)) {
    const spec = m[1] ?? m[2];
    out.push(resolve(dirname(file), spec.replace(/\.js$/, ".ts")));
  }
  return out;
}

/** Every cycle found by depth-first search, each as the list of files around it. */
function cycles(files: string[]): string[][] {
  const graph = new Map(files.map((f) => [f, importsOf(f).filter((t) => files.includes(t))]));
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (f: string): void => {
    state.set(f, "open");
    stack.push(f);
    for (const t of graph.get(f) ?? []) {
      if (state.get(t) === "open") found.push([...stack.slice(stack.indexOf(t)), t]);
      else if (!state.has(t)) visit(t);
    }
    stack.pop();
    state.set(f, "done");
  };
  for (const f of files) if (!state.has(f)) visit(f);
  return found;
}

describe("src/ import graph", () => {
  it("reads the imports it should (the graph is not empty by a parse mistake)", () => {
    const assemble = importsOf(join(root, "shard/schema.ts")).map((f) => relative(root, f));
    expect(assemble).toContain("shard/assemble.ts");
    expect(assemble).toContain("shard/train-shard.ts"); // `import type` counts
  });

  it("has no import cycle", () => {
    const found = cycles(sources(root)).map((c) => c.map((f) => relative(root, f)).join(" → "));
    expect(found).toEqual([]);
  });
});
