// A worker whose run is asynchronous: it marks itself busy across an await,
// so a second task started before the first finished shows as an overlap.
// In the calling thread a task takes 1 s, so the worker thread (which boots
// in ~0.1 s and takes 2 ms a task) runs nearly all tasks, one after another.
import { isMainThread, threadId } from "node:worker_threads";

let busy = false;

export default {
  run: async (task) => {
    const overlapped = busy;
    busy = true;
    await new Promise((resolve) => setTimeout(resolve, isMainThread ? 1000 : 2));
    busy = false;
    return { task, overlapped, thread: threadId };
  },
};
