/**
 * `lipvar merge FILE...`: combine the shard results written by
 * `lipvar variance`, `sweep`, `decay`, `residual` or `train` with `--shard i/k`
 * (told apart by their `experiment` field) into the result one machine would have produced,
 * as JSON (the same serialisation as an unsharded run, see
 * `resultJson`). Overlapping or missing shards, or mismatched configs or
 * seeds, are a usage error (one line, exit 2).
 */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { asShard, mergeShards } from "../../shard/merge.js";
import { asSweepShard, mergeSweepShards } from "../../shard/sweep-merge.js";
import { asStackShard, mergeDecayShards, mergeResidualShards } from "../../shard/stack-merge.js";
import { asTrainShard, mergeTrainShards } from "../../shard/train-merge.js";
import { writeResultFile, resultJson } from "../shard-output.js";
import { checkOutputFile } from "../../io/output-paths.js";
import { UsageError } from "../errors.js";
import { addExamples, outOption } from "../options.js";

interface MergeOptions {
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
  return merge(files);
}

export function register(program: Command): void {
  const command = program
    .command("merge")
    .description("combine shard results (lipvar variance, sweep, decay, residual or train --shard i/k) into exactly the one-machine result")
    .argument("<files...>", "shard result JSON files, one per shard 0/k .. (k-1)/k, any order")
    .addOption(outOption("write the merged JSON here (atomically) instead of stdout"));
  addExamples(command, [
    ["lipvar merge part0.json part1.json -o variance.json", "the result of `lipvar variance ... --shard 0/2` and `--shard 1/2`, as one run would have written it"],
  ]).action(async (files: string[], opts: MergeOptions) => {
      if (opts.out !== undefined) await checkOutputFile("--out", opts.out);
      const result = mergeFiles(files.map(readShard));
      if (opts.out !== undefined) await writeResultFile(opts.out, result);
      else process.stdout.write(resultJson(result));
    });
}
