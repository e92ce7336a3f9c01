/**
 * Output of sharded runs for the CLI: the `--shard i/k` option for
 * experiment commands, and one serialisation for results and shard files, so
 * a merged result is byte for byte the JSON an unsharded run prints.
 */
import { Option } from "commander";
import { writeFileAtomic } from "../report/write.js";
import { parseShard, type ShardSpec } from "../shard/shard.js";
import { resultJson } from "./output.js";

/** The JSON text of a result or shard file (src/cli/output.ts). */
export { resultJson };

/** Write `resultJson(value)` to `file` atomically (report/write.ts: temporary file, fsync, rename). */
export async function writeResultFile(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, resultJson(value));
}

/** `--shard <i/k>`: run only the work units u (chunks, or replicates for decay/residual) with u mod k = i and write a shard result for `lipvar merge`. */
export function shardOption(): Option {
  return new Option("--shard <i/k>", "run shard i of k (work units u, chunks or replicates, with u mod k = i); combine the outputs with lipvar merge").argParser((raw: string) => parseShard(raw));
}

export type { ShardSpec };
