/**
 * Parsers for command-line values: one per kind of value, used by every
 * command, so the same kind of value is read the same way everywhere. Each
 * throws a UsageError that names the option and the accepted range.
 *
 * The rules (also in `lipvar --help` and the README):
 * - values are read exactly as given: no surrounding or inner whitespace;
 * - integers (sizes, counts, seeds, streams, workers) are plain decimal
 *   digits: "1000", not "1e3", "+5", "1_000" or "1000.0";
 * - real numbers are decimal or scientific notation ("0.5", "2e-3") and must
 *   be finite: an overflow such as "1e309" is refused, never read as Infinity;
 * - β is a finite number > 0, or "inf"/"infinity" in any case for the
 *   uniform limit;
 * - lists are comma-separated values of one of these kinds, without spaces.
 */
import { UsageError } from "./errors.js";

/** The summary of these rules for `lipvar --help`. */
export const VALUE_RULES = `Values (every command reads them alike):
  integers      plain decimal digits: 1000, not 1e3, +5 or 1000.0
  real numbers  decimal or scientific (0.5, 2e-3), finite: 1e309 is refused
  beta          a finite number > 0, or inf / Infinity (any case)
  lists         comma-separated, no spaces: --d 16,64
  no surrounding spaces in any value; an option given twice is an error`;

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DIGITS = /^\d+$/;

/** Quote a raw value for a message (JSON quoting keeps control characters on one line). */
function shown(raw: unknown): string {
  const s = String(raw);
  return /^[\x20-\x7e]*$/.test(s) ? `'${s}'` : JSON.stringify(s);
}

/** A finite real number in decimal or scientific notation. */
function finite(option: string, raw: string, range: string): number {
  const s = String(raw);
  if (!DECIMAL.test(s)) throw new UsageError(`${option} must be ${range}, got ${shown(raw)}`);
  const x = Number(s);
  if (!Number.isFinite(x)) throw new UsageError(`${option} must be ${range}, got ${shown(raw)} (too large for a double)`);
  return x;
}

/** A finite number > 0 (or ≥ 0 with allowZero). */
export function positiveNumber(option: string, raw: string, allowZero = false): number {
  const range = `a finite number ${allowZero ? ">= 0" : "> 0"}`;
  const x = finite(option, raw, range);
  if (allowZero ? x < 0 : !(x > 0)) throw new UsageError(`${option} must be ${range}, got ${shown(raw)}`);
  return x === 0 ? 0 : x; // -0 → 0
}

/** An integer in [min, max], written in plain decimal digits. */
export function integerInRange(option: string, raw: string, min: number, max: number): number {
  const s = String(raw);
  const x = DIGITS.test(s) ? Number(s) : NaN;
  if (!(x >= min && x <= max)) {
    throw new UsageError(`${option} must be an integer from ${min} to ${max} in plain digits, got ${shown(raw)}`);
  }
  return x;
}

/** Shape parameter β of the generalised normal: a finite number > 0, or inf/infinity (any case) for the uniform limit. */
export function beta(option: string, raw: string): number {
  const s = String(raw);
  if (/^\+?inf(inity)?$/i.test(s)) return Infinity;
  const range = "a finite number > 0 or 'inf'";
  const x = finite(option, raw, range);
  if (!(x > 0)) throw new UsageError(`${option} must be ${range}, got ${shown(raw)}`);
  return x;
}

/** A 64-bit unsigned seed, in plain decimal digits. */
export function seed(option: string, raw: string): bigint {
  const s = String(raw);
  if (!DIGITS.test(s) || BigInt(s) >= 1n << 64n) {
    throw new UsageError(`${option} must be an integer from 0 to 2^64-1 in plain digits, got ${shown(raw)}`);
  }
  return BigInt(s);
}

/** A comma-separated list (no spaces, no empty items) of raw items. */
export function listItems(option: string, raw: string, what: string): string[] {
  const parts = String(raw).split(",");
  if (parts.some((p) => p === "")) throw new UsageError(`${option} must be a comma-separated list of ${what} without empty items, got ${shown(raw)}`);
  return parts;
}

/** A comma-separated list of finite numbers, with each item's text as typed. */
export function numberList(option: string, raw: string): { text: string; value: number }[] {
  return listItems(option, raw, "numbers").map((p) => ({ text: p, value: finite(option, p, "a comma-separated list of finite numbers") }));
}

/** One of a fixed set of words. */
export function choice<T extends string>(option: string, raw: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new UsageError(`${option} must be one of ${allowed.join(", ")}, got ${shown(raw)}`);
  }
  return raw as T;
}

/** A comma-separated list of integers, each in [min, max]; `length` fixes how many (when given). */
export function integerList(option: string, raw: string, min: number, max: number, length?: number): number[] {
  const values = numberList(option, raw).map((p) => integerInRange(option, p.text, min, max));
  if (length !== undefined && values.length !== length) throw new UsageError(`${option} must list ${length} integers, got ${values.length} in '${raw}'`);
  return values;
}
