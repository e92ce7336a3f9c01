/**
 * A sweep: `lipvar variance` over a grid of points (d, n, β, seed), all
 * points' chunks run in one pool so the workers stay busy across points.
 *
 * Points are the cartesian product d × n × β × seed, d outermost and seed
 * innermost: point p = ((iD · |n| + iN) · |β| + iB) · |seeds| + iS. Each
 * point is cut into chunks exactly as `runWeightVariance` cuts it alone
 * (chunk c of a point uses RNG stream c under that point's seed), and each
 * point's result is built from its own chunks in chunk order, so it is the
 * single-point result bit for bit (the `run` field aside).
 *
 * Work units are (point, chunk) pairs enumerated point-major: unit u is
 * chunk u − first(p) of the point p whose chunks cover u. Sharding
 * (src/shard/sweep-shard.ts) splits units, not points, so unequal points
 * still balance across shards.
 */
import type { VarianceTask, VarianceTaskResult } from "./kernel-worker.js";
import { checkInteger, checkNonNegative, checkSeed, jsonBeta, resolveDistribution } from "./config.js";
import { resolveWorkers, runExperimentTasks, type RunOptions } from "./pool.js";
import type { DistributionName, JsonBeta, RunInfo, WeightVarianceResult } from "./types.js";
import { DEFAULT_CHUNK_SIZE, MAX_DIMENSION, MAX_SAMPLES, validateWeightVarianceConfig, varianceTasks, weightVarianceResult, type ValidatedWeightVariance } from "./weightVariance.js";
import { requireConfig } from "../require-config.js";

/** Most matrices a whole sweep may draw (points × samples), the single-run limit. */
export const MAX_SWEEP_MATRICES = MAX_SAMPLES;
/** Most work units (points × chunks per point) a sweep may hold: each is a task and, in a shard file, a record. */
export const MAX_SWEEP_UNITS = 10_000_000;

/** A sweep over d × n × β × seed; every other setting is shared by all points. */
export interface SweepConfig {
  /** "aol" or "sll" (as for `runWeightVariance`). */
  transform: "aol" | "sll";
  /** SLL log-weight standard deviation ≥ 0 (finite); 0 for AOL; default 0. */
  qStd?: number;
  /** Rows of W: a non-empty list of distinct integers from 1 to MAX_DIMENSION. */
  d: readonly number[];
  /** Columns of W: a non-empty list of distinct integers from 1 to MAX_DIMENSION. */
  n: readonly number[];
  /** Entry distribution (default "gaussian", or "gnd" when `beta` is given). Named distributions are one point on the β axis. */
  dist?: DistributionName;
  /** Shapes for dist "gnd" only: a non-empty list of distinct numbers > 0 or Infinity. */
  beta?: readonly number[];
  /** Seeds: a non-empty list of distinct integers from 0 to 2^64 − 1 (bigint or safe integer). */
  seeds: readonly (bigint | number)[];
  /** Matrices per point, an integer from 2 to MAX_SAMPLES; points × samples ≤ MAX_SWEEP_MATRICES. */
  samples: number;
  /** Matrices per chunk (integer from 1 to 2^24, default 4096): part of each point's random stream layout. */
  chunkSize?: number;
}

/** The validated sweep config as echoed in results (seeds as decimal strings, β as JsonBeta). */
export interface SweepConfigJson {
  transform: "aol" | "sll";
  qStd: number;
  d: number[];
  n: number[];
  dist: DistributionName;
  beta: JsonBeta[];
  seeds: string[];
  samples: number;
  chunkSize: number;
}

/** Options besides the config; none changes the numbers. */
export interface SweepRunOptions extends RunOptions {
  /** Worker threads (integer from 1 to 1024); default: available cores. */
  workers?: number;
}

/** The result of a sweep: one `runWeightVariance` result per point, in point order. */
export interface SweepResult {
  experiment: "sweep";
  config: SweepConfigJson;
  /** The whole sweep's run (points share one pool, so each point's `run` repeats it). */
  run: RunInfo;
  points: WeightVarianceResult[];
}

