/**
 * Loads the lipvar Wasm module in Node or in a browser and picks the best
 * build this engine runs: relaxed SIMD, else SIMD, else the baseline.
 * No Node-only module is imported on the browser path: Node's file system is
 * reached through a dynamic import only when running under Node.
 */
import { detectFeatures } from "./features.js";
import type { RawExports } from "./exports.js";

export type BuildName = "baseline" | "simd" | "relaxed" | "debug";

export const BUILD_FILES: Record<BuildName, string> = {
  baseline: "lipvar.wasm",
  simd: "lipvar-simd.wasm",
  relaxed: "lipvar-relaxed.wasm",
  debug: "lipvar-debug.wasm",
};

export interface LoadOptions {
  /** Which build to load; "auto" (default) chooses by feature detection. */
  build?: BuildName | "auto";
  /** The module's bytes, when the host already has them (browser bundlers). */
  bytes?: BufferSource;
  /** Where the build files are (a URL of the folder); default: the package's build/. */
  baseUrl?: string | URL;
}

/** The build "auto" resolves to on this engine. */
export function bestBuild(): BuildName {
  const f = detectFeatures();
  return f.relaxedSimd ? "relaxed" : f.simd ? "simd" : "baseline";
}

function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === "string";
}

function defaultBaseUrl(): URL {
  // dist/wasm/loader.js and src/wasm/loader.ts both sit two levels below the root.
  return new URL("../../build/", import.meta.url);
}

async function fetchBytes(url: URL): Promise<ArrayBuffer> {
  if (isNode() && url.protocol === "file:") {
    const fs = await import("node:fs/promises");
    const buf = await fs.readFile(url);
    return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  }
  const res = await fetch(url);
  if (!res.ok) throw new Error(`lipvar: could not fetch ${url.href}: HTTP ${res.status}`);
  return res.arrayBuffer();
}

function readAbortString(memory: WebAssembly.Memory, ptr: number): string {
  if (!ptr) return "";
  const bytes = new Uint32Array(memory.buffer, ptr - 4, 1)[0];
  return String.fromCharCode(...new Uint16Array(memory.buffer, ptr, bytes >>> 1));
}

/**
 * Node 20 runs relaxed SIMD (fused multiply-add, about 1.9× faster GEMM) only
 * behind a V8 flag. With LIPVAR_RELAXED_SIMD=1 in the environment, lipvar sets
 * that flag at run time before compiling, so "auto" picks the relaxed build.
 * Off by default: the flag is experimental on Node 20, and FMA changes the
 * last bits of GEMM results. Node >= 22 needs nothing (detected as supported).
 */
async function optInRelaxedSimd(): Promise<void> {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  if (!isNode() || env?.LIPVAR_RELAXED_SIMD !== "1" || detectFeatures().relaxedSimd) return;
  const v8 = await import("node:v8");
  v8.setFlagsFromString("--experimental-wasm-relaxed-simd");
}

/** Instantiate one copy of the module (each worker holds its own). */
export async function instantiateLipvar(options: LoadOptions = {}): Promise<{ exports: RawExports; build: BuildName }> {
  const requested = options.build ?? "auto";
  if (requested === "auto" || requested === "relaxed") await optInRelaxedSimd();
  const build: BuildName = requested === "auto" ? bestBuild() : requested;
  const bytes = options.bytes ?? (await fetchBytes(new URL(BUILD_FILES[build], options.baseUrl ?? defaultBaseUrl())));
  let memory: WebAssembly.Memory | undefined;
  const imports = {
    env: {
      abort(msg: number, file: number, line: number, col: number) {
        const m = memory ? readAbortString(memory, msg) : "";
        const f = memory ? readAbortString(memory, file) : "";
        throw new Error(`lipvar wasm abort: ${m} at ${f}:${line}:${col}`);
      },
      seed: () => Date.now(),
      trace: () => {},
    },
  };
  const { instance } = await WebAssembly.instantiate(bytes, imports);
  const exports = instance.exports as unknown as RawExports;
  memory = exports.memory;
  exports._initialize?.();
  return { exports, build };
}
