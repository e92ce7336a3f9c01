/** How a run went, for the text headers of the experiment commands. */
import type { RunInfo } from "../experiments/types.js";

/** "1 worker, simd, 0.11 s" / "2 workers, …". */
export function runSummary(run: RunInfo): string {
  return `${run.workers} ${run.workers === 1 ? "worker" : "workers"}, ${run.build}, ${run.seconds.toFixed(2)} s`;
}
