/**
 * The outputs of `lipvar check`, the same for a suite and for --weights:
 * the table, JSON or CSV on stdout, JUnit XML, and on GitHub Actions
 * (GITHUB_ACTIONS=true or --format github) one ::error annotation per failed
 * expectation and a Markdown table appended to $GITHUB_STEP_SUMMARY. Sets
 * the exit code (0 all passed, 1 any failed).
 */
import { appendFile } from "node:fs/promises";
import { isAbsolute, relative } from "node:path";
import { exitCodeFor, toJson, toJUnitXml, toTextTable, type Expectation } from "../check/index.js";
import { githubAnnotations, markdownSummary } from "../check/github.js";
import { notInBaselineLine } from "../check/format.js";
import { writeFileAtomic } from "../report/write.js";
import { choice } from "./args.js";
import { UsageError } from "./errors.js";
import { toCsv } from "./csv.js";

export const CHECK_FORMATS = ["table", "json", "csv", "github"] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

/** One row per expectation, in the table's order, with what the JSON gives for each (but its config). */
export function checkCsv(results: readonly Expectation[]): string {
  return toCsv(
    ["verdict", "id", "kind", "value", "expected", "tolerance", "unit", "rtol", "se", "detectable", "detectable_of", "seconds", "detail"],
    results.map((r) => [r.verdict, r.id, r.kind, r.value, r.expected, r.tolerance, r.unit, r.rtol, r.se, r.detectable, r.detectableOf, r.seconds, r.detail]),
  );
}

/** --format (table, json, csv or github), or --json; both only when they agree (the house rule of parseOutputFormat). */
export function resolveCheckFormat(opts: { format?: string; json?: boolean }): CheckFormat {
  const format = opts.format === undefined ? undefined : choice("--format", opts.format, CHECK_FORMATS);
  if (opts.json && format !== undefined && format !== "json") throw new UsageError(`--json is short for --format json and conflicts with --format ${format}; give one of them`);
  return opts.json ? "json" : (format ?? "table");
}

/** A file as an annotation path: relative to the working directory (the repository root in a workflow) when inside it. */
function annotationPath(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel.split("\\").join("/") : file;
}

export interface CheckOutput {
  name: string;
  results: readonly Expectation[];
  seconds: number;
  format: CheckFormat;
  /** --junit FILE (already checked writable). */
  junit?: string;
  /** The file annotations point at (the suite), if any. */
  annotationFile?: string;
  /** With --baseline: ids the baseline lacks. */
  notInBaseline?: readonly string[];
}

export async function emitCheckResults(o: CheckOutput): Promise<void> {
  const extras = o.notInBaseline !== undefined ? { notInBaseline: o.notInBaseline } : {};
  if (o.junit !== undefined) await writeFileAtomic(o.junit, toJUnitXml(o.name, o.results, o.seconds, extras));
  process.stdout.write(o.format === "json" ? toJson(o.name, o.results, o.seconds, extras) : o.format === "csv" ? checkCsv(o.results) : toTextTable(o.results, o.seconds, extras));
  if (o.format === "github" || process.env.GITHUB_ACTIONS === "true") {
    // Workflow commands are read from stdout and stderr; keep a JSON or CSV stdout parseable.
    const annotations = githubAnnotations(o.results, { file: annotationPath(o.annotationFile) });
    const missing = notInBaselineLine(o.notInBaseline);
    const notices = missing ? `::warning title=lipvar check%3A baseline::${missing.replace(/%/g, "%25")}\n` : "";
    (o.format === "json" || o.format === "csv" ? process.stderr : process.stdout).write(annotations + notices);
    const summaryFile = process.env.GITHUB_STEP_SUMMARY;
    if (summaryFile) {
      try {
        await appendFile(summaryFile, markdownSummary(o.name, o.results, o.seconds, o.notInBaseline) + "\n");
      } catch (e) {
        process.stderr.write(`lipvar: warning: cannot append the job summary to GITHUB_STEP_SUMMARY=${summaryFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      }
    }
  }
  process.exitCode = exitCodeFor(o.results);
}
