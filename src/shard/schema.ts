/**
 * What `lipvar merge` accepts: every shard file is checked against a zod
 * schema of its kind (weight variance, sweep, decay, residual) and then
 * against its own config, before anything is merged. A tampered, truncated
 * or foreign file is refused with one line naming the file and the field
 * ("shard-1.json: chunks[2].co.means[0] must be a finite number, got null").
 *
 * The schema: the format tag and version, the experiment, the shard spec
 * (0 ≤ index < count), the run (Wasm build, workers, seconds), the unit
 * totals, and every unit's numbers — finite numbers where numbers belong
 * (JSON has no NaN or Infinity, so null or "NaN" is refused), non-negative
 * integer counts, non-negative second moments, no unknown keys.
 *
 * Against the config (the `check*` functions, called by the merges with the
 * re-validated config): each unit holds the matrices, batch rows or layers
 * its config says, its histograms have the config's bins and ranges and
 * count exactly the values drawn, and it was run by the shard's own build.
 *
 * Training shards (`lipvar train --shard`) follow the same rules: finite
 * losses (null only in a run marked finite: false), accuracies and class
 * shares in [0, 1], per-layer statistics >= 0, and each run's curves and
 * layers as long as its config's epochs and depth say.
 *
 * Mixed Wasm builds: refused, for all five kinds (`assembleShardUnits`
 * checks `run.build` across the shards). The builds (baseline, SIMD, relaxed
 * SIMD) may round differently, so a merge across builds would equal no
 * one-machine run — and for decay and residual the shards' predictions and
 * histogram ranges, computed from each shard's own auxiliary Monte Carlo
 * run, would not even agree. Shards with no units (build "none") fit any.
 */
import { z } from "zod";
import { requireArray, requireConfig } from "../require-config.js";
import { issueLine, pathText, show, what, type IssueLike } from "../io/json-issues.js";
import type { Histogram } from "../experiments/histogram.js";
import { canonical } from "./assemble.js";
import { MAX_SHARDS, SHARD_FORMAT, SHARD_VERSION } from "./shard.js";
import type { WeightVarianceShard } from "./shard.js";
import type { SweepShard } from "./sweep-shard.js";
import type { DecayShard, ResidualShard } from "./stack-shard.js";
import type { TrainShard } from "./train-shard.js";

/** A shard file that cannot be merged; `message` is one line naming the file and the field. RangeError, so the CLI exits 2. */
export class ShardFileError extends RangeError {
  override readonly name = "ShardFileError";
}

// ---------------------------------------------------------------- schemas

const count = z.number(what("a non-negative integer")).int(what("a non-negative integer")).min(0, what("a non-negative integer"));
const finite = z.number(what("a finite number"));
const nonNegative = z.number(what("a finite number >= 0")).min(0, what("a finite number >= 0"));
const positive = z.number(what("a finite number > 0")).gt(0, what("a finite number > 0"));
const build = z.string(what("a Wasm build name")).min(1, what("a Wasm build name"));
const layerValues = z.array(nonNegative, what("a list of finite numbers >= 0"));

const histogram = z
  .strictObject({ lo: finite, hi: finite, counts: z.array(count, what("a list of non-negative integer counts")).min(1, what("a non-empty list of counts")), underflow: count, overflow: count, nan: count }, what("a histogram object"))
  .refine((h) => h.lo < h.hi, { error: "!must have lo < hi", path: ["hi"] });

const coMoments = z
  .strictObject(
    {
      dimension: z.literal(3, what("3 (the variables Y, A, B)")),
      count,
      means: z.array(finite, what("a list of 3 finite numbers")).length(3, what("a list of 3 finite numbers")),
      comoments: z.array(finite, what("a list of 9 finite numbers")).length(9, what("a list of 9 finite numbers")),
    },
    what("a co-moments object"),
  )
  .superRefine((co, ctx) => {
    // Diagonal entries are sums of squares.
    for (const i of [0, 4, 8]) if (co.comoments[i] < 0) ctx.addIssue({ code: "custom", path: ["comoments", i], message: `!must be >= 0 (a sum of squares), got ${co.comoments[i]}` });
  });

const varianceUnit = { build, co: coMoments, histogram: histogram.nullable() };
const cosines = z.array(z.number(what("a number from -1 to 1")).min(-1 - 1e-12, what("a number from -1 to 1")).max(1 + 1e-12, what("a number from -1 to 1")), what("a list of numbers from -1 to 1"));
const networkUnit = { build, variance: layerValues, gradInput: layerValues, weightMeanSquare: layerValues, unitVariance: layerValues, meanCosine: cosines, histograms: z.array(histogram.nullable(), what("a list of histograms")), gradHistograms: z.array(histogram.nullable(), what("a list of histograms")) };

