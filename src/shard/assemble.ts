/**
 * The checks every merge of shard results makes, whatever the experiment:
 * one shard per index 0..k−1 of the same k and config, each holding only
 * its own units (unit u belongs to shard u mod k), none missing, none twice.
 * Returns the units in unit order, ready to be merged exactly as one
 * machine merges them. Errors are one-line RangeErrors naming the file.
 * Mixed Wasm builds are refused here, for every kind of shard (schema.ts).
 * This file imports no other merge file (schema.ts imports it), so the
 * shard modules form no import cycle.
 */
import { inShard, type ShardSpec } from "./shard.js";

/** The JSON text two shard fields are compared by (key order as lipvar writes it). */
export const canonical = (x: unknown) => JSON.stringify(x);

/** One shard result, as the merge sees it. */
export interface ShardPiece<U> {
  /** Where it came from (a file name), for messages. */
  source: string;
  /** The experiment config; must be identical (as JSON) across shards. */
  config: unknown;
  shard: ShardSpec;
  /** Units of the whole run (all shards). */
  total: number;
  run: { build: string; workers: number; seconds: number };
  units: readonly U[];
}

/** How messages name a unit and the total ("chunk", "totalChunks"; "unit", "totalUnits"). */
export interface UnitWords {
  unit: string;
  total: string;
}


/**
 * Check that `pieces` are exactly shards 0/k … (k−1)/k of one run and return
 * all units in unit order (`indexOf` gives a unit's index 0..total−1).
 */
export function assembleShardUnits<U>(pieces: readonly ShardPiece<U>[], indexOf: (unit: U) => number, words: UnitWords): U[] {
  if (pieces.length === 0) throw new RangeError("merge needs at least one shard result file");
  const first = pieces[0];
  const k = first.shard.count;
  // One Wasm build for all shards (schema.ts says why); a shard without units ran no kernel ("none").
  const built = pieces.find((p) => p.run.build !== "none");
  for (const p of pieces) {
    if (built && p.run.build !== "none" && p.run.build !== built.run.build) {
      throw new RangeError(`${p.source}: Wasm build ${p.run.build} differs from ${built.source} (${built.run.build}); merge needs shards of one build (see docs/sharding.md)`);
    }
  }
  const bySlot = new Map<number, string>();
  for (const { source, config, shard, total, units } of pieces) {
    if (canonical(config) !== canonical(first.config)) {
      throw new RangeError(`${source}: config or seed differs from ${first.source}: ${describeDifferences(config, first.config)}`);
    }
    if (shard.count !== k) throw new RangeError(`${source}: shard ${shard.index}/${shard.count} does not split the run into ${k} like ${first.source}`);
    if (total !== first.total) throw new RangeError(`${source}: ${words.total} ${total} differs from ${first.source} (${first.total})`);
    const prior = bySlot.get(shard.index);
    if (prior !== undefined) throw new RangeError(`overlapping shards: ${prior} and ${source} are both shard ${shard.index}/${k}`);
    bySlot.set(shard.index, source);
    for (const u of units) {
      const i = indexOf(u);
      if (!Number.isInteger(i) || i < 0 || !inShard(i, shard) || i >= total) {
        throw new RangeError(`${source}: ${words.unit} ${i} does not belong to shard ${shard.index}/${k} of ${total} ${words.unit}s`);
      }
    }
  }
  const missing: number[] = [];
  for (let i = 0; i < k && missing.length < 5; i++) if (!bySlot.has(i)) missing.push(i);
  if (missing.length) throw new RangeError(`missing shards: ${missing.map((i) => `${i}/${k}`).join(", ")}${missing.length === 5 ? ", …" : ""} (got ${bySlot.size} of ${k})`);

  const total = first.total;
  const ordered: (U | undefined)[] = new Array(total);
  for (const { source, units } of pieces) {
    for (const u of units) {
      if (ordered[indexOf(u)]) throw new RangeError(`overlapping shards: ${words.unit} ${indexOf(u)} appears twice (last in ${source})`);
      ordered[indexOf(u)] = u;
    }
  }
  let absent = -1;
  for (let i = 0; i < total && absent < 0; i++) if (ordered[i] === undefined) absent = i;
  if (absent >= 0) throw new RangeError(`${bySlot.get(absent % k)}: ${words.unit} ${absent} of ${total} is missing (the shard result is truncated)`);
  return ordered as U[];
}

/** A value as a message shows it: JSON, cut at 40 characters. */
function shown(x: unknown): string {
  const s = x === undefined ? "absent" : JSON.stringify(x);
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}

/** Paths and leaf values where two JSON values differ (objects by key, arrays by index; `[]` for the root). */
function differences(a: unknown, b: unknown, path: string, out: string[][]): void {
  if (canonical(a) === canonical(b)) return;
  const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null;
  const sameLength = !Array.isArray(a) || !Array.isArray(b) || a.length === b.length;
  if (isObject(a) && isObject(b) && Array.isArray(a) === Array.isArray(b) && sameLength) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      differences(a[key], b[key], Array.isArray(a) ? `${path}[${key}]` : path ? `${path}.${key}` : key, out);
    }
    return;
  }
  out.push([path || "config", shown(a), shown(b)]);
}

/**
 * The fields in which config `a` differs from config `b`, as one phrase:
 * "seed 43 (here) vs 42, samples 9000 (here) vs 10000" (at most 4 named, then how many more).
 */
export function describeDifferences(a: unknown, b: unknown): string {
  const out: string[][] = [];
  differences(a, b, "", out);
  const named = out.slice(0, 4).map(([path, here, there]) => `${path} ${here} here vs ${there}`);
  return named.join(", ") + (out.length > 4 ? ` and ${out.length - 4} more field(s)` : "");
}

/** The `run` of a merged result: the shards' summed seconds and workers, and their build (one: assembleShardUnits refuses mixed builds). */
export function mergedRun(pieces: readonly { run: { build: string; workers: number; seconds: number } }[]): { build: string; workers: number; seconds: number } {
  const builds = [...new Set(pieces.map((p) => p.run.build).filter((b) => b !== "none"))];
  return {
    build: builds.length ? builds.join("+") : "unknown",
    workers: pieces.reduce((a, p) => a + p.run.workers, 0),
    seconds: pieces.reduce((a, p) => a + p.run.seconds, 0),
  };
}
