/**
 * Runs experiment tasks on the deterministic pool with the shared worker
 * module, and reads which Wasm build ran them.
 */
import { runChunks } from "../parallel/pool.js";
import { availableCores } from "../parallel/cores.js";
import { host } from "#host";
import { checkBuild, type BuildName } from "../wasm/loader.js";
import type { ExperimentTask, ExperimentTaskResult, WasmChoice } from "./kernel-worker.js";
import { checkWorkers } from "./config.js";

/** The worker module: imported by Node threads and in-process runs. */
export const KERNEL_WORKER = new URL("./kernel-worker.js", import.meta.url);

/**
 * Called with (done, total) units of work as they finish — tasks, or epochs
 * for training (runTrainRuns); for progress bars only. A run in phases (a
 * pilot that plans the main run: runWeightVarianceToPrecision,
 * runPreciseVariance) names the phase; `total` is then that phase's planned
 * count and `done` counts from 0 within it.
 */
export type ProgressCallback = (done: number, total: number, phase?: ProgressPhase) => void;

/** The phases of a planned run. */
export type ProgressPhase = "pilot" | "main";

/** `onProgress` for one phase of a run: (done, total) reported with that phase's name. */
export function phaseProgress(onProgress: ProgressCallback | undefined, phase: ProgressPhase): ProgressCallback | undefined {
  return onProgress && ((done, total) => onProgress(done, total, phase));
}

/** Options every experiment accepts besides its config. */
export interface RunOptions {
  onProgress?: ProgressCallback;
  /**
   * The Wasm build every worker loads (default "auto": the best this engine
   * runs). Forcing one makes results comparable bit for bit across engines
   * (Node, browsers); "relaxed" may differ from the others in the last bits
   * (fused multiply-add), the other builds agree exactly.
   */
  build?: BuildName | "auto";
  /** Browser: the folder holding the .wasm builds (default: next to the module that loads them). */
  wasmBaseUrl?: string | URL;
  /** Browser: the worker script (default: lipvar-worker.js next to this module, i.e. `lipvar/worker`). */
  workerUrl?: string | URL;
}

/** The options that choose the Wasm build and where it and the worker are, without the progress callback (for runs inside a run). */
export function wasmOptions(options: RunOptions): RunOptions {
  return { build: options.build, wasmBaseUrl: options.wasmBaseUrl, workerUrl: options.workerUrl };
}

/** Resolve the worker count: the given integer ≥ 1, or the available cores. */
export async function resolveWorkers(workers: number | undefined): Promise<number> {
  return workers === undefined ? await availableCores() : checkWorkers(workers);
}

/** The Web Worker for experiments, written the way bundlers recognise (they then bundle lipvar-worker.js themselves). */
function kernelWebWorker(workerUrl: string | URL | undefined): () => Worker {
  return workerUrl === undefined
    ? () => new Worker(new URL("./lipvar-worker.js", import.meta.url), { type: "module" })
    : () => new Worker(host.absoluteUrl(workerUrl), { type: "module" });
}

/** The Wasm choice sent with every task (undefined: the default build from the default place). */
function wasmChoice(options: RunOptions): WasmChoice | undefined {
  if (options.build === undefined && options.wasmBaseUrl === undefined) return undefined;
  return {
    build: checkBuild(options.build ?? "auto"),
    baseUrl: options.wasmBaseUrl === undefined ? undefined : host.absoluteUrl(options.wasmBaseUrl).href,
  };
}

/** Run tasks in order-preserving parallel; results come back in task order. */
export async function runExperimentTasks<R extends ExperimentTaskResult>(
  tasks: ExperimentTask[],
  workers: number,
  onProgress?: ProgressCallback,
  options: RunOptions = {},
  /** Long tasks (training runs): compute only on threads, keep the calling thread free (see runChunks). */
  freeCallingThread = false,
): Promise<R[]> {
  const wasm = wasmChoice(options);
  return runChunks<ExperimentTask, R>({
    workerModule: KERNEL_WORKER,
    tasks: wasm ? tasks.map((t) => ({ ...t, wasm })) : tasks,
    workers,
    onProgress,
    createWorker: kernelWebWorker(options.workerUrl),
    freeCallingThread,
  });
}
