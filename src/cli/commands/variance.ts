/**
 * `lipvar variance`: Monte Carlo Var[w̄] of AOL/SLL-rescaled weights with the
 * control-variate estimator, next to the analytic values (runWeightVariance).
 */
import type { Command } from "commander";
import { COMMAND_SUMMARIES } from "./summaries.js";
import type { Renderers } from "../output.js";
import { DEFAULT_CHUNK_SIZE, MAX_DIMENSION, MAX_SAMPLES, defaultWeightHistogram, runWeightVariance } from "../../experiments/weightVariance.js";
import type { WeightVarianceResult } from "../../experiments/types.js";
import { choice, integerInRange, numberList, positiveNumber } from "../args.js";
import type { PreciseVarianceResult } from "../../experiments/precise.js";
import { addDistOptions, parseDistOptions } from "../dist.js";
import { shardOption, type ShardSpec } from "../shard-output.js";
import { runSummary } from "../run-info.js";
import type { PrecisionTarget } from "../../experiments/precision.js";
import { UsageError } from "../errors.js";
import { WEIGHT_STD_HELP, addTransformOptions, parseChunkSize, parseTransform, parseWeightStd } from "../run-options.js";
import { runExperimentCommand } from "../experiment-command.js";
import { addExamples, addResultOptions, parseSeedOption, parseWorkers, seedOption, workersOption, type OutputOptionsRaw } from "../options.js";
import { toCsv } from "../csv.js";

interface VarianceOptions extends OutputOptionsRaw {
  method: string;
  q?: string;
  pilotChunks?: string;
  transform?: string;
  qStd?: string;
  d: string;
  n: string;
  dist?: string;
  beta?: string;
  weightStd?: string;
  samples?: string;
  targetSe?: string;
  targetRse?: string;
  seed?: string;
  workers?: string;
  chunkSize?: string;
  histogramBins?: string;
  out?: string;
  shard?: ShardSpec;
}

function fmt(x: number | null): string {
  return x === null ? "-" : String(Number(x.toPrecision(8)));
}

/** Within 4 SE of a reference: the verdict the table prints. */
function verdict(r: WeightVarianceResult, ref: number | null): string {
  if (ref === null) return "";
  const z = r.se > 0 ? (r.estimate - ref) / r.se : r.estimate === ref ? 0 : Infinity;
  return Math.abs(z) <= 4 ? `within 4 SE (z = ${z.toFixed(2)})` : `NOT within 4 SE (z = ${Number.isFinite(z) ? z.toFixed(1) : "inf"})`;
}

/** The human-readable table (without --json). */
export function varianceTable(r: WeightVarianceResult): string {
  const c = r.config;
  const aboveUpper = r.se > 0 ? (r.estimate - r.upper) / r.se : r.estimate > r.upper ? Infinity : -Infinity;
  const rows: [string, string, string][] = [
    ["layer", `${c.transform}${c.transform === "sll" ? ` (q-std ${c.qStd})` : ""}, d = ${c.d}, n = ${c.n}, ${c.dist} (beta = ${c.beta}${c.weightStd === null ? "" : `, weight std ${c.weightStd}`})`, ""],
    ["matrices", `${r.samples} (seed ${c.seed}, ${runSummary(r.run)})`, ""],
    ["estimate (control variate)", `${fmt(r.estimate)} ± ${fmt(r.se)}`, `variance reduction ${r.varianceReduction.toFixed(1)}x`],
    ["estimate (plain)", `${fmt(r.estimatePlain)} ± ${fmt(r.sePlain)}`, ""],
    ["exact (Gaussian)", fmt(r.exact), verdict(r, r.exact)],
    ["mean-field", fmt(r.meanField), verdict(r, r.meanField)],
    ["author's GND closed form", fmt(r.paper), verdict(r, r.paper)],
    ["upper bound 1/d", fmt(r.upper), aboveUpper > 4 ? `estimate ABOVE 1/d by ${aboveUpper.toFixed(1)} SE` : "estimate below 1/d (within 4 SE)"],
    ["m(d)", fmt(r.meanAbsInner), ""],
  ];
  if (r.innerProduct) {
    const ip = r.innerProduct;
    rows.push(["mean |<w_i,w_j>| (raw)", `${fmt(ip.measured)} ± ${fmt(ip.se)}`, `expected m(d)·σ² = ${fmt(ip.expected)} (z = ${ip.zScore.toFixed(2)})`]);
  }
  const w0 = Math.max(...rows.map((x) => x[0].length));
  const w1 = Math.max(...rows.map((x) => x[1].length));
  const lines = rows.map(([a, b, v]) => `${a.padEnd(w0)}  ${v ? b.padEnd(w1) + "  " + v : b}`.trimEnd());
  const p = r.precision;
  if (p) {
    const asked = p.target.se !== null ? `SE ${fmt(p.target.se)}` : `relative SE ${fmt(p.target.rse)}`;
    const plan = `${p.plannedSamples} matrices planned from a pilot of ${p.pilotSamples}${p.capped ? `, capped at --samples ${r.samples}` : ""}`;
    lines.push(`precision: target ${asked}: ${p.reached ? "reached" : "NOT reached"} (${plan})`);
  }
  for (const note of r.notes) lines.push(`note: ${note}`);
  return lines.join("\n") + "\n";
}

