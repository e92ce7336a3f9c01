/**
 * The Node host (see host.ts): files from disk, worker_threads, the cores
 * this process may use, and the relaxed-SIMD opt-in of Node 20.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import os from "node:os";
import { fileURLToPath } from "node:url";
import v8 from "node:v8";
import { Worker } from "node:worker_threads";
import type { ReplyMessage } from "../parallel/threads.js";
import { detectFeatures } from "../wasm/features.js";
import { fetchBytes, workerModuleUrl, type Host } from "./host.js";

const TS_EXTENSION = /\.(ts|mts|cts)$/;

/** The hooks file sits at the repository root's scripts/, two levels above src/host and dist/host. */
export const TS_WORKER_HOOKS_URL = new URL("../../scripts/ts-worker-hooks.mjs", import.meta.url);
/** The thread's main module (the pool protocol over parentPort). */
const NODE_THREAD_URL = new URL("../parallel/node-thread.js", import.meta.url);

/**
 * Modules name their worker the way compiled code finds it:
 * `new URL("./x-worker.js", import.meta.url)`. From dist/ that file exists.
 * From source (vitest runs the .ts files) only `x-worker.ts` exists: we load
 * that instead, and because Node 20's worker threads cannot load TypeScript,
 * each thread first registers the development hooks in
 * scripts/ts-worker-hooks.mjs. Installed packages never take this path.
 */
async function resolveWorkerModule(workerModule: URL | string) {
  let url = workerModuleUrl(workerModule);
  if (url.protocol !== "file:") return { url };
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

// Only import(): the eval'd code runs as CommonJS or, when the process has
// --input-type=module, as ESM — and must work as either.
const BOOTSTRAP = `
(async () => {
  const { workerData } = await import("node:worker_threads");
  if (workerData.hooksUrl) (await import("node:module")).register(workerData.hooksUrl);
  await import(workerData.threadUrl);
})();
`;

export const host: Host = {
  kind: "node",
  // dist/host/node.js and src/host/node.ts both sit two levels below the package root.
  defaultWasmBase: () => new URL("../../build/", import.meta.url),
  absoluteUrl: (url) => new URL(String(url)),
  async readBytes(url) {
    if (url.protocol !== "file:") return fetchBytes(url);
    const buf = await readFile(url);
    return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  },
  async availableCores() {
    const n = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
    return Math.max(1, n || 1);
  },
  /**
   * Node 20 runs relaxed SIMD (fused multiply-add, about 1.9× faster GEMM)
   * only behind a V8 flag; with LIPVAR_RELAXED_SIMD=1 lipvar sets it before
   * compiling. Off by default: the flag is experimental on Node 20, and FMA
   * changes the last bits of GEMM results. Node >= 22 needs nothing.
   */
  async optInRelaxedSimd() {
    if (process.env.LIPVAR_RELAXED_SIMD !== "1" || detectFeatures().relaxedSimd) return;
    v8.setFlagsFromString("--experimental-wasm-relaxed-simd");
  },
  resolveWorkerModule,
  async threadSpawner() {
    const main = await resolveWorkerModule(NODE_THREAD_URL);
    return (module, events) => {
      const worker = new Worker(BOOTSTRAP, {
        eval: true,
        workerData: { moduleUrl: module.url.href, threadUrl: main.url.href, hooksUrl: (module.hooksUrl ?? main.hooksUrl)?.href },
      });
      let terminating = false;
      worker.on("message", (m: ReplyMessage) => events.onReply(m));
      worker.on("error", (e: Error) => events.onFailure(e));
      worker.on("exit", (code) => {
        if (!terminating) events.onFailure(new Error(`worker for ${module.url.href} exited unexpectedly with code ${code}`));
      });
      return {
        send: (message) => worker.postMessage(message),
        terminate: async () => {
          if (terminating) return;
          terminating = true;
          await worker.terminate();
        },
      };
    };
  },
};
