/**
 * Runs experiment tasks on the deterministic pool with the shared worker
 * module, and reads which Wasm build ran them.
 */
import { runChunks } from "../parallel/pool.js";
import { availableCores } from "../parallel/cores.js";
import type { ExperimentTask, ExperimentTaskResult } from "./kernel-worker.js";
import { checkWorkers } from "./config.js";

export const KERNEL_WORKER = new URL("./kernel-worker.js", import.meta.url);

/** Called with (done, total) tasks as they finish; for progress bars only. */
export type ProgressCallback = (done: number, total: number) => void;

/** Options every experiment accepts besides its config: nothing here changes the numbers. */
export interface RunOptions {
  onProgress?: ProgressCallback;
}

/** Resolve the worker count: the given integer ≥ 1, or the available cores. */
export async function resolveWorkers(workers: number | undefined): Promise<number> {
  return workers === undefined ? await availableCores() : checkWorkers(workers);
}

/** Run tasks in order-preserving parallel; results come back in task order. */
export async function runExperimentTasks<R extends ExperimentTaskResult>(tasks: ExperimentTask[], workers: number, onProgress?: ProgressCallback): Promise<R[]> {
  return runChunks<ExperimentTask, R>({ workerModule: KERNEL_WORKER, tasks, workers, onProgress });
}