/** A validated sweep: its JSON echo, the validated point configs (in point order) and the first unit of each point. */
export interface ValidatedSweep {
  json: SweepConfigJson;
  points: ValidatedWeightVariance[];
  /** unitStart[p] is point p's first unit; unitStart[points] is the total unit count. */
  unitStart: number[];
}

/** One work unit's identity. */
export interface SweepUnit {
  point: number;
  chunk: number;
}

/** Check a list: an array, non-empty, no duplicate (by `key`); each element through `check(name[i], x)`. */
function checkList<T, R>(name: string, list: unknown, check: (label: string, x: T) => R, key: (r: R) => unknown = (r) => r): R[] {
  if (!Array.isArray(list) || list.length === 0) throw new RangeError(`${name} must be a non-empty list, got ${Array.isArray(list) ? "[]" : String(list)}`);
  const seen = new Map<unknown, number>();
  return (list as T[]).map((x, i) => {
    const r = check(`${name}[${i}]`, x);
    const prior = seen.get(key(r));
    if (prior !== undefined) throw new RangeError(`${name} must not repeat a value: ${name}[${prior}] and ${name}[${i}] are both ${String(x)}`);
    seen.set(key(r), i);
    return r;
  });
}

/**
 * Validate a sweep (RangeError naming the field, the list element and its
 * accepted range) and expand it into point configs, d outermost, then n,
 * then β, then seed.
 */
export function validateSweepConfig(config: SweepConfig): ValidatedSweep {
  requireConfig(config);
  if (config.transform !== "aol" && config.transform !== "sll") throw new RangeError(`transform must be "aol" or "sll", got ${String(config.transform)}`);
  const qStd = checkNonNegative("qStd", config.qStd ?? 0);
  if (config.transform === "aol" && qStd !== 0) throw new RangeError(`qStd must be 0 for transform aol (use sll), got ${qStd}`);
  const ds = checkList("d", config.d, (label, x: number) => checkInteger(label, x, 1, MAX_DIMENSION));
  const ns = checkList("n", config.n, (label, x: number) => checkInteger(label, x, 1, MAX_DIMENSION));
  const dist: DistributionName = config.dist ?? (config.beta === undefined ? "gaussian" : "gnd");
  let betas: number[];
  if (dist === "gnd") {
    if (config.beta === undefined) throw new RangeError("beta is required with dist gnd (a non-empty list of numbers > 0 or Infinity)");
    betas = checkList("beta", config.beta, (label, x: number) => resolveDistribution("gnd", x, { dist: "dist", beta: label }).beta);
  } else {
    if (config.beta !== undefined) throw new RangeError(`beta applies to dist gnd only (dist ${String(dist)} fixes its shape); drop beta or use dist gnd`);
    betas = [resolveDistribution(dist, undefined).beta];
  }
  const seeds = checkList("seeds", config.seeds, (label, x: bigint | number) => {
    try {
      return checkSeed(x);
    } catch {
      throw new RangeError(`${label} must be an integer from 0 to 2^64-1, got ${String(x)}`);
    }
  });
  const samples = checkInteger("samples", config.samples, 2, MAX_SAMPLES);
  const chunkSize = checkInteger("chunkSize", config.chunkSize ?? DEFAULT_CHUNK_SIZE, 1, 1 << 24);
  const pointCount = ds.length * ns.length * betas.length * seeds.length;
  if (pointCount * samples > MAX_SWEEP_MATRICES) {
    throw new RangeError(`samples × points must be at most ${MAX_SWEEP_MATRICES}, got ${samples} × ${pointCount} = ${pointCount * samples}; lower samples or shorten the lists`);
  }
  const chunksPerPoint = Math.ceil(samples / chunkSize);
  if (pointCount * chunksPerPoint > MAX_SWEEP_UNITS) {
    throw new RangeError(`chunks × points must be at most ${MAX_SWEEP_UNITS}, got ${chunksPerPoint} × ${pointCount}; raise chunkSize`);
  }
  const points: ValidatedWeightVariance[] = [];
  const unitStart = [0];
  for (const d of ds) {
    for (const n of ns) {
      for (const beta of betas) {
        for (const seed of seeds) {
          points.push(validateWeightVarianceConfig({ transform: config.transform, qStd, d, n, dist, beta, samples, seed, chunkSize }));
          unitStart.push(unitStart[unitStart.length - 1] + chunksPerPoint);
        }
      }
    }
  }
  return {
    json: { transform: config.transform, qStd, d: ds, n: ns, dist, beta: betas.map(jsonBeta), seeds: seeds.map(String), samples, chunkSize },
    points,
    unitStart,
  };
}

