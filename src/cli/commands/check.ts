/**
 * `lipvar check`: measure the built-in suite or a suite file and judge each
 * expectation (src/check). Exit 0 when all pass, 1 when any fails (including
 * a drift from --baseline), 2 for usage or input errors — a malformed suite or
 * an unreadable/unrecognisable baseline — printed as one line.
 */
import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { defaultSuite, exitCodeFor, parseSuite, SuiteError, toJson, toJUnitXml, toTextTable, type Suite } from "../../check/index.js";
import { runSuite } from "../../check/run.js";
import { BaselineError, compareWithBaseline, parseBaseline } from "../../check/baseline.js";
import { writeFileAtomic } from "../../report/write.js";
import { checkOutputFile } from "../../io/output-paths.js";
import { UsageError } from "../errors.js";
import { createProgress, type Progress } from "../progress.js";
import { addExamples, parseWorkers, quietOption, workersOption } from "../options.js";

interface CheckOptions {
  suite?: string;
  json?: boolean;
  junit?: string;
  baseline?: string;
  workers?: string;
  quiet?: boolean;
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
    .description("regression checks for CI: run a suite of expectations (built in, or --suite FILE); exit 0 all pass, 1 any failure, 2 usage/input error")
    .option("--suite <FILE>", "suite file (JSON, format in docs/ci.md); default: the built-in suite")
    .option("--json", "print the results as JSON (value, tolerance, verdict of every expectation) instead of a table")
    .option("--junit <FILE>", "also write JUnit XML for CI systems (written atomically)")
    .option("--baseline <FILE>", "compare with an earlier 'check --json' output or report results.json; a drift beyond k combined SE fails")
    .addOption(workersOption("expectations are the unit of work"))
    .addOption(quietOption("no progress on stderr (--json is quiet too)"));
  addExamples(command, [
    ["lipvar check", "the built-in suite: exit 0 when every expectation holds"],
    ["lipvar check --suite lipvar-suite.json --junit check.xml", "your own suite, with JUnit XML for the CI system"],
    ["lipvar check --json > now.json && lipvar check --baseline now.json", "record a baseline, later fail on a drift from it"],
  ]).action(async (opts: CheckOptions) => {
      const workers = parseWorkers(opts.workers);
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
      // Before measuring: an unwritable --junit path is refused now, not after the run.
      if (opts.junit !== undefined) await checkOutputFile("--junit", opts.junit);
      const started = performance.now();
      let progress: Progress | undefined;
      let results = await runSuite(suite, {
        workers,
        onProgress: (done, total) => {
          progress ??= createProgress({ total, label: "check", unit: "expectations", quiet: opts.json === true || opts.quiet === true });
          progress.update(done, total);
        },
      });
      progress?.finish();
      if (baseline !== undefined) {
        try {
          results = [...results, ...compareWithBaseline(suite, results, baseline, opts.baseline!)];
        } catch (e) {
          if (e instanceof BaselineError) throw new UsageError(e.message);
          throw e;
        }
      }
      const seconds = (performance.now() - started) / 1000;
      if (opts.junit !== undefined) await writeFileAtomic(opts.junit, toJUnitXml(suite.name, results, seconds));
      process.stdout.write(opts.json ? toJson(suite.name, results, seconds) : toTextTable(results, seconds));
      process.exitCode = exitCodeFor(results);
    });
}