/** The table of a precise (Gaussian-coupled) run. */
export function preciseTable(r: PreciseVarianceResult): string {
  const c = r.config;
  const layer = `${c.transform}${c.q ? ` (q = ${c.q.join(",")})` : ""}, d = ${c.d}, n = ${c.n}, ${c.dist} (beta = ${c.beta})`;
  const lines = [
    `layer                     ${layer}`,
    `matrices                  ${r.samples} + pilot ${r.pilotSamples} (seed ${c.seed}, ${runSummary(r.run)})`,
    `estimate (precise)        ${fmtPrecise(r.estimate)} ± ${fmt(r.se)}   relative SE ${r.rse.toExponential(2)}, variance reduction ${r.varianceReduction.toFixed(1)}x over the plain mean`,
    `estimate (plain)          ${fmt(r.estimatePlain)} ± ${fmt(r.sePlain)}`,
    `Gaussian (exact)          ${fmtPrecise(r.gaussian)}   shape effect ${(((r.estimate - r.gaussian) / r.gaussian) * 100).toFixed(4)}% ± ${((r.se / r.gaussian) * 100).toFixed(4)}%`,
    `mean-field                ${fmt(r.meanField)}`,
    `upper bound 1/d           ${fmt(r.upper)}`,
  ];
  const p = r.precision;
  if (p) {
    const asked = p.target.se !== null ? `SE ${fmt(p.target.se)}` : `relative SE ${fmt(p.target.rse)}`;
    lines.push(`precision: target ${asked}: ${p.reached ? "reached" : "NOT reached"} (${p.plannedSamples} matrices planned from the pilot${p.capped ? `, capped at --samples ${c.samples}` : ""})`);
  }
  for (const note of r.notes) lines.push(`note: ${note}`);
  return lines.join("\n") + "\n";
}

function fmtPrecise(x: number): string {
  return String(Number(x.toPrecision(10)));
}

/** The precise method's own options: a fixed --q list for SLL (instead of --q-std), the pilot size; no histogram or shards. */
function preciseOptions(opts: VarianceOptions, transform: "aol" | "sll", qStd: number, n: number): { q?: number[]; pilotChunks?: number } {
  if (qStd !== 0) throw new UsageError("--method precise takes a fixed --q list for sll, not --q-std (random q has no exact Gaussian reference)");
  if (opts.histogramBins !== undefined) throw new UsageError("--histogram-bins applies to --method cv only");
  if (opts.shard) throw new UsageError("--shard applies to --method cv only");
  let q: number[] | undefined;
  if (transform === "sll") {
    if (opts.q === undefined) throw new UsageError(`--method precise with --transform sll needs --q: ${n} comma-separated positive numbers`);
    q = numberList("--q", opts.q).map((x) => x.value);
    if (q.length !== n || q.some((x) => !(x > 0))) throw new UsageError(`--q must be ${n} comma-separated positive finite numbers (one per column), got '${opts.q}'`);
  } else if (opts.q !== undefined) {
    throw new UsageError("--q applies to --transform sll only (aol has q = 1)");
  }
  const pilotChunks = opts.pilotChunks === undefined ? undefined : integerInRange("--pilot-chunks", opts.pilotChunks, 1, 1000);
  return { q, pilotChunks };
}

