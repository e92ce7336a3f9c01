// Compiles assembly/ into the Wasm builds the loader chooses among, one asc
// run per target of asconfig.json (the targets and their options live there):
//   baseline  build/lipvar.wasm          MVP (+ bulk memory etc.), any engine
//   simd      build/lipvar-simd.wasm     128-bit SIMD
//   relaxed   build/lipvar-relaxed.wasm  SIMD + relaxed SIMD (fused multiply-add)
//   debug     build/lipvar-debug.wasm    assertions and debug names (no source map: the
//                                        package would ship one that points nowhere)
// Skips a target whose output is newer than every source and asconfig.json
// (--force to redo). Same as `npx asc --config asconfig.json --target <name>`.
import asc from "assemblyscript/asc";
import { readdirSync, readFileSync, statSync, mkdirSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root); // asc resolves asconfig.json and its paths from the working directory
const configPath = join(root, "asconfig.json");
const config = JSON.parse(readFileSync(configPath, "utf8"));
const sources = readdirSync(join(root, "assembly"), { recursive: true })
  .filter((f) => String(f).endsWith(".ts"))
  .map((f) => join(root, "assembly", String(f)));

const force = process.argv.includes("--force");
const newestSource = Math.max(...[...sources, configPath, fileURLToPath(import.meta.url)].map((f) => statSync(f).mtimeMs));
mkdirSync(join(root, "build"), { recursive: true });

for (const [target, options] of Object.entries(config.targets)) {
  const out = join(root, options.outFile);
  if (!force && existsSync(out) && statSync(out).mtimeMs > newestSource) continue;
  const { error } = await asc.main(["--config", "asconfig.json", "--target", target], {
    stdout: process.stdout,
    stderr: process.stderr,
  });
  if (error) {
    console.error(`lipvar: Wasm build '${target}' (${options.outFile}) failed: ${error.message}`);
    process.exit(1);
  }
  console.log(`lipvar: built ${options.outFile} (target ${target})`);
}
