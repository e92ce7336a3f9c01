// The `lipvar` command as a few bundled ES modules (dist/lipvar-cli/), so a
// short command starts quickly: Node 20 compiles every module it loads and
// resolves each import on disk, and the CLI's ~100 small modules (commander
// included) cost more than the work of `lipvar bounds`. Built from the
// compiled dist/ (run tsc first) with esbuild; code splitting keeps each
// command's code in its own chunk, loaded only when that command runs
// (src/cli/commands/index.ts). The folder sits one level under dist/, like
// the modules it bundles, so their `new URL("../../build/", import.meta.url)`
// (the Wasm builds) and `../parallel/node-thread.js` still resolve; the
// experiments' worker module is an entry of its own, so
// `new URL("./kernel-worker.js", import.meta.url)` finds it next to the
// chunks. The report's renderer (chart.js, chartjs-node-canvas, canvas)
// stays an ordinary import. Skips the work when every output is newer than
// every input (--force to redo).
import { build } from "esbuild";
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { newest } from "./newest.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = join(root, "dist/lipvar-cli");
const entries = {
  main: join(root, "dist/cli/main.js"),
  "kernel-worker": join(root, "dist/experiments/kernel-worker.js"),
};

const newestInput = Math.max(
  newest(join(root, "dist"), (f) => f.endsWith(".js") && !f.startsWith("browser") && !f.startsWith("lipvar-cli")),
  statSync(fileURLToPath(import.meta.url)).mtimeMs,
  statSync(join(root, "package-lock.json")).mtimeMs,
);
const outputs = Object.keys(entries).map((e) => join(outDir, `${e}.js`));
if (!process.argv.includes("--force") && outputs.every((f) => existsSync(f) && statSync(f).mtimeMs > newestInput)) process.exit(0);

rmSync(outDir, { recursive: true, force: true });
try {
  await build({
    entryPoints: entries,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    outdir: outDir,
    chunkNames: "chunk-[hash]",
    external: ["chart.js", "chartjs-node-canvas", "canvas"],
    // commander and zod are CommonJS-free ESM-compatible here; a CommonJS dependency needs require.
    banner: { js: `import { createRequire as __lipvarRequire } from "node:module"; const require = __lipvarRequire(import.meta.url);` },
    sourcemap: false,
    legalComments: "inline",
    logLevel: "warning",
  });
} catch (e) {
  console.error(`lipvar: the CLI bundle failed: ${e.message}`);
  process.exit(1);
}
console.log(`lipvar: built dist/lipvar-cli/ (${readdirSync(outDir).length} modules)`);
