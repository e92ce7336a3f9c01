/**
 * The end of every experiment command (variance, sweep, decay, residual,
 * train): run with a progress reporter, then print. With --shard the output
 * is the shard file for `lipvar merge` (JSON; --format csv is refused);
 * otherwise the result in --format (table, json or csv; --json is short for
 * json). With --out the file gets the result written atomically — as CSV
 * with --format csv, else as JSON — and the table is still printed with
 * --format table. The --out path is checked (src/io/output-paths.ts) before
 * the run starts. Progress is off with -q and for json and csv.
 */
import type { RunOptions } from "../experiments/pool.js";
import { experimentProgress } from "./experiment-progress.js";
import { writeResultFile, type ShardSpec } from "./shard-output.js";
import { checkOutputFile } from "../io/output-paths.js";
import { writeFileAtomic } from "../report/write.js";
import { isQuiet, parseOutputFormat, type OutputOptionsRaw } from "./options.js";
import { formatted, resultJson } from "./output.js";
import { UsageError } from "./errors.js";

export interface ExperimentOutputOptions extends OutputOptionsRaw {
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
  /** The CSV of a result: a header row, one row per line of the table. */
  csv: (result: R) => string;
}

export async function runExperimentCommand<R>(opts: ExperimentOutputOptions, runs: ExperimentRuns<R>): Promise<void> {
  const format = parseOutputFormat(opts);
  if (opts.shard && runs.shard && format === "csv") throw new UsageError("--shard writes a shard result (JSON) for lipvar merge; --format csv applies to the merged or unsharded run");
  // Before any work: a path that cannot be written costs a second, not the run.
  if (opts.out !== undefined) await checkOutputFile("--out", opts.out);
  const progress = experimentProgress(runs.label, runs.unit, isQuiet(opts));
  const options: RunOptions = { onProgress: progress.onProgress };
  if (opts.shard && runs.shard) {
    const shard = await runs.shard(opts.shard, options);
    progress.finish();
    if (opts.out !== undefined) await writeResultFile(opts.out, shard);
    else process.stdout.write(resultJson(shard));
    return;
  }
  const result = await runs.full(options);
  progress.finish();
  if (opts.out !== undefined) await writeFileAtomic(opts.out, format === "csv" ? runs.csv(result) : resultJson(result));
  if (opts.out === undefined || format === "table") process.stdout.write(formatted(format, result, runs));
}