const shardSpec = z
  .strictObject({ index: count, count: z.number(what(`an integer from 1 to ${MAX_SHARDS}`)).int(what(`an integer from 1 to ${MAX_SHARDS}`)).min(1, what(`an integer from 1 to ${MAX_SHARDS}`)).max(MAX_SHARDS, what(`an integer from 1 to ${MAX_SHARDS}`)) }, what("an object {index, count}"))
  .refine((s) => s.index < s.count, { error: "!must be smaller than shard.count", path: ["index"] });

const header = {
  format: z.literal(SHARD_FORMAT),
  version: z.literal(SHARD_VERSION),
  config: z.record(z.string(), z.unknown(), what("an object")),
  shard: shardSpec,
  run: z.strictObject({ build, workers: z.number(what("an integer from 1 to 1024")).int(what("an integer from 1 to 1024")).min(1, what("an integer from 1 to 1024")).max(1024, what("an integer from 1 to 1024")), seconds: nonNegative }, what("an object {build, workers, seconds}")),
};

const auxiliary = z.strictObject(
  {
    source: z.enum(["exact-gaussian", "monte-carlo", "orthogonal", "identity"], what('"exact-gaussian", "monte-carlo", "orthogonal" or "identity"')),
    perLayer: z.array(positive, what("a list of finite numbers > 0")).nullable(),
    estimates: z.array(z.strictObject({ d: count, n: count, estimate: positive, se: nonNegative }, what("an object {d, n, estimate, se}")), what("a list")),
  },
  what("an object {source, perLayer, estimates}"),
);

const stackHeader = { ...header, totalReplicates: count, auxiliary };

const share = z.number(what("a number from 0 to 1")).min(0, what("a number from 0 to 1")).max(1, what("a number from 0 to 1"));
/** A loss: finite, or null (NaN in JSON) when training diverged — allowed only in runs marked finite: false (checkTrainRun). */
const loss = z.number(what("a finite number or null")).nullable();
const layerStat = z.array(nonNegative.nullable(), what("a list of finite numbers >= 0"));
const trainLayerStats = z.strictObject({ yMeanSquare: layerStat, yVariance: layerStat, gradMeanSquare: layerStat, weightGradMeanSquare: layerStat }, what("an object of per-layer statistics"));
const trainRun = z.strictObject(
  {
    build,
    index: count,
    model: z.enum(["plain", "sll", "sll-better", "sll-better-hooks"], what('"plain", "sll", "sll-better" or "sll-better-hooks"')),
    depth: count,
    replicate: count,
    trainLoss: z.array(loss, what("a list of losses")),
    testLoss: z.array(loss, what("a list of losses")),
    testAccuracy: z.array(share, what("a list of accuracies from 0 to 1")),
    inputMeanSquare: nonNegative,
    init: trainLayerStats,
    final: trainLayerStats,
    finite: z.boolean(what("true or false")),
  },
  what("a run object"),
);
const trainData = z.strictObject(
  {
    source: z.string(what("a string")),
    columns: count,
    classes: count,
    rowsUsed: count,
    trainRows: count,
    testRows: count,
    testClassShares: z.array(share, what("a list of shares from 0 to 1")),
    majorityAccuracy: share,
  },
  what("a data summary object"),
);

/** The schema of each kind of shard file, by its `experiment`. */
export const SHARD_SCHEMAS = {
  weightVariance: z.strictObject({ ...header, experiment: z.literal("weightVariance"), totalChunks: count, chunks: z.array(z.strictObject({ chunk: count, ...varianceUnit }, what("a chunk object")), what("a list of chunks")) }),
  sweep: z.strictObject({ ...header, experiment: z.literal("sweep"), totalUnits: count, units: z.array(z.strictObject({ point: count, chunk: count, ...varianceUnit }, what("a unit object")), what("a list of units")) }),
  decay: z.strictObject({ ...stackHeader, experiment: z.literal("decay"), replicates: z.array(z.strictObject({ replicate: count, ...networkUnit }, what("a replicate object")), what("a list of replicates")) }),
  residual: z.strictObject({
    ...stackHeader,
    experiment: z.literal("residual"),
    replicates: z.array(
      z.strictObject(
        {
          replicate: count,
          residual: z.strictObject({ build, inputMeanSquare: nonNegative, meanSquare: layerValues, branchMeanSquare: layerValues, unitVariance: layerValues, meanCosine: cosines }, what("an object")),
          aol: z.strictObject(networkUnit, what("an object")),
        },
        what("a replicate object"),
      ),
      what("a list of replicates"),
    ),
  }),
  train: z.strictObject({ ...header, experiment: z.literal("train"), totalRuns: count, data: trainData, runs: z.array(trainRun, what("a list of runs")) }),
} as const;