/** --target-se / --target-rse (at most one), or undefined. */
function parseTarget(opts: VarianceOptions): PrecisionTarget | undefined {
  if (opts.targetSe !== undefined && opts.targetRse !== undefined) throw new UsageError("give --target-se or --target-rse, not both");
  if (opts.targetSe !== undefined) return { se: positiveNumber("--target-se", opts.targetSe) };
  if (opts.targetRse !== undefined) {
    const rse = positiveNumber("--target-rse", opts.targetRse);
    if (!(rse < 1)) throw new UsageError(`--target-rse must be a number in (0, 1), got ${opts.targetRse}`);
    return { rse };
  }
  return undefined;
}

/** CSV of a control-variate run: one row, the config and the estimates as columns. */
export function varianceCsv(r: WeightVarianceResult): string {
  const c = r.config;
  return toCsv(
    ["transform", "q_std", "d", "n", "dist", "beta", "weight_std", "samples", "seed", "chunk_size", "estimate", "se", "estimate_plain", "se_plain", "variance_reduction", "exact", "mean_field", "paper", "upper", "mean_abs_inner"],
    [[c.transform, c.qStd, c.d, c.n, c.dist, c.beta, c.weightStd, r.samples, c.seed, c.chunkSize, r.estimate, r.se, r.estimatePlain, r.sePlain, r.varianceReduction, r.exact, r.meanField, r.paper, r.upper, r.meanAbsInner]],
  );
}

/** CSV of a precise run: one row. */
export function preciseCsv(r: PreciseVarianceResult): string {
  const c = r.config;
  return toCsv(
    ["transform", "q", "d", "n", "dist", "beta", "samples", "pilot_samples", "seed", "chunk_size", "estimate", "se", "rse", "estimate_plain", "se_plain", "variance_reduction", "gaussian", "exact", "mean_field", "upper"],
    [[c.transform, c.q?.join(",") ?? null, c.d, c.n, c.dist, c.beta, r.samples, r.pilotSamples, c.seed, c.chunkSize, r.estimate, r.se, r.rse, r.estimatePlain, r.sePlain, r.varianceReduction, r.gaussian, r.exact, r.meanField, r.upper]],
  );
}

/** The table and CSV of a variance result (also what `lipvar merge` prints for its shards). */
export const renderers: Renderers<WeightVarianceResult> = { table: varianceTable, csv: varianceCsv };

