/**
 * Where a worker module really is, and whether threads need help to load it.
 *
 * Modules name their worker the way compiled code finds it:
 * `new URL("./variance-worker.js", import.meta.url)`. Running from dist/
 * that file exists and loads as is. Running from source (vitest runs the .ts
 * files directly) only `variance-worker.ts` exists: we load that instead, and
 * because Node 20's worker threads cannot load TypeScript, each thread first
 * registers the development loader hooks in scripts/ts-worker-hooks.mjs
 * (TypeScript's own `transpileModule`, plus `.js` → `.ts` resolution for the
 * relative imports). That keeps tests on the current source — never on a
 * stale dist/ — with no build step. Installed packages run from dist/ and
 * never take this path.
 */
import { isNode } from "./runtime.js";

export interface ResolvedWorkerModule {
  /** The module to import. */
  url: URL;
  /** Loader hooks a Node thread must register first (TypeScript source), else undefined. */
  hooksUrl?: URL;
}

const TS_EXTENSION = /\.(ts|mts|cts)$/;

/** The hooks file sits at the repository root's scripts/, two levels above src/parallel and dist/parallel. */
export const TS_WORKER_HOOKS_URL = new URL("../../scripts/ts-worker-hooks.mjs", import.meta.url);

/**
 * Resolve `workerModule` (a URL or an absolute URL string) to the module to load.
 * Throws a RangeError when neither the file nor its TypeScript source exists.
 */
export async function resolveWorkerModule(workerModule: URL | string): Promise<ResolvedWorkerModule> {
  let url: URL;
  try {
    url = new URL(String(workerModule));
  } catch {
    throw new RangeError(`workerModule must be an absolute URL (e.g. new URL("./x-worker.js", import.meta.url)), got '${workerModule}'`);
  }
  if (!isNode() || url.protocol !== "file:") return { url };

  const { existsSync } = await import("node:fs");
  const { fileURLToPath } = await import("node:url");
  if (!existsSync(fileURLToPath(url))) {
    const source = url.pathname.endsWith(".js") ? new URL(url.href.replace(/\.js(?=$|[?#])/, ".ts")) : undefined;
    if (!source || !existsSync(fileURLToPath(source))) {
      throw new RangeError(`workerModule ${url.href} does not exist${source ? ` (nor does its source ${source.pathname})` : ""}`);
    }
    url = source;
  }
  if (!TS_EXTENSION.test(url.pathname)) return { url };
  if (!existsSync(fileURLToPath(TS_WORKER_HOOKS_URL))) {
    throw new RangeError(
      `workerModule ${url.href} is TypeScript source; loading it in worker threads needs ${TS_WORKER_HOOKS_URL.pathname} (a development checkout) — use the compiled dist/ module instead`,
    );
  }
  return { url, hooksUrl: TS_WORKER_HOOKS_URL };
}
