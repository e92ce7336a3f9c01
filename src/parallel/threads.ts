/**
 * The pool's view of one worker thread — Node worker_threads or a browser
 * Web Worker behind one small interface — and the messages it exchanges.
 * The spawners themselves are host code (src/host/node.ts, browser.ts);
 * the thread's side of the protocol is serve.ts.
 */

/** One task, sent to a thread that runs it after the ones it already holds (browser threads). */
export interface TaskMessage {
  index: number;
  task: unknown;
}

/**
 * A segment of the task list — tasks offset … offset + tasks.length − 1 of
 * `total` — and the shared counter every worker claims task indices from
 * with Atomics.add (Node). The first segment starts the thread claiming; the
 * pool sends later segments ahead of the claims, so a thread rarely waits
 * for one and never holds the whole list.
 */
export interface QueueMessage {
  queue: { claim: Int32Array; total: number; offset: number; tasks: readonly unknown[] };
}

export type PoolMessage = TaskMessage | QueueMessage;

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
  send(message: PoolMessage): void;
  /** Stop the thread; resolves when it is gone. Safe to call more than once. */
  terminate(): Promise<void>;
}

/** Where a worker module is, and whether Node threads need help to load it. */
export interface ResolvedWorkerModule {
  /** The module to import. */
  url: URL;
  /** Loader hooks a Node thread must register first (TypeScript source), else undefined. */
  hooksUrl?: URL;
}

/**
 * Start one thread serving `module`. In a browser, `createWorker` (when
 * given) makes the Web Worker — the form bundlers understand,
 * `new Worker(new URL("./x.js", import.meta.url), { type: "module" })` —
 * else the module URL itself is started as a module Web Worker (it must
 * serve itself with `serveWebWorker`). Node ignores `createWorker`.
 */
export type SpawnThread = (module: ResolvedWorkerModule, events: ThreadEvents, createWorker?: () => Worker) => Thread;
