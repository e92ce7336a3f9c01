/**
 * What lipvar needs from the JavaScript host, in one interface with two
 * implementations chosen at module resolution time, never at run time:
 * the package's `imports` field maps `#host` to `dist/host/node.js` under
 * the `node` condition and to `dist/host/browser.js` otherwise, so a
 * browser bundle never reaches a `node:` import (the only other `node:`
 * imports are in the CLI, the report and the check suites, which the
 * library entry does not import).
 */
import type { ResolvedWorkerModule, SpawnThread } from "../parallel/threads.js";

export interface Host {
  readonly kind: "node" | "browser";
  /** The folder the Wasm builds are looked up in when no `wasmBaseUrl` is given. */
  defaultWasmBase(): URL;
  /** Resolve a possibly relative URL string against the page (browser) or take it as is. */
  absoluteUrl(url: string | URL): URL;
  /** The bytes at `url` (Node: `file:` URLs from disk, others by fetch). */
  readBytes(url: URL): Promise<ArrayBuffer>;
  /** The number of cores available to this process (at least 1). */
  availableCores(): Promise<number>;
  /** Node 20: set V8's relaxed-SIMD flag when LIPVAR_RELAXED_SIMD=1 asks for it; elsewhere nothing. */
  optInRelaxedSimd(): Promise<void>;
  /** Where a worker module really is (see src/parallel/README.md). */
  resolveWorkerModule(workerModule: URL | string): Promise<ResolvedWorkerModule>;
  /** The thread factory of this host. */
  threadSpawner(): Promise<SpawnThread>;
}

/** Parse a worker module reference; a RangeError names the expected form. */
export function workerModuleUrl(workerModule: URL | string, base?: string): URL {
  try {
    return new URL(String(workerModule), base);
  } catch {
    throw new RangeError(`workerModule must be an absolute URL (e.g. new URL("./x-worker.js", import.meta.url)), got '${workerModule}'`);
  }
}

export async function fetchBytes(url: URL): Promise<ArrayBuffer> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`lipvar: could not fetch ${url.href}: HTTP ${res.status}`);
  return res.arrayBuffer();
}
