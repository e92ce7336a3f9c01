/**
 * The main module of a Node worker thread of the pool (started by the
 * bootstrap in src/host/node.ts, which registers the development hooks
 * first when needed): serves the worker module named in workerData.
 */
import { parentPort, workerData } from "node:worker_threads";
import { chunkTaskHandler } from "./serve.js";

const moduleUrl = (workerData as { moduleUrl: string }).moduleUrl;
const port = parentPort!;
port.on("message", chunkTaskHandler(() => import(moduleUrl), moduleUrl, (r) => port.postMessage(r)));