export function register(program: Command): void {
  const command = program
    .command("variance")
    .description(COMMAND_SUMMARIES.variance.description);
  addTransformOptions(command)
    .requiredOption("--d <D>", `rows of W (outputs), an integer from 1 to ${MAX_DIMENSION}`)
    .requiredOption("--n <N>", `columns of W (inputs), an integer from 1 to ${MAX_DIMENSION}`);
  addDistOptions(command)
    .option("--samples <M>", `number of matrices, an integer from 2 to ${MAX_SAMPLES}; required unless a target is given, which makes it the most to use (default ${MAX_SAMPLES})`)
    .addOption(seedOption())
    .option("--target-se <S>", "run until the control-variate SE is at most S (a finite number > 0): a pilot of 2 chunks plans the matrix count")
    .option("--target-rse <R>", "like --target-se, relative to the estimate: a number in (0, 1), e.g. 1e-4")
    .option("--method <cv|precise>", "cv: control variates A, B (default); precise: Gaussian-coupled control variates with pilot coefficients (any beta, about 1e-6 relative SE in a minute at moderate sizes)", "cv")
    .option("--q <list>", "precise with sll: the fixed SLL weights, n comma-separated positive numbers")
    .option("--pilot-chunks <P>", "precise: chunks of the pilot that fits the coefficients (not used in the estimate), an integer from 1 to 1000 (default 4)")
    .option("--weight-std <S>", WEIGHT_STD_HELP)
    .addOption(workersOption())
    .option("--chunk-size <C>", `matrices per chunk, an integer from 1 to ${1 << 24} (default ${DEFAULT_CHUNK_SIZE}; part of the random stream layout)`)
    .option("--histogram-bins <B>", "bins of the w̄ histogram in the JSON, an integer from 0 (none: about a quarter faster) to 1000000 (default 100)");
  addResultOptions(command)
    .addOption(shardOption());
  addExamples(command, [
    ["lipvar variance --d 64 --n 64 --samples 4096", "AOL, Gaussian weights, 4096 matrices (seed 1), against the exact value"],
    ["lipvar variance --transform sll --q-std 0.5 --d 32 --n 128 --dist laplace --samples 20000 -s 7", "SLL with random q, Laplace weights, seed 7"],
    ["lipvar variance --d 16 --n 16 --target-rse 1e-4 -f json -o var.json", "as many matrices as a relative SE of 1e-4 needs, the JSON into var.json"],
  ]).action(async (opts: VarianceOptions) => {
      const method = choice("--method", opts.method, ["cv", "precise"] as const);
      const { transform, qStd } = parseTransform(opts);
      const d = integerInRange("--d", opts.d, 1, MAX_DIMENSION);
      const n = integerInRange("--n", opts.n, 1, MAX_DIMENSION);
      const { dist, beta } = parseDistOptions(opts);
      const target = parseTarget(opts);
      if (opts.samples === undefined && !target) throw new UsageError("--samples <M> is required (or give --target-se / --target-rse)");
      const samples = opts.samples === undefined ? MAX_SAMPLES : integerInRange("--samples", opts.samples, 2, MAX_SAMPLES);
      const seed = parseSeedOption(opts.seed);
      const workers = parseWorkers(opts.workers);
      const chunkSize = parseChunkSize(opts.chunkSize);
      if (method === "precise") {
        const extra = preciseOptions(opts, transform, qStd, n);
        const config = { transform, d, n, dist, beta, samples: opts.samples === undefined ? undefined : samples, target, seed, workers, chunkSize, ...extra };
        await runExperimentCommand(opts, { label: "variance", unit: "chunks", full: async (o) => (await import("../../experiments/precise.js")).runPreciseVariance(config, o), table: preciseTable, csv: preciseCsv });
        return;
      }
      if (opts.q !== undefined || opts.pilotChunks !== undefined) throw new UsageError("--q and --pilot-chunks apply to --method precise only");
      const bins = opts.histogramBins === undefined ? undefined : integerInRange("--histogram-bins", opts.histogramBins, 0, 1_000_000);
      const histogram = bins === undefined ? undefined : bins === 0 ? (false as const) : defaultWeightHistogram(d, bins);
      const weightStd = parseWeightStd(opts.weightStd);
      const config = { transform, qStd, d, n, dist, beta, weightStd, samples, seed, workers, chunkSize, histogram };
      if (target && opts.shard) throw new UsageError("--target-se/--target-rse cannot be combined with --shard: shards need a fixed --samples");
      await runExperimentCommand(opts, {
        label: "variance",
        unit: "chunks",
        // The precise estimator and sharding load only when used (start-up of a plain run: docs/performance.md).
        shard: async (spec, o) => (await import("../../shard/shard.js")).runWeightVarianceShard(config, spec, o),
        full: (o) => runWeightVariance({ ...config, target }, o),
        ...renderers,
      });
    });
}
