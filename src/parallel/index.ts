export { runChunks, type RunChunksOptions, type TaskFailure } from "./pool.js";
export { defineChunkWorker, chunkWorkerOf, type ChunkWorker, type ChunkTask, type ChunkResult } from "./chunk-worker.js";
export { availableCores } from "./cores.js";
export { resolveWorkerModule, type ResolvedWorkerModule } from "./resolve-module.js";
