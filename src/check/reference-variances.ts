/**
 * Reference Var[w̄] for non-Gaussian `variance` expectations: no exact value
 * exists for β ≠ 2, so the suite compares its Monte Carlo with lipvar's
 * precise estimator run once to a relative SE of 2e-5 (the values, SEs,
 * seeds and reproducing commands are in reference-data.ts, written by
 * scripts/check-references.mjs; test/check/reference-variances.test.ts
 * checks each against an independent numpy Monte Carlo).
 */
import { REFERENCE_ENTRIES, type ReferenceEntry } from "./reference-data.js";

/** A reference value for Var[w̄] where no exact one exists, with its SE and where it came from (suite.ts re-exports it). */
export interface ReferenceValue {
  value: number;
  se: number;
  source: string;
}

const betaOf = (e: ReferenceEntry) => (e.beta === "inf" ? Infinity : e.beta);

/** The built-in reference for an AOL layer with SGND(β) weights of shape d × n, or undefined. */
export function referenceVariance(transform: "aol" | "sll", beta: number, d: number, n: number): ReferenceValue | undefined {
  if (transform !== "aol") return undefined;
  const e = REFERENCE_ENTRIES.find((x) => betaOf(x) === beta && x.d === d && x.n === n);
  return e && { value: e.value, se: e.se, source: `precise estimator: ${e.command} (${e.samples} matrices)` };
}

/** The shapes with a built-in reference, for error messages: "aol β ∈ {1, inf, 0.5, 8} at (d, n) ∈ {(8, 8), …}". */
export function referenceShapes(): string {
  const betas = [...new Set(REFERENCE_ENTRIES.map((e) => String(e.beta)))];
  const shapes = [...new Set(REFERENCE_ENTRIES.map((e) => `(${e.d}, ${e.n})`))];
  return `transform aol, beta ${betas.join("/")}, (d, n) = ${shapes.join(" ")}`;
}
