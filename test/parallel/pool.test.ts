import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runChunks, availableCores, type TaskFailure } from "../../src/parallel/index.js";
import type { UniformSumResult, UniformSumTask } from "./uniform-sum-worker.js";

// Named as compiled code names its worker (.js); the pool finds the .ts source.
const sumWorker = new URL("./uniform-sum-worker.js", import.meta.url);
const tasks = (n: number, extra: Partial<UniformSumTask>[] = []): UniformSumTask[] =>
  Array.from({ length: n }, (_, index) => ({ seed: 2024, index, count: 10_000, ...extra[index] }));

describe("runChunks", () => {
  it("gives identical results, in task order, with 1 worker (in-process) and 2 workers (this thread and a worker thread)", async () => {
    // A task in the calling thread waits until the worker thread has finished one, so both take part.
    const gate = new Int32Array(new SharedArrayBuffer(4));
    const list = tasks(9).map((t) => ({ ...t, threadTasks: gate, waitForThreadTasks: 1 }));
    const one = await runChunks<UniformSumTask, UniformSumResult>({ workerModule: sumWorker, tasks: list.map(({ threadTasks: _, ...t }) => t), workers: 1 });
    const two = await runChunks<UniformSumTask, UniformSumResult>({ workerModule: sumWorker, tasks: list, workers: 2 });
    expect(one.map((r) => r.index)).toEqual(list.map((t) => t.index));
    expect(two.map((r) => r.index)).toEqual(list.map((t) => t.index));
    // Bit-identical: compare the numbers exactly, not approximately.
    expect(two.map((r) => [r.sum, r.first])).toEqual(one.map((r) => [r.sum, r.first]));
    // Each sum of 10^4 uniforms is near 5000 (sd = sqrt(10^4/12) ≈ 29; allow 6 sd)
    for (const r of one) expect(Math.abs(r.sum - 5000)).toBeLessThan(6 * Math.sqrt(10_000 / 12));
    // Different streams give different numbers.
    expect(new Set(one.map((r) => r.first)).size).toBe(list.length);
    // In-process really ran on the main thread; 2 workers under Node are the
    // calling thread (id 0) and one worker thread.
    expect(new Set(one.map((r) => r.thread))).toEqual(new Set([0]));
    const threads = new Set(two.map((r) => r.thread));
    expect(threads.size).toBe(2);
    expect(threads.has(0)).toBe(true);
  });

  it("a worker thread keeps taking tasks while the calling thread is blocked in a long synchronous task", async () => {
    // A task in the calling thread blocks it until the worker thread has
    // finished the other 7 (30 s at most). The thread claims tasks from a
    // shared counter, so it runs all 7 meanwhile and the calling thread runs
    // one. Handing tasks out by message instead, the blocked calling thread
    // could not send the thread more than its first: it waited the 30 s, and
    // ran 3 of 8 tasks.
    const gate = new Int32Array(new SharedArrayBuffer(4));
    const list = tasks(8).map((t) => ({ ...t, threadTasks: gate, waitForThreadTasks: 7 }));
    const two = await runChunks<UniformSumTask, UniformSumResult>({ workerModule: sumWorker, tasks: list, workers: 2 });
    expect(two.map((r) => r.index)).toEqual(list.map((t) => t.index));
    expect(two.filter((r) => r.thread === 0)).toHaveLength(1);
  });

  it("matches the same stream drawn directly", async () => {
    const { createKernels } = await import("../../src/wasm/index.js");
    const k = await createKernels();
    k.seed({ seed: 2024, stream: 4 });
    const u = k.uniforms(10_000);
    let sum = 0;
    for (const x of u) sum += x;
    const [r] = await runChunks<UniformSumTask, UniformSumResult>({ workerModule: sumWorker, tasks: [tasks(5)[4]], workers: 2 });
    expect(r.sum).toBe(sum);
  });

  it("hands a long task list to threads in segments, waiting for the next when it is late, and loses or repeats no task", async () => {
    // 1,500 tasks (23 segments of 64): the calling thread blocks 100 ms on each
    // of its tasks, the thread runs one in ~0.1 ms and soon waits for the
    // next segment, sent when the calling thread is between tasks.
    const list = tasks(1500).map((t) => ({ ...t, count: 10, blockMainMs: 100 }));
    const direct = await runChunks<UniformSumTask, UniformSumResult>({ workerModule: sumWorker, tasks: list.map((t) => ({ ...t, blockMainMs: 0 })), workers: 1 });
    const two = await runChunks<UniformSumTask, UniformSumResult>({ workerModule: sumWorker, tasks: list, workers: 2 });
    expect(two.map((r) => r.index)).toEqual(list.map((t) => t.index));
    expect(two.map((r) => r.sum)).toEqual(direct.map((r) => r.sum));
    expect(two.filter((r) => r.thread > 0).length).toBeGreaterThan(1000);
    // With the calling thread kept free, threads alone run them all.
    const free = await runChunks<UniformSumTask, UniformSumResult>({ workerModule: sumWorker, tasks: list, workers: 2, freeCallingThread: true });
    expect(free.map((r) => r.sum)).toEqual(direct.map((r) => r.sum));
    expect(free.every((r) => r.thread > 0)).toBe(true);
    expect(new Set(free.map((r) => r.thread)).size).toBe(2);
  });

  it("runs plain JavaScript worker modules (a bare function export) on threads without the TypeScript hooks", async () => {
    const workerModule = new URL("./plain-worker.mjs", import.meta.url);
    const { resolveWorkerModule } = await import("../../src/parallel/index.js");
    expect((await resolveWorkerModule(workerModule)).hooksUrl).toBeUndefined();
    const done = new Int32Array(new SharedArrayBuffer(4));
    const r = await runChunks<{ value: number; done: Int32Array }, { twice: number; thread: number }>({ workerModule, tasks: [1, 2, 3, 4].map((value) => ({ value, done })), workers: 2 });
    expect(r.map((x) => x.twice)).toEqual([2, 4, 6, 8]);
    // The worker thread ran some (the calling thread waits for it to finish one).
    expect(r.some((x) => x.thread > 0)).toBe(true);
  });

  it("a thread runs its tasks one after another (an async run never overlaps the next)", async () => {
    const workerModule = new URL("./async-worker.mjs", import.meta.url);
    const list = Array.from({ length: 24 }, (_, i) => i);
    const r = await runChunks<number, { task: number; overlapped: boolean; thread: number }>({ workerModule, tasks: list, workers: 2 });
    expect(r.map((x) => x.task)).toEqual(list);
    expect(r.filter((x) => x.overlapped)).toEqual([]);
    // The worker thread took part (and ran many tasks in a row).
    expect(r.filter((x) => x.thread > 0).length).toBeGreaterThan(1);
  });

  it("calls onProgress exactly total times, counting up to total", async () => {
    for (const workers of [1, 2]) {
      const calls: [number, number][] = [];
      await runChunks({ workerModule: sumWorker, tasks: tasks(7), workers, onProgress: (d, t) => calls.push([d, t]) });
      expect(calls).toEqual(Array.from({ length: 7 }, (_, i) => [i + 1, 7]));
    }
  });

  it("rejects the whole run with the failing task's message, class and index", async () => {
    for (const workers of [1, 2]) {
      const list = tasks(6, [{}, {}, {}, { fail: "chunk 3 went wrong" }]);
      const err = (await runChunks({ workerModule: sumWorker, tasks: list, workers }).catch((e) => e)) as TaskFailure;
      expect(err).toBeInstanceOf(RangeError);
      expect(err.message).toBe("chunk 3 went wrong");
      expect(err.taskIndex).toBe(3);
    }
  });

  it("rejects when a worker's init fails, or its export has the wrong shape", async () => {
    for (const workers of [1, 2]) {
      await expect(
        runChunks({ workerModule: new URL("./failing-init-worker.js", import.meta.url), tasks: [1, 2, 3], workers }),
      ).rejects.toThrow("init failed on purpose");
      await expect(
        runChunks({ workerModule: new URL("./bad-export-worker.js", import.meta.url), tasks: [1, 2], workers }),
      ).rejects.toThrow(/must export default a function or \{ init\?, run \}/);
    }
  });

  it("validates its arguments", async () => {
    await expect(runChunks({ workerModule: sumWorker, tasks: [], workers: 0 })).rejects.toThrow("workers must be an integer >= 1, got 0");
    await expect(runChunks({ workerModule: sumWorker, tasks: [], workers: 1.5 })).rejects.toThrow(RangeError);
    await expect(runChunks({ workerModule: new URL("./no-such-worker.js", import.meta.url), tasks: [1] })).rejects.toThrow(/does not exist/);
    await expect(runChunks({ workerModule: "relative/path.js", tasks: [1] })).rejects.toThrow(/must be an absolute URL/);
    expect(await runChunks({ workerModule: sumWorker, tasks: [], workers: 2 })).toEqual([]);
  });

  it("defaults to the available cores", async () => {
    const os = await import("node:os");
    expect(await availableCores()).toBe(os.availableParallelism());
  });

  it("leaves no handles behind: a Node process using the pool exits by itself, after success and after failure", () => {
    const hooks = new URL("../../scripts/ts-worker-hooks.mjs", import.meta.url).href;
    const pool = new URL("../../src/parallel/index.ts", import.meta.url).href;
    const script = `
      import { runChunks } from ${JSON.stringify(pool)};
      const w = ${JSON.stringify(sumWorker.href)};
      const tasks = [0, 1, 2, 3].map((index) => ({ seed: 1, index, count: 100, fail: index === 2 ? "bad" : undefined }));
      const ok = await runChunks({ workerModule: w, tasks: tasks.slice(0, 2), workers: 2 });
      const err = await runChunks({ workerModule: w, tasks, workers: 2 }).catch((e) => e.message);
      console.log(JSON.stringify({ ok: ok.length, err }));
    `;
    const register = `data:text/javascript,import{register}from"node:module";register(${JSON.stringify(hooks)})`;
    const child = spawnSync(process.execPath, ["--import", register, "--input-type=module", "-e", script], {
      cwd: fileURLToPath(new URL("../..", import.meta.url)),
      encoding: "utf8",
      timeout: 60_000, // a leaked worker would keep the process alive until this kills it
    });
    expect(child.error).toBeUndefined();
    expect(child.signal).toBeNull();
    expect(child.status, child.stderr).toBe(0);
    expect(JSON.parse(child.stdout.trim())).toEqual({ ok: 2, err: "bad" });
  });
});
