/** Test worker whose one-time init fails: every run using it must reject with this message. */
import { defineChunkWorker } from "../../src/parallel/index.js";

export default defineChunkWorker({
  init: (): number => {
    throw new Error("init failed on purpose");
  },
  run: (task: number, context: number) => task + context,
});
