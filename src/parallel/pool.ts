/**
 * A deterministic worker pool: `runChunks` runs every task of a list through
 * a worker module and returns the results in task order, whichever worker
 * computed them. Determinism is the callers' contract — a task must carry
 * everything its result depends on (chunk i seeds RNG stream i) — and the
 * pool's: it never reorders, drops or splits tasks, so 1 worker or many give
 * identical results, and callers merge them in chunk order.
 *
 * Scheduling is dynamic (a free worker takes the next task): under Node
 * every worker claims tasks from a shared counter, the calling thread being
 * one of them; in a browser the page hands tasks to Web Workers, at most
 * two at a time each. `workers: 1` runs in the calling thread alone. Every worker runs
 * the same module with the same `init` and `run`, so the numbers are
 * bit-identical whoever computes a task.
 */
import { chunkWorkerOf, type ChunkWorker } from "./chunk-worker.js";
import { availableCores } from "./cores.js";
import type { ReplyMessage, ResolvedWorkerModule, SerializedError, Thread } from "./threads.js";
import { host } from "#host";

export interface RunChunksOptions<TTask> {
  /** The worker module (see chunk-worker.ts), e.g. `new URL("./x-worker.js", import.meta.url)`. */
  workerModule: URL | string;
  /** The tasks, each structured-cloneable; results come back in this order. */
  tasks: readonly TTask[];
  /** Worker count, an integer ≥ 1; default: the available cores. 1 runs in-process. */
  workers?: number;
  /** Called after each finished task with (tasks done, tasks total): exactly `total` times. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Browser only: how to start one Web Worker serving the module, written
   * the way bundlers understand, e.g. `() => new Worker(new URL("./x-web-worker.js",
   * import.meta.url), { type: "module" })` (see web-worker.ts). Without it
   * `workerModule` itself is started as a module Web Worker.
   */
  createWorker?: () => Worker;
  /**
   * Node: keep the calling thread free — every task runs on `workers`
   * threads (one thread for `workers: 1`), and the calling thread only
   * collects results. For long tasks (seconds and more): a task computed in
   * the calling thread blocks its event loop, so signal handlers, timers and
   * progress wait until it ends. Browsers always keep the page's thread free.
   */
  freeCallingThread?: boolean;
}

/** The error a failed task rejects the run with: the task's own message, and which task. */
export type TaskFailure = Error & { taskIndex: number };

/**
 * Run `tasks` through `workerModule` on `workers` threads (default: available
 * cores; never more threads than tasks). Resolves to the results in task
 * order. The first failing task rejects the run with an error of the same
 * class (Error, RangeError, TypeError, …) and message, with `taskIndex` set;
 * all threads are terminated before the promise settles, either way.
 */
export async function runChunks<TTask, TResult>(options: RunChunksOptions<TTask>): Promise<TResult[]> {
  const { tasks, onProgress } = options;
  if (!Array.isArray(tasks)) throw new RangeError(`tasks must be an array, got ${typeof tasks}`);
  const requested = options.workers ?? (await availableCores());
  if (!Number.isInteger(requested) || requested < 1) {
    throw new RangeError(`workers must be an integer >= 1, got ${options.workers}`);
  }
  if (onProgress !== undefined && typeof onProgress !== "function") {
    throw new RangeError("onProgress must be a function (done, total) => void");
  }
  const module = await host.resolveWorkerModule(options.workerModule);
  if (tasks.length === 0) return [];
  const threads = Math.min(requested, tasks.length);
  // A browser never computes in the page's thread: one worker is one Web Worker.
  const computeHere = host.kind === "node" && options.freeCallingThread !== true;
  return threads === 1 && computeHere
    ? runInProcess<TTask, TResult>(module, tasks, onProgress)
    : runOnThreads<TTask, TResult>(module, tasks, threads, onProgress, options.createWorker, computeHere);
}

// One loaded worker (and its init context) per module, reused across runs in
// this thread: the Wasm instance is compiled once, as in a thread.
const inProcessWorkers = new Map<string, Promise<{ worker: ChunkWorker<unknown, unknown, unknown>; context: unknown }>>();