export type ShardKind = keyof typeof SHARD_SCHEMAS;
interface ShardOfKind {
  weightVariance: WeightVarianceShard;
  sweep: SweepShard;
  decay: DecayShard;
  residual: ResidualShard;
  train: TrainShard;
}

function issueText(source: string, issue: IssueLike, data: unknown): string {
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys ?? [];
    return `${source}: ${issue.path.length ? pathText(issue.path) : "the shard"} has unknown key${keys.length > 1 ? "s" : ""} ${keys.map((k) => JSON.stringify(k)).join(", ")}`;
  }
  if (issue.code === "invalid_value" && issue.path.length === 1 && issue.path[0] === "experiment") return `${source}: experiment must be one of ${Object.keys(SHARD_SCHEMAS).join(", ")}, got ${show((data as { experiment?: unknown }).experiment)}`;
  return issueLine(source, issue, data, "the shard");
}

/**
 * Check that `x` (parsed JSON from `source`) is a shard file of `kind`
 * (format, version, experiment, every field's type and range); throws a
 * ShardFileError naming the file and the first bad field.
 */
export function parseShardFile<K extends ShardKind>(x: unknown, source: string, kind: K): ShardOfKind[K] {
  const s = x as { format?: unknown; version?: unknown; experiment?: unknown } | null;
  if (!s || typeof s !== "object" || Array.isArray(s) || s.format !== SHARD_FORMAT) throw new ShardFileError(`${source} is not a lipvar shard result (format must be "${SHARD_FORMAT}")`);
  if (s.version !== SHARD_VERSION) throw new ShardFileError(`${source}: shard format version must be ${SHARD_VERSION}, got ${show(s.version)}`);
  if (s.experiment !== kind) throw new ShardFileError(`${source}: experiment must be "${kind}", got ${show(s.experiment)}`);
  const parsed = SHARD_SCHEMAS[kind].safeParse(x);
  if (!parsed.success) throw new ShardFileError(issueText(source, parsed.error.issues[0] as IssueLike, x));
  return x as ShardOfKind[K];
}

/** The library merges' argument: an array of `{ source, shard }` (TypeError naming the entry), at least one (ShardFileError). */
export function shardEntries<T extends { source: string }>(shards: readonly T[]): readonly T[] {
  requireArray(shards, "shards").forEach((entry, i) => {
    if (typeof requireConfig(entry, `shards[${i}]`).source !== "string") throw new TypeError(`shards[${i}].source must be a string (the file name, for messages), got ${show(entry.source)}`);
  });
  if (shards.length === 0) throw new ShardFileError("merge needs at least one shard result file");
  return shards;
}

// ---------------------------------------------------------------- checks against the config

/**
 * Re-validate a shard's config echo with the experiment's own validator
 * (`validate` builds the config from the JSON and validates it): a
 * ShardFileError naming `source` if it is invalid or not exactly the echo
 * lipvar writes (extra or reformatted fields).
 */
export function revalidateConfig<V extends { json: unknown }>(json: unknown, source: string, experiment: string, validate: () => V): V {
  let v: V;
  try {
    v = validate();
  } catch (e) {
    throw new ShardFileError(`${source}: invalid ${experiment} config: ${(e as Error).message}`);
  }
  if (canonical(v.json) !== canonical(json)) throw new ShardFileError(`${source}: config is not the ${experiment} config lipvar writes (${canonical(json).slice(0, 120)})`);
  return v;
}

/** One histogram against what its config says: bins, range [lo, hi) and the number of values counted. */
function checkHistogram(source: string, at: string, h: Histogram | null, expected: { bins: number; lo: number; hi: number; values: number } | null): void {
  if (expected === null) {
    if (h !== null) throw new ShardFileError(`${source}: ${at} must be null (the config records no histogram)`);
    return;
  }
  if (h === null) throw new ShardFileError(`${source}: ${at} is missing (the config records a histogram of ${expected.bins} bins)`);
  if (h.counts.length !== expected.bins) throw new ShardFileError(`${source}: ${at}.counts must have ${expected.bins} bins (the config's), got ${h.counts.length}`);
  if (h.lo !== expected.lo || h.hi !== expected.hi) throw new ShardFileError(`${source}: ${at} range must be [${expected.lo}, ${expected.hi}) (from the config), got [${h.lo}, ${h.hi})`);
  const total = h.counts.reduce((a, b) => a + b, 0) + h.underflow + h.overflow + h.nan;
  if (total !== expected.values) throw new ShardFileError(`${source}: ${at} counts ${total} values, but the config draws ${expected.values}`);
}

