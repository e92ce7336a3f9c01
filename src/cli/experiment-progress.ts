/**
 * Progress for an experiment run: the total number of tasks is known only
 * once the experiment has validated its config, so the reporter is created
 * on the first callback. Quiet with --json (stdout is for the JSON; stderr
 * stays clean for scripts), and src/cli/progress.ts itself decides bar, plain
 * lines (CI) or nothing (not a terminal).
 */
import { createProgress, type Progress } from "./progress.js";

export interface ExperimentProgress {
  onProgress: (done: number, total: number) => void;
  finish: () => void;
}

export function experimentProgress(label: string, unit: string, quiet: boolean): ExperimentProgress {
  let progress: Progress | undefined;
  return {
    onProgress: (done, total) => {
      progress ??= createProgress({ total, label, unit, quiet });
      progress.update(done, total);
    },
    finish: () => progress?.finish(),
  };
}