function loadInProcess(module: ResolvedWorkerModule) {
  const key = module.url.href;
  let loaded = inProcessWorkers.get(key);
  if (!loaded) {
    loaded = (async () => {
      const worker = chunkWorkerOf(await import(/* @vite-ignore */ key), key);
      const context = worker.init ? await worker.init() : undefined;
      return { worker, context };
    })();
    inProcessWorkers.set(key, loaded);
    loaded.catch(() => inProcessWorkers.delete(key)); // a failed load is retried next run
  }
  return loaded;
}

async function runInProcess<TTask, TResult>(
  module: ResolvedWorkerModule,
  tasks: readonly TTask[],
  onProgress: RunChunksOptions<TTask>["onProgress"],
): Promise<TResult[]> {
  const results: TResult[] = new Array(tasks.length);
  let index = 0;
  try {
    const { worker, context } = await loadInProcess(module);
    for (; index < tasks.length; index++) {
      results[index] = (await worker.run(tasks[index], context)) as TResult;
      onProgress?.(index + 1, tasks.length);
      // Let the event loop turn between tasks — signal handlers (Ctrl-C),
      // timers and I/O wait for it; awaiting a synchronous run does not.
      await yieldToEvents();
    }
  } catch (e) {
    throw withTaskIndex(e instanceof Error ? e : new Error(String(e)), index);
  }
  return results;
}

/** Tasks per segment of the list a Node thread claims from, and segments sent ahead of the claims. */
const SEGMENT_TASKS = 64;
const SEGMENTS_AHEAD = 3;

/** Tasks a browser thread holds at once: one running, one queued, so it never waits for the page to answer. */
const TASKS_PER_THREAD = 2;

/** Let queued events (thread replies) run between tasks computed in this thread. */
function yieldToEvents(): Promise<void> {
  const g = globalThis as { setImmediate?: (f: () => void) => void };
  return new Promise((resolve) => (g.setImmediate ? g.setImmediate(resolve) : setTimeout(resolve, 0)));
}

/**
 * `workerCount` workers. Under Node the calling thread is one of them, plus
 * workerCount − 1 threads (unless `computeHere` is false: then workerCount
 * threads), and every worker claims the next task from one
 * shared counter (Atomics.add on a SharedArrayBuffer; the threads get the
 * task list in segments, a few ahead of the claims): the calling thread starts on the first task at once while
 * the threads boot (~0.1 s), and a thread that finishes takes the next task
 * itself instead of waiting for the calling thread — busy in a synchronous
 * task — to send one. (Sending tasks one by one left a thread idle until the
 * calling thread's own task ended: 2 workers ran a 4-run training job only
 * 1.4× faster than 1.) In a browser, where computing in the page's thread
 * would freeze it, there are workerCount threads and the page, always free to
 * answer, sends each up to TASKS_PER_THREAD tasks at a time.
 */
