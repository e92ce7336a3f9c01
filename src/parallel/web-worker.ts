/**
 * Serve a chunk worker from a browser Web Worker: the worker script is a
 * module that imports its ChunkWorker and calls `serveWebWorker` —
 *
 *     // my-worker.ts, started as new Worker(new URL("./my-worker.js", import.meta.url), { type: "module" })
 *     import myWorker from "./my-chunk-worker.js";
 *     serveWebWorker(myWorker, "my-worker");
 *
 * Outside a Web Worker (a page that merely imports the file) it does nothing.
 */
import type { ChunkWorker } from "./chunk-worker.js";
import { chunkTaskHandler } from "./serve.js";
import type { PoolMessage } from "./threads.js";

interface WorkerScope {
  postMessage(message: unknown): void;
  onmessage: ((event: { data: PoolMessage }) => void) | null;
}

/** True inside a dedicated or shared Web Worker. */
export function inWebWorker(): boolean {
  const g = globalThis as { WorkerGlobalScope?: abstract new () => unknown };
  return typeof g.WorkerGlobalScope === "function" && globalThis instanceof g.WorkerGlobalScope;
}

export function serveWebWorker<T, R, C>(worker: ChunkWorker<T, R, C>, name: string): void {
  if (!inWebWorker()) return;
  const scope = globalThis as unknown as WorkerScope;
  const handle = chunkTaskHandler(() => ({ default: worker }), name, (r) => scope.postMessage(r));
  scope.onmessage = (event) => handle(event.data);
}
