/** Tolerance helpers for the analytic tests: errors are stated relative (or absolute) per assertion. */
import { expect } from "vitest";

/** |actual − expected| ≤ tol·|expected| (exact match required when expected = 0). */
export function expectRelative(actual: number, expected: number, tol: number, label = ""): void {
  const err = expected === 0 ? Math.abs(actual) : Math.abs(actual - expected) / Math.abs(expected);
  if (!(err <= tol)) {
    expect.fail(`${label} relative error ${err.toExponential(2)} > ${tol} (got ${actual}, expected ${expected})`);
  }
}

/** |actual − expected| ≤ tol. */
export function expectAbsolute(actual: number, expected: number, tol: number, label = ""): void {
  const err = Math.abs(actual - expected);
  if (!(err <= tol)) {
    expect.fail(`${label} absolute error ${err.toExponential(2)} > ${tol} (got ${actual}, expected ${expected})`);
  }
}

/** The JSON fixtures write beta = Infinity as "inf". */
export function betaOf(b: number | "inf"): number {
  return b === "inf" ? Infinity : b;
}
