/**
 * `lipvar merge FILE...`: combine the shard results written by
 * `lipvar variance --shard i/k --out FILE` into the result one machine would
 * have produced, as JSON (the same serialisation as an unsharded run, see
 * `resultJson`). Overlapping or missing shards, or mismatched configs or
 * seeds, are a usage error (one line, exit 2).
 */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { asShard, mergeShards } from "../../shard/merge.js";
import { writeResultFile, resultJson } from "../shard-output.js";
import { UsageError } from "../errors.js";

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
  return { source: file, shard: asShard(parsed, file) };
}

export function register(program: Command): void {
  program
    .command("merge")
    .description("combine shard results (lipvar variance --shard i/k) into exactly the one-machine result")
    .argument("<files...>", "shard result JSON files, one per shard 0/k .. (k-1)/k, any order")
    .option("--out <file>", "write the merged JSON here (atomically) instead of stdout")
    .action((files: string[], opts: MergeOptions) => {
      const result = mergeShards(files.map(readShard));
      if (opts.out) writeResultFile(opts.out, result);
      else process.stdout.write(resultJson(result));
    });
}
