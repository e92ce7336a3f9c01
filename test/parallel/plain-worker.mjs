// A worker module in plain JavaScript (as compiled dist/ modules are): threads
// load it without the TypeScript development hooks. In the calling thread a
// task blocks for 300 ms, so the worker thread (booting in ~0.1 s) takes the
// others and the test sees the thread load the module.
import { isMainThread, threadId } from "node:worker_threads";

export default (task) => {
  if (isMainThread) {
    const until = performance.now() + 300;
    while (performance.now() < until);
  }
  return { twice: task * 2, thread: threadId };
};
