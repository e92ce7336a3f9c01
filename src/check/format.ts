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
}

export function checkReport(suiteName: string, results: readonly Expectation[], durationSeconds: number): CheckReport {
  return { suite: suiteName, ...countVerdicts(results), durationSeconds, exitCode: exitCodeFor(results), results: [...results] };
}

/**
 * The results as JSON text (newline-terminated). JSON has no NaN or ±∞:
 * such numbers are written as the strings "NaN", "Infinity", "-Infinity" so
 * the information survives.
 */
export function toJson(suiteName: string, results: readonly Expectation[], durationSeconds: number): string {
  return (
    JSON.stringify(checkReport(suiteName, results, durationSeconds), (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v), 2) + "\n"
  );
}

const g = (x: number | undefined) => (x === undefined ? "" : Number.isFinite(x) ? String(Number(x.toPrecision(6))) : String(x));

/**
 * A plain-text table, one row per expectation (verdict, id, value, expected,
 * detail), then a summary line, e.g. "13 passed, 1 failed (14 expectations) in 8.2 s".
 */
export function toTextTable(results: readonly Expectation[], durationSeconds?: number): string {
  const header = ["", "id", "value", "expected", "why"];
  const rows = results.map((r) => [r.verdict === "pass" ? "PASS" : "FAIL", r.id, g(r.value), g(r.expected), r.detail]);
  const widths = header.map((h, j) => Math.max([...h].length, ...rows.map((r) => [...r[j]].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, j) => (j === 2 || j === 3 ? " ".repeat(widths[j] - [...c].length) + c : j === cells.length - 1 ? c : c + " ".repeat(widths[j] - [...c].length)))
      .join("  ")
      .trimEnd();
  const { passed, failed, total } = countVerdicts(results);
  const time = durationSeconds === undefined ? "" : ` in ${durationSeconds.toFixed(1)} s`;
  const summary = `${passed} passed, ${failed} failed (${total} expectation${total === 1 ? "" : "s"})${time}`;
  return [line(header), ...rows.map(line), "", summary].join("\n") + "\n";
}
