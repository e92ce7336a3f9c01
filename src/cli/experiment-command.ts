/**
 * The end of every experiment command (variance, sweep, decay, residual):
 * run with a progress reporter, then print. With --shard the output is the
 * shard file for `lipvar merge`, whatever --json says; otherwise the JSON
 * (--json) or the text table. With --out (where a command has it) the JSON
 * goes to that file, written atomically, and the table is still printed
 * unless --json. The --out path is checked (src/io/output-paths.ts) before
 * the run starts.
 */
import type { RunOptions } from "../experiments/pool.js";
import { experimentProgress } from "./experiment-progress.js";
import { resultJson, writeResultFile, type ShardSpec } from "./shard-output.js";
import { checkOutputFile } from "../io/output-paths.js";

export interface ExperimentOutputOptions {
  json?: boolean;
  shard?: ShardSpec;
  out?: string;
}

export interface ExperimentRuns<R> {
  /** Progress label and unit, e.g. "variance", "chunks". */
  label: string;
  unit: string;
  /** Run shard `spec` (commands that shard). */
  shard?: (spec: ShardSpec, options: RunOptions) => Promise<unknown>;
  /** Run the whole experiment. */
  full: (options: RunOptions) => Promise<R>;
  /** The human-readable table of a result. */
  table: (result: R) => string;
}

export async function runExperimentCommand<R>(opts: ExperimentOutputOptions, runs: ExperimentRuns<R>): Promise<void> {
  // Before any work: a path that cannot be written costs a second, not the run.
  if (opts.out !== undefined) await checkOutputFile("--out", opts.out);
  const progress = experimentProgress(runs.label, runs.unit, opts.json === true);
  const options: RunOptions = { onProgress: progress.onProgress };
  let value: unknown;
  let table: string | undefined;
  if (opts.shard && runs.shard) {
    value = await runs.shard(opts.shard, options);
  } else {
    const result = await runs.full(options);
    value = result;
    if (!opts.json) table = runs.table(result);
  }
  progress.finish();
  if (opts.out !== undefined) await writeResultFile(opts.out, value);
  if (table !== undefined) process.stdout.write(table);
  else if (opts.out === undefined) process.stdout.write(resultJson(value));
}
