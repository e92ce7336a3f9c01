// Worker module for benchmark item 2 (bench/run.js): one Monte Carlo chunk of
// the rescaled-weight variance in Wasm, reduced to mergeable co-moments of
// (Y, A, B) so only a few numbers cross the thread boundary.
import { defineChunkWorker } from "../dist/parallel/index.js";
import { createKernels, varianceChunk } from "../dist/wasm/index.js";
import { CoMoments } from "../dist/experiments/moments.js";

export default defineChunkWorker({
  init: () => createKernels(),
  run: (task, kernels) => {
    const { Y, A, B } = varianceChunk(kernels, task);
    const co = new CoMoments(3);
    const row = new Float64Array(3);
    for (let m = 0; m < Y.length; m++) {
      row[0] = Y[m];
      row[1] = A[m];
      row[2] = B[m];
      co.add(row);
    }
    return co.toJSON();
  },
});
