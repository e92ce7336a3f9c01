// Development-only Node module hooks that let a worker thread load the
// project's TypeScript source (src/, test/) directly, so tests that run the
// worker pool under vitest use the current source instead of a possibly stale
// dist/. Registered by src/parallel/threads.ts inside each thread, only when
// the worker module is a .ts file. Not used by the published package.
//
// resolve: relative imports are written with .js (NodeNext); when that file
//          does not exist but the .ts next to it does, load the .ts. The
//          package's own `#` imports (package.json "imports", e.g. #host)
//          resolve to dist/; from a source file they load the src/ .ts.
// load:    .ts files are transpiled one by one with TypeScript's
//          transpileModule (no type checking; isolated-module semantics).
//          Outputs are cached in node_modules/.cache/lipvar-ts-workers/ by a
//          hash of the source, so threads usually skip loading TypeScript
//          (which costs about a second per thread).
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const CACHE_DIR = new URL("../node_modules/.cache/lipvar-ts-workers/", import.meta.url);
// Bump when the compiler options below change.
const CACHE_VERSION = "1";
let typescript;
const ROOT = new URL("../", import.meta.url);
const packageImports = JSON.parse(readFileSync(new URL("package.json", ROOT), "utf8")).imports ?? {};

export async function resolve(specifier, context, nextResolve) {
  const relative = specifier.startsWith("./") || specifier.startsWith("../");
  if (relative && specifier.endsWith(".js") && context.parentURL?.startsWith("file:")) {
    const asJs = new URL(specifier, context.parentURL);
    const asTs = new URL(asJs.href.replace(/\.js$/, ".ts"));
    if (!existsSync(fileURLToPath(asJs)) && existsSync(fileURLToPath(asTs))) {
      return { url: asTs.href, format: "module", shortCircuit: true };
    }
  }
  const own = specifier.startsWith("#") && /\.(ts|mts)$/.test(context.parentURL ?? "") ? packageImports[specifier]?.node : undefined;
  if (typeof own === "string") {
    const source = new URL(own.replace(/^\.\/dist\/(.*)\.js$/, "./src/$1.ts"), ROOT);
    if (existsSync(fileURLToPath(source))) return { url: source.href, format: "module", shortCircuit: true };
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (!/\.(ts|mts)$/.test(new URL(url).pathname)) return nextLoad(url, context);
  const fileName = fileURLToPath(url);
  const source = await readFile(fileName, "utf8");
  const key = createHash("sha256").update(`${CACHE_VERSION}\0${fileName}\0${source}`).digest("hex");
  const cached = new URL(`${key}.js`, CACHE_DIR);
  try {
    return { format: "module", source: await readFile(cached, "utf8"), shortCircuit: true };
  } catch {
    // not cached yet
  }
  typescript ??= (await import("typescript")).default;
  const { outputText } = typescript.transpileModule(source, {
    fileName,
    compilerOptions: {
      module: typescript.ModuleKind.ESNext,
      target: typescript.ScriptTarget.ES2022,
      inlineSourceMap: true,
      inlineSources: true,
    },
  });
  try {
    // Written under a unique name, then renamed: threads may race on one file.
    await mkdir(CACHE_DIR, { recursive: true });
    const temp = new URL(`${key}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`, CACHE_DIR);
    await writeFile(temp, outputText);
    await rename(temp, cached);
  } catch {
    // A read-only tree only loses the cache.
  }
  return { format: "module", source: outputText, shortCircuit: true };
}
