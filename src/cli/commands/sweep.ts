/**
 * `lipvar sweep`: `lipvar variance` over a grid of (d, n, β, seed) points in
 * one worker pool (runSweep), as a table of one row per point, or JSON;
 * `--shard i/k` runs a deterministic part for `lipvar merge`.
 */
import type { Command } from "commander";
import { COMMAND_SUMMARIES } from "./summaries.js";
import type { Renderers } from "../output.js";
import { MAX_DIMENSION, MAX_SAMPLES, DEFAULT_CHUNK_SIZE } from "../../experiments/weightVariance.js";
import { runSweep, type SweepConfig, type SweepResult } from "../../experiments/sweep.js";
import { runSweepShard } from "../../shard/sweep-shard.js";
import { integerInRange, listItems, seed as parseSeed } from "../args.js";
import { DIST_HELP, parseDistName, parseDistOptions, type DistName } from "../dist.js";
import { UsageError } from "../errors.js";
import { runSummary } from "../run-info.js";
import { shardOption, type ShardSpec } from "../shard-output.js";
import { layerTable } from "../table.js";
import { addTransformOptions, parseChunkSize, parseTransform } from "../run-options.js";
import { runExperimentCommand } from "../experiment-command.js";
import { DEFAULT_SEED, addExamples, addResultOptions, parseWorkers, workersOption, type OutputOptionsRaw } from "../options.js";
import { toCsv } from "../csv.js";

interface SweepOptions extends OutputOptionsRaw {
  transform?: string;
  qStd?: string;
  d: string;
  n: string;
  dist?: string;
  beta?: string;
  seeds?: string;
  samples: string;
  chunkSize?: string;
  workers?: string;
  shard?: ShardSpec;
  out?: string;
}

/** Reject a repeated value in a parsed list (compared by `key`), naming the option. */
function distinct<T>(option: string, texts: readonly string[], values: readonly T[], key: (x: T) => unknown = (x) => x): T[] {
  const seen = new Map<unknown, string>();
  values.forEach((x, i) => {
    const prior = seen.get(key(x));
    if (prior !== undefined) throw new UsageError(`${option} must not repeat a value: '${prior}' and '${texts[i]}' are the same`);
    seen.set(key(x), texts[i]);
  });
  return [...values];
}

/** A comma-separated list of distinct integers in [min, max]. */
function integerList(option: string, raw: string, min: number, max: number): number[] {
  const items = listItems(option, raw, "integers");
  return distinct(option, items, items.map((x) => integerInRange(option, x, min, max)));
}

/** `--dist` and the `--beta` list: a β list only for gnd; gaussian, laplace, uniform are one point on the β axis. */
function parseDistList(opts: { dist?: string; beta?: string }): { dist: DistName; beta?: number[] } {
  if (opts.beta === undefined) return { dist: parseDistOptions({ dist: opts.dist }).dist };
  const dist = opts.dist === undefined ? "gnd" : parseDistName("--dist", opts.dist);
  if (dist !== "gnd") throw new UsageError(`--beta applies to --dist gnd only (--dist ${dist} fixes the shape); drop --beta or use --dist gnd`);
  const texts = listItems("--beta", opts.beta, "shapes");
  const betas = texts.map((t) => parseDistOptions({ dist: "gnd", beta: t }).beta);
  return { dist, beta: distinct("--beta", texts, betas) };
}

function fmt(x: number | null, digits = 6): string {
  return x === null ? "-" : String(Number(x.toPrecision(digits)));
}

/** The human-readable table: one row per point. */
export function sweepTable(r: SweepResult): string {
  const c = r.config;
  const header = `${c.transform}${c.transform === "sll" ? ` (q-std ${c.qStd})` : ""}, ${c.dist}, ${r.points.length} points of ${c.samples} matrices (chunks of ${c.chunkSize}; ${runSummary(r.run)})\n`;
  const rows = r.points.map((p) => {
    const ref = p.exact ?? p.meanField;
    const z = p.exact === null ? "-" : p.se > 0 ? ((p.estimate - p.exact) / p.se).toFixed(2) : p.estimate === p.exact ? "0.00" : "inf";
    return [
      String(p.config.d),
      String(p.config.n),
      String(p.config.beta),
      p.config.seed,
      `${fmt(p.estimate)} ± ${fmt(p.se, 3)}`,
      `${fmt(ref)} ${p.exact === null ? "(mean-field)" : "(exact)"}`,
      fmt(p.upper),
      z,
    ];
  });
  const note = c.qStd > 0 ? "note: with q-std > 0 the mean-field column is the AOL (q = 1) value, for reference only\n" : "";
  return header + layerTable(["d", "n", "beta", "seed", "estimate ± SE", "exact or mean-field", "1/d", "z vs exact"], rows) + note;
}

