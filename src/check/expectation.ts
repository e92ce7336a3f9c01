/**
 * One checked expectation and its verdict — the unit every output format
 * (table, JSON, JUnit XML) and the exit code are made from. Independent of
 * which experiments exist: runners measure `value`, know `expected`, and call
 * `judge` to get a result with a consistent verdict and explanation.
 */

/** How `tolerance` is measured: in standard errors of the value, absolutely, or relative to |expected|. */
export type ToleranceUnit = "se" | "abs" | "rel";

/**
 * - "equal": |value − expected| ≤ allowed (two-sided);
 * - "atMost": value ≤ expected + allowed (e.g. an estimate below the bound 1/d);
 * - "atLeast": value ≥ expected − allowed.
 */
export type Comparison = "equal" | "atMost" | "atLeast";

export type Verdict = "pass" | "fail";

export interface Expectation {
  /** Stable identifier, unique within a suite (used as the JUnit test name). */
  id: string;
  description: string;
  /** The measured value. */
  value: number;
  expected: number;
  tolerance: number;
  unit: ToleranceUnit;
  verdict: Verdict;
  /** One line saying why, e.g. "|0.04212 − 0.04210| = 0.6 SE ≤ 4 SE". */
  detail: string;
  /** The standard error `tolerance` is counted in (unit "se"). */
  se?: number;
  comparison?: Comparison;
  /** What kind of expectation this was (e.g. "variance"); used as the JUnit class name. */
  kind?: string;
  /** Time spent measuring, if known. */
  seconds?: number;
}

export interface JudgeInput {
  id: string;
  description: string;
  value: number;
  expected: number;
  /** A finite number ≥ 0. */
  tolerance: number;
  unit: ToleranceUnit;
  /** Required, finite and ≥ 0, when unit is "se". */
  se?: number;
  comparison?: Comparison;
  kind?: string;
  seconds?: number;
}

const g = (x: number) => String(Number(x.toPrecision(4)));
const full = (x: number) => String(Number(x.toPrecision(10)));

/**
 * The verdict for a measured value. A non-finite value or expectation fails
 * (a measurement that produced NaN is a failure, not a pass by default).
 */
export function judge(input: JudgeInput): Expectation {
  const { value, expected, tolerance, unit } = input;
  const comparison = input.comparison ?? "equal";
  if (!(tolerance >= 0) || !Number.isFinite(tolerance)) throw new RangeError(`tolerance must be a finite number >= 0, got ${tolerance}`);
  if (unit === "se" && (input.se === undefined || !(input.se >= 0))) {
    throw new RangeError(`se must be a number >= 0 when the tolerance is in standard errors, got ${input.se}`);
  }
  const scale = unit === "se" ? input.se! : unit === "rel" ? Math.abs(expected) : 1;
  const allowed = tolerance * scale;
  const diff = value - expected;
  const inUnits = (x: number) => (unit === "se" ? (scale > 0 ? `${g(x / scale)} SE` : x === 0 ? "0 SE" : "∞ SE") : unit === "rel" ? `${g((100 * x) / (scale || 1))}%` : g(x));
  const limit = unit === "se" ? `${g(tolerance)} SE` : unit === "rel" ? `${g(100 * tolerance)}%` : g(tolerance);

  let pass: boolean;
  let detail: string;
  if (!Number.isFinite(value) || !Number.isFinite(expected)) {
    pass = false;
    detail = `value ${value} or expected ${expected} is not a finite number`;
  } else if (comparison === "equal") {
    pass = Math.abs(diff) <= allowed;
    detail = `|${full(value)} − ${full(expected)}| = ${inUnits(Math.abs(diff))} ${pass ? "≤" : ">"} ${limit}`;
  } else if (comparison === "atMost") {
    pass = diff <= allowed;
    detail = `${full(value)} − ${full(expected)} = ${inUnits(diff)} ${pass ? "≤" : ">"} ${limit}`;
  } else {
    pass = -diff <= allowed;
    detail = `${full(expected)} − ${full(value)} = ${inUnits(-diff)} ${pass ? "≤" : ">"} ${limit}`;
  }
  return {
    id: input.id,
    description: input.description,
    value,
    expected,
    tolerance,
    unit,
    verdict: pass ? "pass" : "fail",
    detail,
    ...(input.se !== undefined ? { se: input.se } : {}),
    comparison,
    ...(input.kind !== undefined ? { kind: input.kind } : {}),
    ...(input.seconds !== undefined ? { seconds: input.seconds } : {}),
  };
}

/** The process exit code for a check run: 0 when every expectation passed, 1 when any failed. */
export function exitCodeFor(results: readonly Expectation[]): 0 | 1 {
  return results.every((r) => r.verdict === "pass") ? 0 : 1;
}

export function countVerdicts(results: readonly Expectation[]): { passed: number; failed: number; total: number } {
  const failed = results.filter((r) => r.verdict === "fail").length;
  return { passed: results.length - failed, failed, total: results.length };
}
