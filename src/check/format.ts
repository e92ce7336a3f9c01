/** Check results for people (a plain-text table) and for programs (JSON). */
import { countVerdicts, exitCodeFor, type Expectation } from "./expectation.js";

export interface CheckReport {
  suite: string;
  passed: number;
  failed: number;
  total: number;
  durationSeconds: number;
  /** The exit code `lipvar check` returns for these results. */
  exitCode: 0 | 1;
  results: Expectation[];
  /** With --baseline: ids of expectations the baseline has no entry for (measured, not compared). */
  notInBaseline?: string[];
}

export interface ReportExtras {
  /** Ids of expectations the baseline lacks. */
  notInBaseline?: readonly string[];
}

export function checkReport(suiteName: string, results: readonly Expectation[], durationSeconds: number, extras: ReportExtras = {}): CheckReport {
  return {
    suite: suiteName,
    ...countVerdicts(results),
    durationSeconds,
    exitCode: exitCodeFor(results),
    results: [...results],
    ...(extras.notInBaseline !== undefined ? { notInBaseline: [...extras.notInBaseline] } : {}),
  };
}

/** The detectable departure as a short cell: "±1.8%" (two-sided), "+290%" (an upper bound), "−5%" (a lower bound), "±1.2% sd". */
export function detectableText(r: Expectation): string {
  if (r.detectable === undefined) return "";
  const pct = 100 * r.detectable;
  const digits = pct >= 100 ? 0 : pct >= 10 ? 1 : pct >= 1 ? 2 : 3;
  const sign = r.comparison === "atMost" ? "+" : r.comparison === "atLeast" ? "−" : "±";
  const of = r.detectableOf === "expected" || r.detectableOf === "value" || r.detectableOf === undefined ? "" : ` ${r.detectableOf}`;
  return `${sign}${pct.toFixed(digits)}%${of}`;
}

/** One line listing the expectations a baseline lacks, or "" when none. */
export function notInBaselineLine(ids: readonly string[] | undefined): string {
  if (!ids || ids.length === 0) return "";
  return `not in the baseline (measured, not compared): ${ids.length} expectation${ids.length === 1 ? "" : "s"}: ${ids.join(", ")}`;
}

/**
 * The results as JSON text (newline-terminated). JSON has no NaN or ±∞:
 * such numbers are written as the strings "NaN", "Infinity", "-Infinity" so
 * the information survives.
 */
export function toJson(suiteName: string, results: readonly Expectation[], durationSeconds: number, extras: ReportExtras = {}): string {
  return (
    JSON.stringify(checkReport(suiteName, results, durationSeconds, extras), (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v), 2) + "\n"
  );
}

const g = (x: number | undefined) => (x === undefined ? "" : Number.isFinite(x) ? String(Number(x.toPrecision(6))) : String(x));

/**
 * A plain-text table, one row per expectation (verdict, id, value, expected,
 * the smallest departure it detects, detail), then a summary line, e.g.
 * "13 passed, 1 failed (14 expectations) in 8.2 s", and the expectations a
 * baseline lacks, if any.
 */
export function toTextTable(results: readonly Expectation[], durationSeconds?: number, extras: ReportExtras = {}): string {
  const header = ["", "id", "value", "expected", "detects", "why"];
  const rows = results.map((r) => [r.verdict === "pass" ? "PASS" : "FAIL", r.id, g(r.value), g(r.expected), detectableText(r), r.detail]);
  const widths = header.map((h, j) => Math.max([...h].length, ...rows.map((r) => [...r[j]].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, j) => (j === 2 || j === 3 || j === 4 ? " ".repeat(widths[j] - [...c].length) + c : j === cells.length - 1 ? c : c + " ".repeat(widths[j] - [...c].length)))
      .join("  ")
      .trimEnd();
  const { passed, failed, total } = countVerdicts(results);
  const time = durationSeconds === undefined ? "" : ` in ${durationSeconds.toFixed(1)} s`;
  const summary = `${passed} passed, ${failed} failed (${total} expectation${total === 1 ? "" : "s"})${time}`;
  const missing = notInBaselineLine(extras.notInBaseline);
  return [line(header), ...rows.map(line), "", summary, ...(missing ? [missing] : [])].join("\n") + "\n";
}
