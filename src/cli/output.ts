/**
 * What a command prints for each --format: the table, the JSON (two-space
 * indented, newline-terminated — the same serialisation as shard files and
 * `lipvar merge`) or the CSV.
 */
import type { OutputFormat } from "./options.js";

/** The JSON text of a result: two-space indented, newline-terminated. */
export function resultJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + "\n";
}

export interface Renderers<R> {
  table: (result: R) => string;
  csv: (result: R) => string;
}

/** The text of `result` in `format`. */
export function formatted<R>(format: OutputFormat, result: R, render: Renderers<R>): string {
  return format === "json" ? resultJson(result) : format === "csv" ? render.csv(result) : render.table(result);
}
