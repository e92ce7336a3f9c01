/**
 * Parsers for command-line values. Each throws a UsageError that names the
 * option and the accepted range, so every command reports bad input alike.
 */
import { UsageError } from "./errors.js";

function num(option: string, raw: string): number {
  const s = String(raw).trim();
  if (s === "" || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) {
    throw new UsageError(`${option} must be a number, got '${raw}'`);
  }
  return Number(s);
}

/** A finite number > 0 (or ≥ 0 with allowZero). */
export function positiveNumber(option: string, raw: string, allowZero = false): number {
  const x = num(option, raw);
  if (!Number.isFinite(x) || (allowZero ? x < 0 : x <= 0)) {
    throw new UsageError(`${option} must be a finite number ${allowZero ? ">= 0" : "> 0"}, got '${raw}'`);
  }
  return x;
}

/** An integer in [min, max]. */
export function integerInRange(option: string, raw: string, min: number, max: number): number {
  const x = num(option, raw);
  if (!Number.isInteger(x) || x < min || x > max) {
    throw new UsageError(`${option} must be an integer from ${min} to ${max}, got '${raw}'`);
  }
  return x;
}

/** Shape parameter β of the generalised normal: a number > 0, or 'inf' for the uniform limit. */
export function beta(option: string, raw: string): number {
  const s = String(raw).trim().toLowerCase();
  if (s === "inf" || s === "infinity" || s === "+inf") return Infinity;
  const x = Number(s);
  if (s === "" || !(x > 0) || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) {
    throw new UsageError(`${option} must be a number > 0 or 'inf', got '${raw}'`);
  }
  return x;
}

/** A 64-bit unsigned seed, as a decimal integer. */
export function seed(option: string, raw: string): bigint {
  const s = String(raw).trim();
  if (!/^\d+$/.test(s) || BigInt(s) >= 1n << 64n) {
    throw new UsageError(`${option} must be an integer from 0 to 2^64-1, got '${raw}'`);
  }
  return BigInt(s);
}

/** A comma-separated list of finite numbers. */
export function numberList(option: string, raw: string): { text: string; value: number }[] {
  const parts = String(raw).split(",").map((p) => p.trim());
  if (parts.length === 0 || parts.some((p) => p === "")) throw new UsageError(`${option} must be a comma-separated list of numbers, got '${raw}'`);
  return parts.map((p) => {
    const x = num(option, p);
    if (!Number.isFinite(x)) throw new UsageError(`${option} values must be finite numbers, got '${p}'`);
    return { text: p, value: x };
  });
}

/** One of a fixed set of words. */
export function choice<T extends string>(option: string, raw: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new UsageError(`${option} must be one of ${allowed.join(", ")}, got '${raw}'`);
  }
  return raw as T;
}

/** A comma-separated list of integers, each in [min, max]; `length` fixes how many (when given). */
export function integerList(option: string, raw: string, min: number, max: number, length?: number): number[] {
  const values = numberList(option, raw).map((p) => integerInRange(option, p.text, min, max));
  if (length !== undefined && values.length !== length) throw new UsageError(`${option} must list ${length} integers, got ${values.length} in '${raw}'`);
  return values;
}