/** Number of work units ((point, chunk) pairs) of a validated sweep. */
export function sweepUnitCount(v: ValidatedSweep): number {
  return v.unitStart[v.points.length];
}

/** The (point, chunk) of every unit, in unit order (point-major). */
export function sweepUnits(v: ValidatedSweep): SweepUnit[] {
  const units: SweepUnit[] = [];
  v.points.forEach((_, point) => {
    for (let chunk = 0; chunk < v.unitStart[point + 1] - v.unitStart[point]; chunk++) units.push({ point, chunk });
  });
  return units;
}

/**
 * Run only the units u for which `select(u)` holds (sharding: u mod k = i)
 * in one pool run, returning their identities and partial accumulators in
 * unit order.
 */
export async function runSweepUnits(
  v: ValidatedSweep,
  select: (unit: number) => boolean,
  workers: number,
  options: RunOptions = {},
): Promise<{ units: SweepUnit[]; parts: VarianceTaskResult[] }> {
  const units: SweepUnit[] = [];
  const tasks: VarianceTask[] = [];
  v.points.forEach((point, p) => {
    const pointTasks = varianceTasks(point);
    pointTasks.forEach((task, chunk) => {
      if (select(v.unitStart[p] + chunk)) {
        units.push({ point: p, chunk });
        tasks.push(task);
      }
    });
  });
  const parts = await runExperimentTasks<VarianceTaskResult>(tasks, workers, options.onProgress, options);
  return { units, parts };
}

/**
 * The sweep result from every unit's accumulators, given in unit order: each
 * point's result from its own chunks in chunk order (as `runWeightVariance`
 * merges them), each with the sweep's `run`.
 */
export function sweepResult(v: ValidatedSweep, parts: readonly VarianceTaskResult[], run: RunInfo): SweepResult {
  if (parts.length !== sweepUnitCount(v)) throw new RangeError(`a sweep result needs all ${sweepUnitCount(v)} units, got ${parts.length}`);
  const points = v.points.map((point, p) => weightVarianceResult(point, parts.slice(v.unitStart[p], v.unitStart[p + 1]), run));
  return { experiment: "sweep", config: v.json, run, points };
}

/**
 * Run a sweep (domain: see `SweepConfig`): all points' chunks in one pool
 * run, one progress count over all chunks. Each point's result equals
 * `runWeightVariance` of that point alone, `run` aside.
 * @param config - Lists of d, n, β (or one `dist`) and seeds; every combination is a point.
 * @param options - Workers, progress callback and Wasm build options.
 * @returns One `runWeightVariance` result per point, in order (d slowest, then n, β, seed).
 * @throws TypeError for a missing config; RangeError naming the field that is out of range.
 * @example
 * ```ts
 * import { runSweep } from "lipvar";
 * const s = await runSweep({ transform: "aol", d: [4, 8], n: [4], samples: 1000, seeds: [1] }, { workers: 1 });
 * s.points.map((p) => p.config.d); // returns [4, 8]
 * ```
 */
export async function runSweep(config: SweepConfig, options: SweepRunOptions = {}): Promise<SweepResult> {
  const v = validateSweepConfig(config);
  const workers = await resolveWorkers(options.workers);
  const started = performance.now();
  const { parts } = await runSweepUnits(v, () => true, workers, options);
  const seconds = (performance.now() - started) / 1000;
  return sweepResult(v, parts, { build: parts[0]?.build ?? "unknown", workers, seconds });
}