/** CSV: one row per point. */
export function sweepCsv(r: SweepResult): string {
  const c = r.config;
  return toCsv(
    ["transform", "q_std", "d", "n", "dist", "beta", "seed", "samples", "estimate", "se", "exact", "mean_field", "paper", "upper"],
    r.points.map((p) => [c.transform, c.qStd, p.config.d, p.config.n, p.config.dist, p.config.beta, p.config.seed, p.samples, p.estimate, p.se, p.exact, p.meanField, p.paper, p.upper]),
  );
}

/** The table and CSV of a sweep result (also what `lipvar merge` prints for its shards). */
export const renderers: Renderers<SweepResult> = { table: sweepTable, csv: sweepCsv };

export function register(program: Command): void {
  const command = program
    .command("sweep")
    .description(COMMAND_SUMMARIES.sweep.description);
  addTransformOptions(command)
    .requiredOption("--d <list>", `rows of W: comma-separated distinct integers from 1 to ${MAX_DIMENSION}`)
    .requiredOption("--n <list>", `columns of W: comma-separated distinct integers from 1 to ${MAX_DIMENSION}`)
    .option("--dist <name>", `weight distribution: ${DIST_HELP} (default gaussian, or gnd when --beta is given)`)
    .option("--beta <list>", "shapes for --dist gnd only: comma-separated distinct numbers > 0 or 'inf'")
    .requiredOption("--samples <M>", `matrices per point, an integer from 2 to ${MAX_SAMPLES}`)
    .option("--seeds <list>", `comma-separated distinct seeds, integers from 0 to 2^64-1 (default: ${DEFAULT_SEED})`)
    .option("--chunk-size <C>", `matrices per chunk, an integer from 1 to ${1 << 24} (default ${DEFAULT_CHUNK_SIZE}; part of the random stream layout)`)
    .addOption(workersOption());
  addResultOptions(command)
    .addOption(shardOption());
  addExamples(command, [
    ["lipvar sweep --d 16,64 --n 16,64,256 --samples 4096", "six AOL layer shapes, Gaussian weights, seed 1"],
    ["lipvar sweep --d 64 --n 64 --beta 0.5,1,2,inf --seeds 1,2,3 --samples 4096 -f csv > sweep.csv", "shapes beta x seeds as CSV"],
    ["lipvar sweep --d 64 --n 64,256 --samples 100000 --shard 0/2 -o part0.json", "half of the work, to combine with lipvar merge"],
  ]).action(async (opts: SweepOptions) => {
      const { transform, qStd } = parseTransform(opts);
      const d = integerList("--d", opts.d, 1, MAX_DIMENSION);
      const n = integerList("--n", opts.n, 1, MAX_DIMENSION);
      const { dist, beta } = parseDistList(opts);
      const seedItems = listItems("--seeds", opts.seeds ?? String(DEFAULT_SEED), "seeds");
      const seeds = distinct("--seeds", seedItems, seedItems.map((x) => parseSeed("--seeds", x)));
      const samples = integerInRange("--samples", opts.samples, 2, MAX_SAMPLES);
      const chunkSize = parseChunkSize(opts.chunkSize);
      const workers = parseWorkers(opts.workers);
      const config: SweepConfig = { transform, qStd, d, n, dist, beta, seeds, samples, chunkSize };
      await runExperimentCommand(opts, {
        label: "sweep",
        unit: "chunks",
        shard: (spec, o) => runSweepShard(config, spec, { workers, ...o }),
        full: (o) => runSweep(config, { workers, ...o }),
        ...renderers,
      });
    });
}
