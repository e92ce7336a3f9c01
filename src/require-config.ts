/**
 * The first check of every exported library function that takes a config
 * or options object: a missing config (undefined, null) or one of the wrong
 * type is a TypeError naming the parameter, instead of JavaScript's
 * "Cannot read properties of undefined". The fields are then validated by
 * each function (RangeError naming the field and its accepted range).
 * Dependency-free, so worker threads can load it.
 */

/** Describe a value's type for a message: "undefined", "null", "an array", "a number". */
function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return "an array";
  const t = typeof value;
  return t === "object" ? "an object" : `a ${t}`;
}

/** `value` as an object, or a TypeError "`name` must be an object (…), got …". */
export function requireConfig<T>(value: T, name = "config"): NonNullable<T> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new TypeError(`${name} must be an object with the documented fields, got ${typeOf(value)}`);
  }
  return value as NonNullable<T>;
}

/** `value` as an array, or a TypeError naming `name`. */
export function requireArray<T>(value: readonly T[], name: string): readonly T[] {
  if (!Array.isArray(value)) throw new TypeError(`${name} must be an array, got ${typeOf(value)}`);
  return value;
}