async function runOnThreads<TTask, TResult>(
  module: ResolvedWorkerModule,
  tasks: readonly TTask[],
  workerCount: number,
  onProgress: RunChunksOptions<TTask>["onProgress"],
  createWorker: RunChunksOptions<TTask>["createWorker"],
  computeHere: boolean,
): Promise<TResult[]> {
  const spawn = await host.threadSpawner();
  const threadCount = computeHere ? workerCount - 1 : workerCount;
  const results: TResult[] = new Array(tasks.length);
  const threads: Thread[] = [];
  // Node: the shared counter of claimed task indices.
  const claim = host.kind === "node" ? new Int32Array(new SharedArrayBuffer(4)) : null;
  let nextTask = 0;
  let done = 0;
  let settled = false;

  return new Promise<TResult[]>((resolve, reject) => {
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      if (claim) Atomics.store(claim, 0, tasks.length); // no one starts another task
      void Promise.allSettled(threads.map((t) => t.terminate())).then(() => (error ? reject(error) : resolve(results)));
    };
    const finished = (index: number, result: TResult) => {
      results[index] = result;
      done++;
      try {
        onProgress?.(done, tasks.length);
      } catch (e) {
        settle(e instanceof Error ? e : new Error(String(e)));
        return;
      }
      if (done === tasks.length) settle();
    };
    // Node: every thread gets the task list in segments of SEGMENT_TASKS, sent
    // SEGMENTS_AHEAD segments beyond the claims, topped up after each reply
    // and each task of this thread.
    let sent = 0;
    const topUp = () => {
      if (!claim || settled) return;
      const claimed = Math.min(Atomics.load(claim, 0), tasks.length);
      const want = Math.min(tasks.length, (Math.floor(claimed / SEGMENT_TASKS) + SEGMENTS_AHEAD) * SEGMENT_TASKS);
      while (!settled && sent < want) {
        const offset = sent;
        const segment = tasks.slice(offset, offset + SEGMENT_TASKS);
        for (const thread of threads) {
          try {
            thread.send({ queue: { claim, total: tasks.length, offset, tasks: segment } });
          } catch (e) {
            // A task could not be cloned: name the first that cannot.
            settle(withTaskIndex(e instanceof Error ? e : new Error(String(e)), offset + firstUncloneable(segment)));
            return;
          }
        }
        sent = offset + segment.length;
      }
    };
    const outstanding = new Map<Thread, number>();
    // Browser: top a thread up to `depth` tasks — one at its start, two once
    // it runs, and one again near the end, so no thread is left holding a
    // queue while the others are idle.
    const feed = (thread: Thread, depth: number) => {
      const target = tasks.length - nextTask > workerCount ? depth : 1;
      while (!settled && nextTask < tasks.length && (outstanding.get(thread) ?? 0) < target) {
        const index = nextTask++;
        outstanding.set(thread, (outstanding.get(thread) ?? 0) + 1);
        try {
          thread.send({ index, task: tasks[index] });
        } catch (e) {
          // The task could not be cloned to the thread.
          settle(withTaskIndex(e instanceof Error ? e : new Error(String(e)), index));
        }
      }
    };
    try {
      for (let t = 0; t < threadCount; t++) {
        const thread = spawn(module, {
          onReply: (reply: ReplyMessage) => {
            if (settled) return;
            if ("error" in reply) return settle(deserializeError(reply.error, reply.index));
            finished(reply.index, reply.result as TResult);
            topUp();
            if (!claim) {
              outstanding.set(thread, (outstanding.get(thread) ?? 1) - 1);
              feed(thread, TASKS_PER_THREAD);
            }
          },
          onFailure: (error: Error) => settle(error),
        }, createWorker);
        threads.push(thread);
      }
      if (claim) {
        topUp();
      } else {
        for (const thread of threads) feed(thread, 1);
      }
    } catch (e) {
      settle(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    if (!computeHere || !claim) return;
    // This thread's share: claimed like the threads' (one task at a time),
    // yielding to the threads' replies in between.
    void (async () => {
      let index = -1;
      try {
        const { worker, context } = await loadInProcess(module);
        while (!settled && (index = Atomics.add(claim, 0, 1)) < tasks.length) {
          finished(index, (await worker.run(tasks[index], context)) as TResult);
          topUp();
          await yieldToEvents();
        }
      } catch (e) {
        settle(withTaskIndex(e instanceof Error ? e : new Error(String(e)), Math.max(index, 0)));
      }
    })();
  });
}

/** The index of the first task structuredClone refuses (0 when all clone). */
function firstUncloneable(tasks: readonly unknown[]): number {
  const i = tasks.findIndex((t) => {
    try {
      structuredClone(t);
      return false;
    } catch {
      return true;
    }
  });
  return Math.max(i, 0);
}

function withTaskIndex(error: Error, index: number): TaskFailure {
  return Object.assign(error, { taskIndex: index });
}

const ERROR_CLASSES: Record<string, new (message: string) => Error> = {
  RangeError,
  TypeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
};

/** Rebuild a worker's error in this thread: same class where standard, same message, the worker's stack. */
function deserializeError(e: SerializedError, index: number): TaskFailure {
  const Ctor = ERROR_CLASSES[e.name] ?? Error;
  const error = new Ctor(e.message);
  if (!(e.name in ERROR_CLASSES) && e.name !== "Error") error.name = e.name;
  if (e.stack) error.stack = e.stack;
  return withTaskIndex(error, index);
}
