/**
 * Progress for an experiment run. The total number of tasks is known only
 * once the experiment has validated its config, so a reporter is created on
 * the first callback — and a new one whenever the phase or the total
 * changes: a run to a target precision reports its pilot, then its main run
 * with the planned count, each as its own bar or lines ("variance (pilot)",
 * "variance (main run)"), so no bar runs past 100% and no ETA is computed
 * against a count nobody plans to run. Quiet with -q, --format json or csv
 * (stdout is for the result; stderr stays clean for scripts), and
 * src/cli/progress.ts itself decides bar, plain lines (CI) or nothing (not a
 * terminal).
 */
import type { ProgressPhase } from "../experiments/pool.js";
import { createProgress, type Progress } from "./progress.js";

export interface ExperimentProgress {
  onProgress: (done: number, total: number, phase?: ProgressPhase) => void;
  finish: () => void;
}

const PHASE_LABELS: Record<ProgressPhase, string> = { pilot: "pilot", main: "main run" };

export function experimentProgress(label: string, unit: string, quiet: boolean, create: typeof createProgress = createProgress): ExperimentProgress {
  let progress: Progress | undefined;
  let current: string | undefined;
  return {
    onProgress: (done, total, phase) => {
      const key = `${phase ?? ""}/${total}`;
      if (key !== current) {
        progress?.finish();
        current = key;
        progress = create({ total, label: phase ? `${label} (${PHASE_LABELS[phase]})` : label, unit, quiet });
      }
      progress!.update(done, total);
    },
    finish: () => progress?.finish(),
  };
}
