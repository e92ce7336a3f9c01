/**
 * `lipvar check --weights FILE… (--gram column|row --weights-are raw|rescaled
 * [--dist NAME [--beta B]] | --manifest FILE)`: check weights that the
 * user's own code produced (src/check/weights, docs/ci.md). Every input is
 * read and validated before any check runs; unreadable or inconsistent input
 * is one line and exit code 2, a failed check exit code 1.
 */
import { readFile } from "node:fs/promises";
import { toJson } from "../check/index.js";
import { BaselineError, compareWithBaseline, parseBaseline } from "../check/baseline.js";
import { buildStack, checkWeights, parseManifest, readWeightsFile, WeightsInputError, betaOf, type FileArrays, type WeightsPlan } from "../check/weights/index.js";
import { writeFileAtomic } from "../report/write.js";
import { checkOutputFile } from "../io/output-paths.js";
import { beta as parseBeta, choice, positiveNumber, seed as parseSeed } from "./args.js";
import { UsageError } from "./errors.js";
import { createProgress, type Progress } from "./progress.js";
import { emitCheckResults, type CheckFormat } from "./check-output.js";

export interface CheckWeightsOptions {
  weights?: string[];
  manifest?: string;
  gram?: string;
  weightsAre?: string;
  dist?: string;
  beta?: string;
  weightStd?: string;
  layout?: string;
  seed?: string;
  json?: boolean;
  /** table, json, csv or github (resolved by the check command; default from json). */
  format?: CheckFormat;
  /** --update-baseline FILE: write this run's rows as a baseline. */
  updateBaseline?: string;
  quiet?: boolean;
  junit?: string;
  suite?: string;
  baseline?: string;
  workers?: number;
}

const SIMPLE_ONLY = ["gram", "weightsAre", "dist", "beta", "weightStd", "layout"] as const;
const FLAG: Record<(typeof SIMPLE_ONLY)[number], string> = { gram: "--gram", weightsAre: "--weights-are", dist: "--dist", beta: "--beta", weightStd: "--weight-std", layout: "--layout" };

/** The plan of the simple form: every 2-D array is a layer with these settings. */
function simplePlan(opts: CheckWeightsOptions): WeightsPlan {
  if (opts.gram === undefined) throw new UsageError("--gram is required with --weights (column: AOL, t from WᵀW on a d×n matrix; row: SLL, t from W·Wᵀ on an out×in matrix), or give --manifest");
  if (opts.weightsAre === undefined) throw new UsageError("--weights-are is required with --weights (raw: before the rescaling; rescaled: W̄), or give --manifest");
  const gram = choice("--gram", opts.gram, ["column", "row"] as const);
  const weightsAre = choice("--weights-are", opts.weightsAre, ["raw", "rescaled"] as const);
  const b = opts.beta === undefined ? undefined : parseBeta("--beta", opts.beta);
  const dist = opts.dist === undefined ? (b === undefined ? "unknown" : "gnd") : choice("--dist", opts.dist, ["gaussian", "laplace", "uniform", "gnd", "unknown"] as const);
  if (dist === "gnd" && b === undefined) throw new UsageError("--beta is required with --dist gnd (a number > 0 or 'inf')");
  const implied = dist === "gaussian" ? 2 : dist === "laplace" ? 1 : dist === "uniform" ? Infinity : undefined;
  if (implied !== undefined && b !== undefined && b !== implied) throw new UsageError(`--beta ${opts.beta} conflicts with --dist ${dist} (which means beta = ${implied === Infinity ? "inf" : implied}); drop --beta or use --dist gnd`);
  if (dist === "unknown" && b !== undefined) throw new UsageError("--beta is not used with --dist unknown");
  const std = opts.weightStd === undefined ? null : positiveNumber("--weight-std", opts.weightStd);
  if (std !== null && weightsAre === "rescaled") throw new UsageError("--weight-std is the raw entries' standard deviation; it is not used with --weights-are rescaled");
  const layout = opts.layout === undefined ? "out-in" : choice("--layout", opts.layout, ["out-in", "in-out"] as const);
  return { name: "weights", layers: null, common: { gram, weightsAre, beta: betaOf(dist, b), std, activation: "relu", layout } };
}

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

export async function runCheckWeights(opts: CheckWeightsOptions): Promise<void> {
  const files = opts.weights ?? [];
  if (files.length === 0) throw new UsageError("--weights needs at least one .npz or .npy file");
  if (opts.suite !== undefined) throw new UsageError("--suite and --weights cannot be combined: --weights checks your files, --suite lipvar's own expectations");
  const seed = opts.seed === undefined ? 1n : parseSeed("--seed", opts.seed);
  let plan: WeightsPlan;
  let stack;
  let baseline: ReturnType<typeof parseBaseline> | undefined;
  try {
    if (opts.baseline !== undefined) {
      baseline = parseBaseline(await readText(opts.baseline, "baseline"), opts.baseline);
    }
    if (opts.manifest !== undefined) {
      const given = SIMPLE_ONLY.filter((key) => opts[key] !== undefined);
      if (given.length > 0) throw new UsageError(`${FLAG[given[0]]} cannot be combined with --manifest: the manifest says it per layer (or in its "defaults")`);
      plan = parseManifest(await readText(opts.manifest, "manifest"), opts.manifest);
    } else plan = simplePlan(opts);
    const arrays: FileArrays[] = [];
    for (const file of files) arrays.push({ file, arrays: await readWeightsFile(file) });
    stack = buildStack(arrays, plan);
  } catch (e) {
    if (e instanceof WeightsInputError || e instanceof BaselineError) throw new UsageError(e.message);
    throw e;
  }
  if (opts.junit !== undefined) await checkOutputFile("--junit", opts.junit);
  if (opts.updateBaseline !== undefined) await checkOutputFile("--update-baseline", opts.updateBaseline);
  for (const note of stack.notes) process.stderr.write(`lipvar: note: ${note}\n`);
  const started = performance.now();
  let progress: Progress | undefined;
  const { results: checked, notes } = await checkWeights(stack, {
    seed,
    workers: opts.workers,
    onProgress: (done, total) => {
      progress ??= createProgress({ total, label: "check --weights", unit: "layers", quiet: opts.json === true || opts.quiet === true });
      progress.update(done, total);
    },
  });
  progress?.finish();
  let results = checked;
  let notInBaseline: string[] | undefined;
  if (baseline !== undefined) {
    // Drift of the statistical rows (those with a standard error) against an earlier --json run of the
    // same check; the identities are judged on their own in every run.
    try {
      const comparison = compareWithBaseline({ version: 1, name: plan.name, expectations: [] }, checked.filter((r) => r.se !== undefined && r.se > 0), baseline, opts.baseline!);
      results = [...checked, ...comparison.drift];
      notInBaseline = comparison.missing;
    } catch (e) {
      if (e instanceof BaselineError) throw new UsageError(e.message);
      throw e;
    }
  }
  for (const note of notes.slice(stack.notes.length)) process.stderr.write(`lipvar: note: ${note}\n`);
  const seconds = (performance.now() - started) / 1000;
  const name = `${plan.name} (${stack.layers.length} layers × ${stack.inits} initialisations)`;
  if (opts.updateBaseline !== undefined) await writeFileAtomic(opts.updateBaseline, toJson(name, checked, seconds));
  // The outputs of every check: table or JSON, JUnit, GitHub annotations and job summary (check-output.ts).
  await emitCheckResults({ name, results, seconds, format: opts.format ?? (opts.json ? "json" : "table"), junit: opts.junit, annotationFile: opts.manifest, ...(notInBaseline !== undefined ? { notInBaseline } : {}) });
}
