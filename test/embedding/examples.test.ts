/**
 * Every `@example` in the TSDoc of the public entries (the root `lipvar` and
 * the subpath entries) is type-checked and run against the built package,
 * as a user's module importing "lipvar" would run it; and every value the
 * root entry exports carries TSDoc with an example (functions also `@param`
 * for each parameter and `@returns`).
 *
 * An example is the ```ts fenced code of an `@example` tag. A line
 * `expr; // returns V` asserts the value: V is a literal compared exactly
 * (deep equality for objects and arrays), or `~N` — a number compared to
 * the digits shown (|expr − N| ≤ half a unit in N's last digit). A trailing
 * parenthetical after V is a remark.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";

const root = join(__dirname, "../..");

/** The public entries: the file each package export resolves from (package.json "exports"). */
const ENTRIES: Record<string, string> = {
  lipvar: "src/index.ts",
  "lipvar/analytic": "src/analytic/index.ts",
  "lipvar/experiments": "src/experiments/index.ts",
  "lipvar/shard": "src/shard/index.ts",
  "lipvar/kernels": "src/wasm/index.ts",
  "lipvar/data": "src/data/index.ts",
  "lipvar/charts": "src/charts.ts",
};

interface Example {
  /** Where it comes from: entry, export, member. */
  where: string;
  code: string;
}

const program = ts.createProgram(Object.values(ENTRIES).map((f) => join(root, f)), { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, strict: true, noEmit: true });
const checker = program.getTypeChecker();

function exportsOf(file: string): ts.Symbol[] {
  const source = program.getSourceFile(join(root, file));
  if (!source) throw new Error(`no source ${file}`);
  const moduleSymbol = checker.getSymbolAtLocation(source)!;
  return checker.getExportsOfModule(moduleSymbol).map((s) => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s));
}

const tagText = (t: ts.JSDocTag) => (typeof t.comment === "string" ? t.comment : ts.getTextOfJSDocComment(t.comment) ?? "");

/** The ```ts blocks of a declaration's @example tags. */
function examplesOf(decl: ts.Node): string[] {
  return ts
    .getJSDocTags(decl)
    .filter((t) => t.tagName.text === "example")
    .flatMap((t) => [...tagText(t).matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]));
}

/** The declarations of a symbol and, for classes, of its members. */
function declarationsOf(symbol: ts.Symbol): { name: string; decl: ts.Node }[] {
  const out: { name: string; decl: ts.Node }[] = [];
  for (const decl of symbol.declarations ?? []) {
    out.push({ name: symbol.name, decl });
    if (ts.isClassDeclaration(decl)) {
      for (const m of decl.members) out.push({ name: `${symbol.name}.${m.name ? m.name.getText() : "constructor"}`, decl: m });
    }
  }
  return out;
}

/** Every example of every public entry, each once (an export re-exported by several entries has one example list). */
function allExamples(): Example[] {
  const seen = new Set<ts.Node>();
  const out: Example[] = [];
  for (const [entry, file] of Object.entries(ENTRIES)) {
    for (const symbol of exportsOf(file)) {
      for (const { name, decl } of declarationsOf(symbol)) {
        if (seen.has(decl)) continue;
        seen.add(decl);
        examplesOf(decl).forEach((code, i) => out.push({ where: `${entry}: ${name} #${i + 1}`, code }));
      }
    }
    const source = program.getSourceFile(join(root, file))!;
    const first = source.statements[0];
    if (first) {
      // The entry's own comment (on its first statement).
      for (const doc of ts.getJSDocCommentsAndTags(first).filter(ts.isJSDoc)) {
        for (const t of doc.tags ?? []) if (t.tagName.text === "example") [...tagText(t).matchAll(/```ts\n([\s\S]*?)```/g)].forEach((m, i) => out.push({ where: `${entry} (entry) #${i + 1}`, code: m[1] }));
      }
    }
  }
  return out;
}

/** The example with each `expr; // returns V` line turned into an assertion. */
function withAssertions(code: string): string {
  return code
    .split("\n")
    .map((line) => {
      const m = /^(\s*)(.+?);\s*\/\/\s*returns\s+(.+?)\s*(\(.*\))?\s*$/.exec(line);
      if (!m) return line;
      const [, indent, expr, value] = m;
      if (value.startsWith("~")) return `${indent}__approx(${expr}, ${JSON.stringify(value.slice(1))});`;
      return `${indent}__exact(${expr}, ${value});`;
    })
    .join("\n");
}

