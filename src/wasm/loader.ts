/**
 * Loads the lipvar Wasm module in Node or in a browser and picks the best
 * build this engine runs: relaxed SIMD, else SIMD, else the baseline.
 * Instantiation goes through @assemblyscript/loader (the compiler's own
 * loader: it supplies the `env` imports — abort with the message decoded
 * from memory, trace, seed — and the memory helpers); the kernels are then
 * called through the instance's raw exports, which skip the loader's
 * per-call argument-count wrapper. Reading the bytes is host code
 * (src/host/): Node reads `file:` URLs from disk, a browser fetches.
 */
import { instantiate, instantiateSync } from "@assemblyscript/loader";
import { host } from "#host";
import { detectFeatures } from "./features.js";
import type { RawExports } from "./exports.js";

export type BuildName = "baseline" | "simd" | "relaxed" | "debug";

export const BUILD_NAMES: readonly BuildName[] = ["baseline", "simd", "relaxed", "debug"];

export const BUILD_FILES: Record<BuildName, string> = {
  baseline: "lipvar.wasm",
  simd: "lipvar-simd.wasm",
  relaxed: "lipvar-relaxed.wasm",
  debug: "lipvar-debug.wasm",
};

export interface LoadOptions {
  /** Which build to load; "auto" (default) chooses by feature detection. */
  build?: BuildName | "auto";
  /** The module's bytes, when the host already has them (then `build` only names them). */
  bytes?: BufferSource;
  /**
   * The folder holding the build files (a URL; relative strings resolve
   * against the page). Default: Node — the package's build/; browser — next
   * to the module that loads them (the bundle).
   */
  baseUrl?: string | URL;
}

/** The build "auto" resolves to on this engine. */
export function bestBuild(): BuildName {
  const f = detectFeatures();
  return f.relaxedSimd ? "relaxed" : f.simd ? "simd" : "baseline";
}

/** Throws a RangeError unless `build` is a build name or "auto". */
export function checkBuild(build: unknown): BuildName | "auto" {
  if (build === "auto" || BUILD_NAMES.includes(build as BuildName)) return build as BuildName | "auto";
  throw new RangeError(`build must be one of auto, ${BUILD_NAMES.join(", ")}; got '${String(build)}'`);
}

/** The URL of one build's file. */
export function buildUrl(build: BuildName, baseUrl?: string | URL): URL {
  const base = baseUrl === undefined ? host.defaultWasmBase() : host.absoluteUrl(baseUrl);
  return new URL(BUILD_FILES[build], base.href.endsWith("/") ? base : new URL(`${base.href}/`));
}

/** Instantiate one copy of the module (each worker holds its own). */
export async function instantiateLipvar(options: LoadOptions = {}): Promise<{ exports: RawExports; build: BuildName }> {
  const requested = checkBuild(options.build ?? "auto");
  if (requested === "auto" || requested === "relaxed") await host.optInRelaxedSimd();
  const build: BuildName = requested === "auto" ? bestBuild() : requested;
  const bytes = options.bytes ?? (await host.readBytes(buildUrl(build, options.baseUrl)));
  let decode: (ptr: number) => string = () => "";
  const imports = {
    env: {
      abort(msg: number, file: number, line: number, col: number) {
        throw new Error(`lipvar wasm abort: ${decode(msg)} at ${decode(file)}:${line}:${col}`);
      },
    },
  };
  // Node: compile, then instantiate the compiled module synchronously — the
  // loader's async instantiate asks `typeof Response`, which makes Node load
  // its whole fetch implementation (undici, ~16 ms of a short command's
  // start-up). A page keeps the async path (Chrome refuses large synchronous
  // instantiation on its main thread).
  const { instance, exports: helpers } =
    host.kind === "node" ? instantiateSync<Record<string, unknown>>(await WebAssembly.compile(bytes), imports) : await instantiate<Record<string, unknown>>(bytes, imports);
  decode = (ptr) => (ptr ? helpers.__getString(ptr) : "");
  const exports = instance.exports as unknown as RawExports;
  exports._initialize?.();
  return { exports, build };
}
