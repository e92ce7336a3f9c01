// Worker module for benchmark item 4 (bench/run.js): one random feed-forward
// AOL network (forward and backward pass) per task, returning its per-layer
// variances only.
import { defineChunkWorker } from "../dist/parallel/index.js";
import { createKernels, forwardBackward } from "../dist/wasm/index.js";

export default defineChunkWorker({
  init: () => createKernels(),
  run: (task, kernels) => forwardBackward(kernels, task).layers.map((l) => l.variance),
});