const HELPERS = `
import { deepStrictEqual } from "node:assert";
const __exact = (actual: unknown, expected: unknown): void => {
  deepStrictEqual(actual, expected);
};
const __approx = (actual: unknown, shown: string): void => {
  const m = /^(-?)(\\d*)\\.?(\\d*)(?:e([-+]?\\d+))?$/.exec(shown);
  if (!m || typeof actual !== "number") throw new Error(\`bad ~ value \${shown} or non-number \${String(actual)}\`);
  const half = 0.5 * 10 ** (Number(m[4] ?? 0) - m[3].length);
  if (!(Math.abs(actual - Number(shown)) <= half)) throw new Error(\`expected ~\${shown} (± \${half}), got \${actual}\`);
};
`;

const examples = allExamples();
let app: string | undefined;
afterAll(() => {
  if (app) rmSync(app, { recursive: true, force: true });
});

describe("TSDoc of the public entries", () => {
  it("every value the root entry exports has a doc comment with an @example; functions name every parameter (@param) and @returns", () => {
    const problems: string[] = [];
    for (const symbol of exportsOf(ENTRIES.lipvar)) {
      if (!(symbol.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Class | ts.SymbolFlags.Variable))) continue;
      const decls = (symbol.declarations ?? []).filter((d) => !ts.getJSDocTags(d).some((t) => t.tagName.text === "deprecated"));
      const documented = decls.filter((d) => ts.getJSDocCommentsAndTags(d).length > 0);
      if (documented.length === 0) {
        problems.push(`${symbol.name}: no doc comment`);
        continue;
      }
      const all = [symbol.declarations ?? []].flat().flatMap((d) => declarationsOf({ ...symbol, declarations: [d] } as ts.Symbol));
      if (!all.some(({ decl }) => examplesOf(decl).length > 0)) problems.push(`${symbol.name}: no @example`);
      for (const d of documented) {
        if (!ts.isFunctionDeclaration(d)) continue;
        const tags = ts.getJSDocTags(d);
        const params = new Set(tags.filter(ts.isJSDocParameterTag).map((t) => t.name.getText()));
        for (const p of d.parameters) if (!params.has(p.name.getText())) problems.push(`${symbol.name}: no @param ${p.name.getText()}`);
        if (!tags.some((t) => t.tagName.text === "returns")) problems.push(`${symbol.name}: no @returns`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("finds the examples it should (the extraction is not silently empty)", () => {
    expect(examples.length).toBeGreaterThan(40);
    expect(examples.some((e) => e.where.startsWith("lipvar: Sgnd"))).toBe(true);
  });

  it("every @example type-checks against the package's types and runs against the built package, its `// returns` values holding", () => {
    app = mkdtempSync(join(tmpdir(), "lipvar-examples-"));
    mkdirSync(join(app, "node_modules"));
    symlinkSync(root, join(app, "node_modules/lipvar"), "dir");
    writeFileSync(join(app, "package.json"), JSON.stringify({ type: "module", private: true }));
    const files = examples.map((e, i) => {
      const name = `example-${i}`;
      writeFileSync(join(app!, `${name}.ts`), `// ${e.where}\n${HELPERS}\n${withAssertions(e.code)}\nexport {};\n`);
      return { name, where: e.where };
    });
    writeFileSync(join(app, "tsconfig.json"), JSON.stringify({ compilerOptions: { module: "nodenext", moduleResolution: "nodenext", target: "es2022", strict: true, skipLibCheck: true, types: ["node"], typeRoots: [join(root, "node_modules/@types")], outDir: "out" }, include: ["*.ts"] }));
    // Type-check and compile to out/ (tsc exits non-zero, listing every error, if any example does not type-check).
    try {
      execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", app], { cwd: app, encoding: "utf8" });
    } catch (e) {
      expect.fail(`examples do not type-check:\n${(e as { stdout: string }).stdout}`);
    }
    writeFileSync(join(app, "out/package.json"), JSON.stringify({ type: "module" }));
    const runner = `
      const failures = [];
      for (const { name, where } of ${JSON.stringify(files)}) {
        try { await import("./" + name + ".js"); } catch (e) { failures.push(where + ": " + (e && e.message || e)); }
      }
      console.log(JSON.stringify(failures));
      process.exit(0);
    `;
    writeFileSync(join(app, "out/run.mjs"), runner);
    const failures = JSON.parse(execFileSync(process.execPath, [join(app, "out/run.mjs")], { cwd: join(app, "out"), encoding: "utf8" }).trim().split("\n").at(-1)!);
    expect(failures).toEqual([]);
  }, 240_000);
});
