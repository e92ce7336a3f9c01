/**
 * The thread's side of the pool protocol, shared by Node worker threads
 * (node-thread.ts) and browser Web Workers (web-worker.ts): load the worker
 * module, run its `init` once, then answer `{ index, task }` messages with
 * `{ index, result }` or `{ index, error }`. The pool may queue a second
 * task before the first is answered. `{ queue }` messages instead hand over
 * segments of the task list with a shared counter: the thread claims indices
 * with Atomics.add and answers each (waiting for a segment the pool has not
 * sent yet), until the counter passes the end (after a failure it moves the
 * counter to the end, so no one starts more work).
 * Either way tasks run strictly one after another (a chain of promises),
 * after init, so no message is lost while loading and an async run never
 * overlaps the next one on the shared Wasm instance.
 */
import { chunkWorkerOf } from "./chunk-worker.js";
import type { PoolMessage, ReplyMessage, SerializedError } from "./threads.js";

export function serializeError(e: unknown): SerializedError {
  const err = e as { name?: unknown; message?: unknown; stack?: unknown } | null | undefined;
  return {
    name: err?.name ? String(err.name) : "Error",
    message: err?.message !== undefined ? String(err.message) : String(e),
    stack: err?.stack ? String(err.stack) : undefined,
  };
}

/** A handler for task messages that replies through `reply` (a failed clone of the result is reported as the task's error). */
export function chunkTaskHandler(load: () => unknown, moduleName: string, reply: (r: ReplyMessage) => void): (message: PoolMessage) => void {
  const setUp = (async () => {
    const worker = chunkWorkerOf(await load(), moduleName);
    const context = worker.init ? await worker.init() : undefined;
    return { worker, context };
  })();
  setUp.catch(() => {}); // reported with the first task
  const send = (r: ReplyMessage) => {
    try {
      reply(r);
    } catch (e) {
      reply({ index: r.index, error: serializeError(e) });
    }
  };
  /** Run one task and answer it; false when it failed. */
  const runOne = async (index: number, task: unknown): Promise<boolean> => {
    try {
      const { worker, context } = await setUp;
      send({ index, result: await worker.run(task, context) });
      return true;
    } catch (e) {
      send({ index, error: serializeError(e) });
      return false;
    }
  };
  let queue = Promise.resolve();
  // Claimed tasks (Node): segments of the task list as they arrive, oldest first.
  const segments: { offset: number; tasks: readonly unknown[] }[] = [];
  let arrived: (() => void) | null = null;
  let claiming = false;
  /** Task `index`, waiting for its segment if it has not arrived yet. */
  const taskAt = async (index: number): Promise<unknown> => {
    for (;;) {
      // Claims only grow, so segments wholly before this one are done with.
      while (segments.length > 0 && segments[0].offset + segments[0].tasks.length <= index) segments.shift();
      const segment = segments.find((g) => index >= g.offset && index < g.offset + g.tasks.length);
      if (segment) return segment.tasks[index - segment.offset];
      await new Promise<void>((resolve) => (arrived = resolve));
    }
  };
  return (message) => {
    if (!("queue" in message)) {
      queue = queue.then(async () => {
        await runOne(message.index, message.task);
      });
      return;
    }
    // A segment is stored at once (not behind the running tasks, which may be waiting for it).
    const { claim, total, offset, tasks } = message.queue;
    segments.push({ offset, tasks });
    const wake = arrived;
    arrived = null;
    wake?.();
    if (claiming) return;
    claiming = true;
    queue = queue.then(async () => {
      for (;;) {
        const index = Atomics.add(claim, 0, 1);
        if (index >= total) return;
        if (!(await runOne(index, await taskAt(index)))) {
          Atomics.store(claim, 0, total);
          return;
        }
      }
    });
  };
}
