/**
 * What a worker module exports for `runChunks`: a handler for one task and an
 * optional one-time `init` whose result (typically a Wasm instance from
 * `createKernels()`) is passed to every task that worker runs. The same module
 * runs in a worker thread, a Web Worker, or in-process, so one code path
 * computes every result.
 *
 *     // src/experiments/variance-worker.ts
 *     export default defineChunkWorker({
 *       init: () => createKernels(),
 *       run: (task: VarianceTask, kernels) => varianceChunk(kernels, task),
 *     });
 *
 * A bare function default export (`export default (task) => result`) is also
 * accepted, for workers that need no set-up.
 */

export interface ChunkWorker<TTask, TResult, TContext = undefined> {
  /** Called once per worker (or once per process in-process) before its first task. */
  init?: () => TContext | Promise<TContext>;
  /** Computes one task. Must depend only on the task (and the context's pure state). */
  run: (task: TTask, context: TContext) => TResult | Promise<TResult>;
}

/** Identity helper that gives a worker module's default export its types. */
export function defineChunkWorker<TTask, TResult, TContext = undefined>(
  worker: ChunkWorker<TTask, TResult, TContext>,
): ChunkWorker<TTask, TResult, TContext> {
  return worker;
}

/** The task type a `ChunkWorker` accepts. */
export type ChunkTask<W> = W extends ChunkWorker<infer T, any, any> ? T : never;
/** The result type a `ChunkWorker` returns. */
export type ChunkResult<W> = W extends ChunkWorker<any, infer R, any> ? Awaited<R> : never;

/**
 * The worker described by a loaded module's default export. Throws a
 * TypeError naming the module when the export has the wrong shape.
 * (The thread bootstraps in threads.ts repeat this check in plain JavaScript.)
 */
export function chunkWorkerOf(module: unknown, moduleName: string): ChunkWorker<unknown, unknown, unknown> {
  const d = (module as { default?: unknown } | null)?.default;
  if (typeof d === "function") return { run: d as ChunkWorker<unknown, unknown, unknown>["run"] };
  if (d && typeof (d as ChunkWorker<unknown, unknown>).run === "function") return d as ChunkWorker<unknown, unknown, unknown>;
  throw new TypeError(`worker module ${moduleName} must export default a function or { init?, run }`);
}
