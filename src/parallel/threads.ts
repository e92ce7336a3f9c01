/**
 * One worker thread running a chunk-worker module: Node worker_threads or a
 * browser Web Worker behind one small interface. Each thread is started by an
 * inline bootstrap (no separate bootstrap file to locate or compile) that
 * imports the worker module, runs its `init` once, and then answers
 * `{ index, task }` messages one at a time with `{ index, result }` or
 * `{ index, error }`. worker_threads is imported dynamically and only under
 * Node, so the browser path has no `node:` import.
 */
import { isNode } from "./runtime.js";
import type { ResolvedWorkerModule } from "./resolve-module.js";

export interface TaskMessage {
  index: number;
  task: unknown;
}

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
}

export type ReplyMessage = { index: number; result: unknown } | { index: number; error: SerializedError };

export interface ThreadEvents {
  onReply(reply: ReplyMessage): void;
  /** The thread died outside a task (uncaught error, unexpected exit, bootstrap failure). */
  onFailure(error: Error): void;
}

export interface Thread {
  send(message: TaskMessage): void;
  /** Stop the thread; resolves when it is gone. Safe to call more than once. */
  terminate(): Promise<void>;
}

export type SpawnThread = (module: ResolvedWorkerModule, events: ThreadEvents) => Thread;

// The worker side, shared by both bootstraps: `load` imports the module.
// The pool may queue a second task before the first is answered; tasks run
// strictly one after another in arrival order (a chain of promises), after
// init, so no message is lost while loading and an async run never overlaps
// the next one on the shared Wasm instance.
const WORKER_SIDE = `
const serialize = (e) => ({
  name: e && e.name ? String(e.name) : "Error",
  message: e && e.message !== undefined ? String(e.message) : String(e),
  stack: e && e.stack ? String(e.stack) : undefined,
});
const setUp = (async () => {
  const mod = await load();
  const d = mod && mod.default;
  const worker = typeof d === "function" ? { run: d } : d;
  if (!worker || typeof worker.run !== "function") {
    throw new TypeError("worker module " + MODULE_URL + " must export default a function or { init?, run }");
  }
  const context = worker.init ? await worker.init() : undefined;
  return { worker, context };
})();
setUp.catch(() => {}); // reported with the first task
let queue = Promise.resolve();
const handle = (message, reply) => {
  queue = queue.then(() => runTask(message, reply));
};
const runTask = async (message, reply) => {
  try {
    const { worker, context } = await setUp;
    const result = await worker.run(message.task, context);
    reply({ index: message.index, result });
  } catch (e) {
    reply({ index: message.index, error: serialize(e) });
  }
};
`;

function nodeBootstrap(): string {
  // Only import(): the eval'd code runs as CommonJS or, when the process has
  // --input-type=module, as ESM — and must work as either.
  return `
(async () => {
const { parentPort, workerData } = await import("node:worker_threads");
const MODULE_URL = workerData.moduleUrl;
const load = async () => {
  if (workerData.hooksUrl) (await import("node:module")).register(workerData.hooksUrl);
  return import(MODULE_URL);
};
${WORKER_SIDE}
parentPort.on("message", (m) => handle(m, (r) => {
  try { parentPort.postMessage(r); }
  catch (e) { parentPort.postMessage({ index: r.index, error: serialize(e) }); }
}));
})();
`;
}

function browserBootstrap(moduleUrl: string): string {
  return `
const MODULE_URL = ${JSON.stringify(moduleUrl)};
const load = () => import(MODULE_URL);
${WORKER_SIDE}
self.onmessage = (event) => handle(event.data, (r) => {
  try { self.postMessage(r); }
  catch (e) { self.postMessage({ index: r.index, error: serialize(e) }); }
});
`;
}

/** The thread factory for this runtime. */
export async function threadSpawner(): Promise<SpawnThread> {
  if (isNode()) {
    const { Worker } = await import("node:worker_threads");
    return (module, events) => {
      const worker = new Worker(nodeBootstrap(), {
        eval: true,
        workerData: { moduleUrl: module.url.href, hooksUrl: module.hooksUrl?.href },
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
  }
  const WorkerCtor = (globalThis as { Worker?: typeof Worker }).Worker;
  if (!WorkerCtor) throw new Error("this runtime has neither worker_threads nor Web Workers; use workers: 1");
  return (module, events) => {
    const blobUrl = URL.createObjectURL(new Blob([browserBootstrap(module.url.href)], { type: "text/javascript" }));
    const worker = new WorkerCtor(blobUrl, { type: "module" });
    let terminated = false;
    worker.onmessage = (e: MessageEvent<ReplyMessage>) => events.onReply(e.data);
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      events.onFailure(new Error(e.message || `worker for ${module.url.href} failed to start`));
    };
    return {
      send: (message) => worker.postMessage(message),
      terminate: async () => {
        if (terminated) return;
        terminated = true;
        worker.terminate();
        URL.revokeObjectURL(blobUrl);
      },
    };
  };
}
