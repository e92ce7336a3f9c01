/**
 * The Web Worker script of the experiments in a browser (the package's
 * `lipvar/worker`): serves the kernel worker over postMessage. Started as
 * `new Worker(new URL("./lipvar-worker.js", import.meta.url), { type: "module" })`
 * (src/experiments/pool.ts) or from the `workerUrl` run option.
 */
import kernelWorker from "./kernel-worker.js";
import { serveWebWorker } from "../parallel/web-worker.js";

serveWebWorker(kernelWorker, "lipvar-worker");
