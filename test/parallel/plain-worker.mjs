// A worker module in plain JavaScript (as compiled dist/ modules are): threads
// load it without the TypeScript development hooks.
import { threadId } from "node:worker_threads";

export default (task) => ({ twice: task * 2, thread: threadId });
