/**
 * `lipvar check`: measure the built-in suite or a suite file and judge each
 * expectation (src/check). Exit 0 when all pass, 1 when any fails (including
 * a drift from --baseline), 2 for usage or input errors — a malformed suite,
 * an unreadable/unrecognisable baseline, or a baseline entry measured with a
 * different config — printed as one line. On GitHub Actions (GITHUB_ACTIONS
 * = true, or --format github) it also writes one ::error annotation per
 * failure and appends a Markdown table to $GITHUB_STEP_SUMMARY.
 */
import { appendFile, readFile } from "node:fs/promises";
import { relative, isAbsolute } from "node:path";
import { Option, type Command } from "commander";
import { defaultSuite, exitCodeFor, parseSuite, SuiteError, toJson, toJUnitXml, toTextTable, type Suite } from "../../check/index.js";
import { runSuite } from "../../check/run.js";
import { BaselineError, compareWithBaseline, parseBaseline } from "../../check/baseline.js";
import { githubAnnotations, markdownSummary } from "../../check/github.js";
import { notInBaselineLine } from "../../check/format.js";
import { writeFileAtomic } from "../../report/write.js";
import { checkOutputFile } from "../../io/output-paths.js";
import { UsageError } from "../errors.js";
import { choice } from "../args.js";
import { createProgress, type Progress } from "../progress.js";
import { addExamples, parseWorkers, quietOption, workersOption } from "../options.js";

interface CheckOptions {
  suite?: string;
  json?: boolean;
  junit?: string;
  baseline?: string;
  updateBaseline?: string;
  format?: string;
  workers?: string;
  quiet?: boolean;
}

const FORMATS = ["table", "json", "github"] as const;
type CheckFormat = (typeof FORMATS)[number];

/** --format (table, json or github), or --json; both only when they agree (the house rule of parseOutputFormat). */
function resolveFormat(opts: CheckOptions): CheckFormat {
  const format = opts.format === undefined ? undefined : choice("--format", opts.format, FORMATS);
  if (opts.json && format !== undefined && format !== "json") throw new UsageError(`--json is short for --format json and conflicts with --format ${format}; give one of them`);
  return opts.json ? "json" : (format ?? "table");
}

/** The suite file as an annotation path: relative to the working directory (the repository root in a workflow) when inside it. */
function annotationFile(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel.split("\\").join("/") : file;
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
    .addOption(new Option("-f, --format <F>", "output: table (for reading), json (every expectation's value, expected value, tolerance, SE, detectable departure, config and verdict) or github (the table, plus one ::error annotation per failure and a Markdown table appended to $GITHUB_STEP_SUMMARY; automatic when GITHUB_ACTIONS=true) (default: table)"))
    .addOption(new Option("--json", "short for --format json"))
    .option("--junit <FILE>", "also write JUnit XML for CI systems (written atomically)")
    .option("--baseline <FILE>", "compare with an earlier 'check --json' (or --update-baseline) output or a report's results.json; a drift beyond k combined SE fails, an entry measured with another config is refused (exit 2), entries it lacks are listed")
    .option("--update-baseline <FILE>", "write this run's results (JSON, atomically) as the baseline for later --baseline runs")
    .addOption(workersOption("expectations are the unit of work"))
    .addOption(quietOption("no progress on stderr (--json is quiet too)"));
  addExamples(command, [
    ["lipvar check", "the built-in suite: exit 0 when every expectation holds"],
    ["lipvar check --suite lipvar-suite.json --junit check.xml", "your own suite, with JUnit XML for the CI system"],
    ["lipvar check --suite lipvar-suite.json --update-baseline base.json", "record a baseline (each row with its config)"],
    ["lipvar check --suite lipvar-suite.json --baseline base.json", "later: fail on a drift from it; a changed config is refused"],
  ]).action(async (opts: CheckOptions) => {
      const format = resolveFormat(opts);
      const github = format === "github" || process.env.GITHUB_ACTIONS === "true";
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
      const extras = notInBaseline !== undefined ? { notInBaseline } : {};
      if (opts.junit !== undefined) await writeFileAtomic(opts.junit, toJUnitXml(suite.name, results, seconds, extras));
      // The baseline holds this run's measurements only, not the drift rows of a comparison.
      if (opts.updateBaseline !== undefined) await writeFileAtomic(opts.updateBaseline, toJson(suite.name, measured, seconds));
      process.stdout.write(format === "json" ? toJson(suite.name, results, seconds, extras) : toTextTable(results, seconds, extras));
      if (github) {
        // Workflow commands are read from stdout and stderr; keep a JSON stdout parseable.
        const annotations = githubAnnotations(results, { file: annotationFile(opts.suite) });
        const missing = notInBaselineLine(notInBaseline);
        const notices = missing ? `::warning title=lipvar check: baseline::${missing.replace(/%/g, "%25")}\n` : "";
        (format === "json" ? process.stderr : process.stdout).write(annotations + notices);
        const summaryFile = process.env.GITHUB_STEP_SUMMARY;
        if (summaryFile) {
          try {
            await appendFile(summaryFile, markdownSummary(suite.name, results, seconds, notInBaseline) + "\n");
          } catch (e) {
            process.stderr.write(`lipvar: warning: cannot append the job summary to GITHUB_STEP_SUMMARY=${summaryFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
          }
        }
      }
      process.exitCode = exitCodeFor(results);
    });
}
