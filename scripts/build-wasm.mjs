// Compiles assembly/ into the Wasm builds the loader chooses among:
//   build/lipvar.wasm          baseline MVP (+ bulk memory etc.), any engine
//   build/lipvar-simd.wasm     128-bit SIMD
//   build/lipvar-relaxed.wasm  SIMD + relaxed SIMD (fused multiply-add)
//   build/lipvar-debug.wasm    baseline with assertions and debug info
// Skips the work when every output is newer than every source (--force to redo).
import asc from "assemblyscript/asc";
import { readdirSync, statSync, mkdirSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const sources = readdirSync(join(root, "assembly"), { recursive: true })
  .filter((f) => String(f).endsWith(".ts"))
  .map((f) => join(root, "assembly", String(f)));

const common = ["assembly/index.ts", "--exportStart", "_initialize", "--runtime", "incremental", "--initialMemory", "32"];
const builds = [
  { out: "build/lipvar.wasm", flags: ["-O3", "--noAssert"] },
  { out: "build/lipvar-simd.wasm", flags: ["-O3", "--noAssert", "--enable", "simd"] },
  { out: "build/lipvar-relaxed.wasm", flags: ["-O3", "--noAssert", "--enable", "simd", "--enable", "relaxed-simd"] },
  { out: "build/lipvar-debug.wasm", flags: ["--debug", "--sourceMap"] },
];

const force = process.argv.includes("--force");
const newestSource = Math.max(...sources.map((f) => statSync(f).mtimeMs), statSync(fileURLToPath(import.meta.url)).mtimeMs);
mkdirSync(join(root, "build"), { recursive: true });

for (const b of builds) {
  const out = join(root, b.out);
  if (!force && existsSync(out) && statSync(out).mtimeMs > newestSource) continue;
  const { error } = await asc.main([...common, ...b.flags, "--outFile", b.out], { stdout: process.stdout, stderr: process.stderr });
  if (error) {
    console.error(`lipvar: Wasm build ${b.out} failed: ${error.message}`);
    process.exit(1);
  }
  console.log(`lipvar: built ${b.out}`);
}
