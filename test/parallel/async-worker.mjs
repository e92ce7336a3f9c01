// A worker whose run is asynchronous: it marks itself busy across an await,
// so a second task started before the first finished shows as an overlap.
import { threadId } from "node:worker_threads";

let busy = false;

export default {
  run: async (task) => {
    const overlapped = busy;
    busy = true;
    await new Promise((resolve) => setTimeout(resolve, 2));
    busy = false;
    return { task, overlapped, thread: threadId };
  },
};
