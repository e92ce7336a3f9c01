/**
 * `lipvar check`: measure the built-in suite or a suite file and judge each
 * expectation (src/check). Exit 0 when all pass, 1 when any fails (including
 * a drift from --baseline), 2 for usage or input errors — a malformed suite,
 * an unreadable/unrecognisable baseline, or a baseline entry measured with a
 * different config — printed as one line. On GitHub Actions (GITHUB_ACTIONS
 * = true, or --format github) it also writes one ::error annotation per
 * failure and appends a Markdown table to $GITHUB_STEP_SUMMARY.
 */
import { readFile } from "node:fs/promises";
import { Option, type Command } from "commander";
import { COMMAND_SUMMARIES } from "./summaries.js";
import { defaultSuite, parseSuite, SuiteError, toJson, type Suite } from "../../check/index.js";
import { runSuite } from "../../check/run.js";
import { BaselineError, compareWithBaseline, parseBaseline } from "../../check/baseline.js";
import { writeFileAtomic } from "../../report/write.js";
import { checkOutputFile } from "../../io/output-paths.js";
import { UsageError } from "../errors.js";
import { emitCheckResults, resolveCheckFormat } from "../check-output.js";
import { createProgress, type Progress } from "../progress.js";
import { addExamples, parseWorkers, quietOption, workersOption } from "../options.js";
import type { CheckWeightsOptions } from "../check-weights.js";

/** The suite options, and those of --weights (src/cli/check-weights.ts). */
interface CheckOptions extends Omit<CheckWeightsOptions, "workers" | "format"> {
  updateBaseline?: string;
  format?: string;
  workers?: string;
}

async function readInput(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

export function register(program: Command): void {
  const command = program
    .command("check")
    .description(COMMAND_SUMMARIES.check.description)
    .option("--suite <FILE>", "suite file (JSON, format in docs/ci.md); default: the built-in suite")
    .addOption(new Option("-f, --format <F>", "output: table (for reading), json (every expectation's value, expected value, tolerance, SE, detectable departure, config and verdict), csv (the same but the config, one row per expectation; for R, pandas, spreadsheets) or github (the table, plus one ::error annotation per failure and a Markdown table appended to $GITHUB_STEP_SUMMARY; automatic when GITHUB_ACTIONS=true) (default: table)"))
    .addOption(new Option("--json", "short for --format json"))
    .option("--junit <FILE>", "also write JUnit XML for CI systems (written atomically)")
    .option("--baseline <FILE>", "compare with an earlier 'check --json' (or --update-baseline) output or a report's results.json; a drift beyond k combined SE fails, an entry measured with another config is refused (exit 2), entries it lacks are listed")
    .option("--update-baseline <FILE>", "write this run's results (JSON, atomically) as the baseline for later --baseline runs")
    .addOption(workersOption("expectations are the unit of work"))
    .addOption(quietOption("no progress on stderr (--json is quiet too)"))
    .option("--weights <FILE...>", "check your own weights instead of a suite: .npz/.npy files, each one initialisation (or a leading axis of several); every 2-D array is a layer (docs/ci.md)")
    .option("--gram <CONVENTION>", "with --weights: column (AOL, t from WᵀW of a d×n matrix) or row (SLL, t from W·Wᵀ of an out×in matrix)")
    .option("--weights-are <KIND>", "with --weights: raw (before the rescaling) or rescaled (W̄)")
    .option("--dist <NAME>", "with --weights: the raw weights' declared distribution: gaussian, laplace, uniform, gnd (with --beta) or unknown (default)")
    .option("--beta <B>", "with --weights: shape β of --dist gnd, a number > 0 or 'inf'")
    .option("--weight-std <S>", "with --weights and raw weights: their declared standard deviation, checked")
    .option("--layout <L>", "with --weights: out-in (default; PyTorch weights) or in-out (Keras/Flax kernels, transposed on reading)")
    .option("--manifest <FILE>", "with --weights: a JSON manifest naming each layer's arrays (weight, bias, q) and what they are (docs/ci.md)")
    .option("--seed <S>", "with --weights: seed of the forward pass's inputs and the power iterations (default 1)");
  addExamples(command, [
    ["lipvar check", "the built-in suite: exit 0 when every expectation holds"],
    ["lipvar check --suite lipvar-suite.json --junit check.xml", "your own suite, with JUnit XML for the CI system"],
    ["lipvar check --suite lipvar-suite.json --update-baseline base.json", "record a baseline (each row with its config)"],
    ["lipvar check --suite lipvar-suite.json --baseline base.json", "later: fail on a drift from it; a changed config is refused"],
    ["lipvar check --weights init-*.npz --gram column --weights-are rescaled --dist gaussian", "your own AOL layers' weights, one .npz per initialisation (docs/ci.md)"],
  ]).action(async (opts: CheckOptions) => {
      const format = resolveCheckFormat(opts);
      const workers = parseWorkers(opts.workers);
      if (opts.weights !== undefined || opts.manifest !== undefined) {
        const { runCheckWeights } = await import("../check-weights.js");
        return runCheckWeights({ ...opts, json: format === "json", format, workers });
      }
      for (const [key, flag] of [["gram", "--gram"], ["weightsAre", "--weights-are"], ["dist", "--dist"], ["beta", "--beta"], ["weightStd", "--weight-std"], ["layout", "--layout"], ["seed", "--seed"]] as const) {
        if (opts[key] !== undefined) throw new UsageError(`${flag} is used only with --weights`);
      }
      let suite: Suite;
      let baseline: ReturnType<typeof parseBaseline> | undefined;
      try {
        suite = opts.suite === undefined ? defaultSuite : parseSuite(await readInput(opts.suite, "suite file"), opts.suite);
        // Read the baseline before measuring: a bad baseline should not cost a full run.
        if (opts.baseline !== undefined) baseline = parseBaseline(await readInput(opts.baseline, "baseline"), opts.baseline);
      } catch (e) {
        if (e instanceof SuiteError || e instanceof BaselineError) throw new UsageError(e.message);
        throw e;
      }
      // Before measuring: an unwritable output path is refused now, not after the run.
      if (opts.junit !== undefined) await checkOutputFile("--junit", opts.junit);
      if (opts.updateBaseline !== undefined) await checkOutputFile("--update-baseline", opts.updateBaseline);
      const started = performance.now();
      let progress: Progress | undefined;
      const measured = await runSuite(suite, {
        workers,
        onProgress: (done, total) => {
          progress ??= createProgress({ total, label: "check", unit: "expectations", quiet: format === "json" || opts.quiet === true });
          progress.update(done, total);
        },
      });
      progress?.finish();
      let results = measured;
      let notInBaseline: string[] | undefined;
      if (baseline !== undefined) {
        try {
          const comparison = compareWithBaseline(suite, measured, baseline, opts.baseline!);
          results = [...measured, ...comparison.drift];
          notInBaseline = comparison.missing;
        } catch (e) {
          if (e instanceof BaselineError) throw new UsageError(e.message);
          throw e;
        }
      }
      const seconds = (performance.now() - started) / 1000;
      // The baseline holds this run's measurements only, not the drift rows of a comparison.
      if (opts.updateBaseline !== undefined) await writeFileAtomic(opts.updateBaseline, toJson(suite.name, measured, seconds));
      await emitCheckResults({ name: suite.name, results, seconds, format, junit: opts.junit, annotationFile: opts.suite, ...(notInBaseline !== undefined ? { notInBaseline } : {}) });
    });
}
