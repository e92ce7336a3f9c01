/**
 * `lipvar merge FILE...`: combine the shard results written by
 * `lipvar variance`, `sweep`, `decay`, `residual` or `train` with `--shard i/k`
 * (told apart by their `experiment` field) into the result one machine would have produced,
 * as JSON (the same serialisation as an unsharded run, see
 * `resultJson`). Overlapping or missing shards, or mismatched configs or
 * seeds, are a usage error (one line, exit 2).
 */
import { readFileSync } from "node:fs";
import { Option, type Command } from "commander";
import { COMMAND_SUMMARIES } from "./summaries.js";
import { asShard, mergeShards } from "../../shard/merge.js";
import { asSweepShard, mergeSweepShards } from "../../shard/sweep-merge.js";
import { asStackShard, mergeDecayShards, mergeResidualShards } from "../../shard/stack-merge.js";
import { asTrainShard, mergeTrainShards } from "../../shard/train-merge.js";
import { resultJson } from "../shard-output.js";
import { formatted, type Renderers } from "../output.js";
import { writeFileAtomic } from "../../report/write.js";
import { checkOutputFile } from "../../io/output-paths.js";
import { UsageError } from "../errors.js";
import { addExamples, outOption, parseOutputFormat, type OutputOptionsRaw } from "../options.js";

interface MergeOptions extends OutputOptionsRaw {
  out?: string;
}

function readShard(file: string) {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read shard result ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`${file} is not JSON (expected a lipvar shard result)`);
  }
  return { source: file, parsed };
}

/** The merge of each kind of shard file, by its `experiment` field (src/shard/schema.ts checks each file). */
const MERGES: Record<string, (files: readonly { source: string; parsed: unknown }[]) => unknown> = {
  weightVariance: (files) => mergeShards(files.map(({ source, parsed }) => ({ source, shard: asShard(parsed, source) }))),
  sweep: (files) => mergeSweepShards(files.map(({ source, parsed }) => ({ source, shard: asSweepShard(parsed, source) }))),
  decay: (files) => mergeDecayShards(files.map(({ source, parsed }) => ({ source, shard: asStackShard(parsed, source, "decay") }))),
  residual: (files) => mergeResidualShards(files.map(({ source, parsed }) => ({ source, shard: asStackShard(parsed, source, "residual") }))),
  train: (files) => mergeTrainShards(files.map(({ source, parsed }) => ({ source, shard: asTrainShard(parsed, source) }))),
};

/** The command that wrote each kind of shard: its table and CSV are what merge prints (loaded only when asked for). */
const COMMANDS: Record<string, () => Promise<{ renderers: Renderers<never> }>> = {
  weightVariance: () => import("./variance.js"),
  sweep: () => import("./sweep.js"),
  decay: () => import("./decay.js"),
  residual: () => import("./residual.js"),
  train: () => import("./train.js"),
};

/** Merge shards of one kind (told apart by `experiment`); all files must be of the first file's kind. */
function mergeFiles(files: readonly { source: string; parsed: unknown }[]) {
  const kind = (x: unknown) => (x && typeof x === "object" ? (x as { experiment?: unknown }).experiment : undefined);
  const first = files[0];
  const experiment = kind(first.parsed);
  // A file that is not a shard at all is named by the schema check (format, version).
  const merge = typeof experiment === "string" && Object.hasOwn(MERGES, experiment) ? MERGES[experiment] : undefined;
  if (!merge) {
    asShard(first.parsed, first.source);
    throw new UsageError(`${first.source}: experiment must be one of ${Object.keys(MERGES).join(", ")}, got ${JSON.stringify(experiment) ?? "nothing"}`);
  }
  const other = files.find((f) => kind(f.parsed) !== experiment);
  if (other) throw new UsageError(`${other.source} is not a ${experiment} shard result like ${first.source} (experiment ${String(kind(other.parsed))})`);
  return { experiment: experiment as string, result: merge(files) };
}

export function register(program: Command): void {
  const command = program
    .command("merge")
    .description(COMMAND_SUMMARIES.merge.description)
    .argument("<files...>", "shard result JSON files, one per shard 0/k .. (k-1)/k, any order")
    .addOption(new Option("-f, --format <F>", "output: json (the merged result, byte for byte what one run writes with --format json), table or csv (what that run prints with them) (default: json)"))
    .addOption(new Option("--json", "short for --format json"))
    .addOption(outOption("write the merged result here (atomically) instead of stdout: CSV with --format csv, else JSON; the table is still printed with --format table"));
  addExamples(command, [
    ["lipvar merge part0.json part1.json -o variance.json", "the result of `lipvar variance ... --shard 0/2` and `--shard 1/2`, as one run would have written it"],
    ["lipvar merge shards/*.json -f table", "the same, printed as the one run's table"],
  ]).action(async (files: string[], opts: MergeOptions) => {
      // Merge's output has always been the JSON: that stays the default.
      const format = opts.format === undefined && !opts.json ? "json" : parseOutputFormat(opts);
      if (opts.out !== undefined) await checkOutputFile("--out", opts.out);
      const { experiment, result } = mergeFiles(files.map(readShard));
      const render = format === "json" ? undefined : (await COMMANDS[experiment]()).renderers;
      if (opts.out !== undefined) await writeFileAtomic(opts.out, format === "csv" ? render!.csv(result as never) : resultJson(result));
      if (opts.out === undefined || format === "table") process.stdout.write(render ? formatted(format, result as never, render) : resultJson(result));
    });
}
