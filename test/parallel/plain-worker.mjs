// A worker module in plain JavaScript (as compiled dist/ modules are): threads
// load it without the TypeScript development hooks. A task is { value, done }:
// `done` counts (in shared memory) tasks finished on worker threads, and in
// the calling thread a task blocks (30 s at most) until one has, so the test
// sees the thread load the module however slowly it starts.
import { isMainThread, threadId } from "node:worker_threads";

export default ({ value, done }) => {
  if (isMainThread) {
    const until = performance.now() + 30_000;
    while (Atomics.load(done, 0) < 1 && performance.now() < until);
  } else {
    Atomics.add(done, 0, 1);
  }
  return { twice: value * 2, thread: threadId };
};
