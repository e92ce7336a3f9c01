/**
 * Test worker for the pool: task i seeds RNG stream `index` of `seed` with
 * the Wasm module's own generator and sums `count` uniforms — deterministic
 * work whose result depends only on the task. Reports the thread it ran on,
 * so tests can tell that threads were really used.
 */
import { isMainThread, threadId } from "node:worker_threads";
import { defineChunkWorker } from "../../src/parallel/index.js";
import { createKernels, type Kernels } from "../../src/wasm/index.js";

export interface UniformSumTask {
  seed: number;
  index: number;
  count: number;
  /** When set, the task throws a RangeError with this message (error propagation tests). */
  fail?: string;
  /** When set, a task run in the calling thread first blocks it (a synchronous busy wait, like a long Wasm call) for this many ms. */
  blockMainMs?: number;
  /**
   * A shared counter (SharedArrayBuffer) of tasks finished on worker threads,
   * and how many a task run in the calling thread waits for, blocking it (a
   * synchronous busy wait, like a long Wasm call; 30 s at most). Makes the
   * tests' division of work independent of how fast a thread starts.
   */
  threadTasks?: Int32Array;
  waitForThreadTasks?: number;
}

export interface UniformSumResult {
  index: number;
  sum: number;
  /** The first uniform drawn, bit for bit. */
  first: number;
  thread: number;
}

export default defineChunkWorker({
  init: () => createKernels(),
  run: (task: UniformSumTask, kernels: Kernels): UniformSumResult => {
    if (task.fail) throw new RangeError(task.fail);
    if (task.blockMainMs && isMainThread) {
      const until = performance.now() + task.blockMainMs;
      while (performance.now() < until);
    }
    if (task.threadTasks && isMainThread) {
      const until = performance.now() + 30_000;
      while (Atomics.load(task.threadTasks, 0) < (task.waitForThreadTasks ?? 0) && performance.now() < until);
    }
    kernels.seed({ seed: task.seed, stream: task.index });
    const u = kernels.uniforms(task.count);
    let sum = 0;
    for (const x of u) sum += x;
    if (task.threadTasks && !isMainThread) Atomics.add(task.threadTasks, 0, 1);
    return { index: task.index, sum, first: u[0], thread: threadId };
  },
});