/** A variance chunk (of `lipvar variance` or one sweep point) against its point's config: matrix count, histogram, build. */
export function checkVarianceChunk(
  source: string,
  at: string,
  unit: { build: string; co: { count: number }; histogram: Histogram | null },
  config: { d: number; n: number; samples: number; chunkSize: number; histogram: { min: number; max: number; bins: number } | null },
  chunk: number,
  shardBuild: string,
): void {
  const matrices = Math.min(config.chunkSize, config.samples - chunk * config.chunkSize);
  if (unit.co.count !== matrices) throw new ShardFileError(`${source}: ${at}.co.count must be ${matrices} (matrices in chunk ${chunk} of the config), got ${unit.co.count}`);
  const hc = config.histogram;
  checkHistogram(source, `${at}.histogram`, unit.histogram, hc && { bins: hc.bins, lo: hc.min, hi: hc.max, values: matrices * config.d * config.n });
  checkUnitBuild(source, at, unit.build, shardBuild);
}

/** Every unit of a shard was run by the shard's own build. */
export function checkUnitBuild(source: string, at: string, unitBuild: string, shardBuild: string): void {
  if (unitBuild !== shardBuild) throw new ShardFileError(`${source}: ${at}.build ${show(unitBuild)} differs from the shard's run.build ${show(shardBuild)}`);
}

/** Per-layer histogram ranges of a depth stack (LayerHistogramSpec), or null when not recorded. */
export interface LayerRanges {
  min: number | readonly number[];
  max: number | readonly number[];
  bins: number;
}

/**
 * A network replicate (decay, or residual's AOL stack) against its config:
 * `depth` layers of non-negative values, histograms with the plan's bins
 * and ranges counting batch × width values per layer, the shard's build.
 */
export function checkNetworkReplicate(
  source: string,
  at: string,
  unit: { build: string; variance: number[]; gradInput: number[]; weightMeanSquare: number[]; unitVariance: number[]; meanCosine: number[]; histograms: (Histogram | null)[]; gradHistograms: (Histogram | null)[] },
  widths: readonly number[],
  batch: number,
  plan: { histogram: LayerRanges | null; gradHistogram: LayerRanges | null },
  shardBuild: string,
): void {
  const depth = widths.length - 1;
  for (const key of ["variance", "gradInput", "weightMeanSquare", "unitVariance", "meanCosine", "histograms", "gradHistograms"] as const) {
    if (unit[key].length !== depth) throw new ShardFileError(`${source}: ${at}.${key} must have ${depth} entries (one per layer of the config), got ${unit[key].length}`);
  }
  const pick = (v: number | readonly number[], l: number) => (typeof v === "number" ? v : v[l]);
  for (let l = 0; l < depth; l++) {
    const values = batch * widths[l + 1];
    const spec = (r: LayerRanges | null) => r && { bins: r.bins, lo: pick(r.min, l), hi: pick(r.max, l), values };
    checkHistogram(source, `${at}.histograms[${l}]`, unit.histograms[l], spec(plan.histogram));
    checkHistogram(source, `${at}.gradHistograms[${l}]`, unit.gradHistograms[l], spec(plan.gradHistogram));
  }
  checkUnitBuild(source, at, unit.build, shardBuild);
}

/** A list of per-layer values has `depth` entries. */
export function checkLayerCount(source: string, at: string, values: readonly number[], depth: number): void {
  if (values.length !== depth) throw new ShardFileError(`${source}: ${at} must have ${depth} entries (one per layer of the config), got ${values.length}`);
}

/**
 * A training run against its config: curves of `epochs` (train loss) and
 * `epochs + 1` (test loss and accuracy, epoch 0 at initialisation) entries,
 * `depth + 1` layers of statistics, null losses only in a diverged run,
 * and the shard's build.
 */
export function checkTrainRun(
  source: string,
  at: string,
  run: { build: string; depth: number; finite: boolean; trainLoss: (number | null)[]; testLoss: (number | null)[]; testAccuracy: number[]; init: object; final: object },
  epochs: number,
  shardBuild: string,
): void {
  checkLayerCount(source, `${at}.trainLoss`, run.trainLoss as number[], epochs);
  checkLayerCount(source, `${at}.testLoss`, run.testLoss as number[], epochs + 1);
  checkLayerCount(source, `${at}.testAccuracy`, run.testAccuracy, epochs + 1);
  for (const when of ["init", "final"] as const) {
    for (const [key, values] of Object.entries(run[when] as Record<string, number[]>)) checkLayerCount(source, `${at}.${when}.${key}`, values, run.depth + 1);
  }
  if (run.finite) {
    for (const key of ["trainLoss", "testLoss"] as const) {
      const i = run[key].findIndex((v) => v === null);
      if (i >= 0) throw new ShardFileError(`${source}: ${at}.${key}[${i}] must be a finite number (the run is marked finite), got null`);
    }
  }
  checkUnitBuild(source, at, run.build, shardBuild);
}
