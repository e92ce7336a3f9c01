export { runChunks, type RunChunksOptions, type TaskFailure } from "./pool.js";
export { defineChunkWorker, chunkWorkerOf, type ChunkWorker, type ChunkTask, type ChunkResult } from "./chunk-worker.js";
export { serveWebWorker, inWebWorker } from "./web-worker.js";
export { availableCores } from "./cores.js";
export type { ResolvedWorkerModule } from "./threads.js";
import { host } from "#host";

/** Where a worker module really is, and whether Node threads need loader hooks for it (see README.md). */
export const resolveWorkerModule = (workerModule: URL | string) => host.resolveWorkerModule(workerModule);
