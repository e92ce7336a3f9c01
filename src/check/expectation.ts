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
  /** A relative tolerance added to `tolerance`: allowed = tolerance (in its unit) + rtol·|expected|. */
  rtol?: number;
  /**
   * What was measured and how: every setting that defines the quantity and
   * its noise (kind, shape, distribution, seed, sample count, …). A baseline
   * entry is compared only when its config is the same.
   */
  config?: ExpectationConfig;
  /**
   * Power: the smallest relative departure of the measured quantity that this
   * expectation flags with probability ≥ 99.87% — the tolerance plus POWER_Z
   * standard errors, relative to `detectableOf` (see `detectableDeparture`).
   * Absent when there is nothing to be relative to (a zero reference).
   */
  detectable?: number;
  /** What `detectable` is relative to: "expected" (two-sided), "value" (one-sided bounds) or a named scale such as "sd". */
  detectableOf?: string;
  /** The value of the named scale `detectable` is relative to (only with a named scale). */
  detectableScale?: number;
}

/** The settings behind a measurement (JSON-safe scalars; β = ∞ is the string "inf"). */
export type ExpectationConfig = Record<string, string | number | boolean>;

/**
 * The power margin in standard errors: a departure of (tolerance + POWER_Z SE)
 * puts the expected measurement POWER_Z SE beyond the limit, so noise lets it
 * pass with probability ≤ Φ(−3) = 0.13%.
 */
export const POWER_Z = 3;

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
  /** A finite number ≥ 0: a relative tolerance added to `tolerance` (allowed += rtol·|expected|). */
  rtol?: number;
  config?: ExpectationConfig;
  /**
   * The magnitude a two-sided departure is relative to, when not |expected|
   * (e.g. a mean whose expected value is 0 is judged relative to the
   * distribution's standard deviation), and its name for the outputs.
   */
  scale?: { value: number; name: string };
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
  const rtol = input.rtol ?? 0;
  if (!(rtol >= 0) || !Number.isFinite(rtol)) throw new RangeError(`rtol must be a finite number >= 0, got ${rtol}`);
  if (unit === "se" && (input.se === undefined || !(input.se >= 0))) {
    throw new RangeError(`se must be a number >= 0 when the tolerance is in standard errors, got ${input.se}`);
  }
  const scale = unit === "se" ? input.se! : unit === "rel" ? Math.abs(expected) : 1;
  const allowed = tolerance * scale + rtol * Math.abs(expected);
  const diff = value - expected;
  const inUnits = (x: number) => (unit === "se" ? (scale > 0 ? `${g(x / scale)} SE` : x === 0 ? "0 SE" : "∞ SE") : unit === "rel" ? `${g((100 * x) / (scale || 1))}%` : g(x));
  const limit = (unit === "se" ? `${g(tolerance)} SE` : unit === "rel" ? `${g(100 * tolerance)}%` : g(tolerance)) + (rtol > 0 ? ` + ${g(100 * rtol)}%` : "");

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
  const power = detectableDeparture({ value, expected, comparison, allowed, se: input.se ?? 0, scale: input.scale });
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
    ...(rtol > 0 ? { rtol } : {}),
    ...(input.config !== undefined ? { config: input.config } : {}),
    ...(power !== undefined ? { detectable: power.departure, detectableOf: power.of, ...(input.scale && comparison === "equal" ? { detectableScale: input.scale.value } : {}) } : {}),
  };
}

/**
 * The smallest relative departure flagged with probability ≥ Φ(POWER_Z):
 * - two-sided ("equal"): (allowed + POWER_Z·SE)/|expected| (or /scale), in
 *   either direction — a true value that far off sits POWER_Z SE beyond the limit;
 * - one-sided bounds: how far the measured value must grow ("atMost") or
 *   shrink ("atLeast"), relative to itself, to sit POWER_Z SE beyond the limit.
 * Undefined when the reference is 0 or a number is not finite.
 */
export function detectableDeparture(r: { value: number; expected: number; comparison: Comparison; allowed: number; se: number; scale?: { value: number; name: string } }): { departure: number; of: string } | undefined {
  const margin = r.allowed + POWER_Z * r.se;
  let departure: number;
  let of: string;
  if (r.comparison === "equal") {
    const ref = r.scale?.value ?? Math.abs(r.expected);
    of = r.scale?.name ?? "expected";
    departure = margin / ref;
  } else {
    const gap = r.comparison === "atMost" ? r.expected - r.value : r.value - r.expected;
    departure = Math.max(0, gap + margin) / Math.abs(r.value);
    of = "value";
  }
  return Number.isFinite(departure) ? { departure, of } : undefined;
}

/**
 * The measurement moved by its stated detectable departure: scaled by
 * (1 + sign·detectable) when the departure is relative to the expected or
 * measured value, shifted by sign·detectable·scale when it is relative to a
 * named scale. `sign` is +1 (up) or −1 (down); a one-sided bound only moves
 * towards its limit. What the mutation test feeds back into `judge`.
 */
export function departed(r: Expectation, sign: 1 | -1): number {
  if (r.detectable === undefined) throw new RangeError(`${r.id} states no detectable departure`);
  if (r.detectableScale === undefined) return r.value * (1 + sign * r.detectable);
  return r.value + sign * r.detectable * r.detectableScale;
}

/**
 * Judge an earlier result again with another measured value (same expected
 * value, tolerances, SE and scale): how the gate would have ruled had the
 * measurement been `value`. The mutation test feeds it measurements moved
 * by their detectable departure.
 */
export function rejudge(r: Expectation, value: number): Expectation {
  return judge({
    id: r.id,
    description: r.description,
    value,
    expected: r.expected,
    tolerance: r.tolerance,
    unit: r.unit,
    ...(r.se !== undefined ? { se: r.se } : {}),
    ...(r.comparison !== undefined ? { comparison: r.comparison } : {}),
    ...(r.kind !== undefined ? { kind: r.kind } : {}),
    ...(r.rtol !== undefined ? { rtol: r.rtol } : {}),
    ...(r.config !== undefined ? { config: r.config } : {}),
    ...(r.detectableScale !== undefined && r.detectableOf !== undefined ? { scale: { value: r.detectableScale, name: r.detectableOf } } : {}),
  });
}

/** The process exit code for a check run: 0 when every expectation passed, 1 when any failed. */
export function exitCodeFor(results: readonly Expectation[]): 0 | 1 {
  return results.every((r) => r.verdict === "pass") ? 0 : 1;
}

export function countVerdicts(results: readonly Expectation[]): { passed: number; failed: number; total: number } {
  const failed = results.filter((r) => r.verdict === "fail").length;
  return { passed: results.length - failed, failed, total: results.length };
}
