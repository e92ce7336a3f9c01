/**
 * Reading a data file from disk (Node only): gzip is recognised by its magic
 * bytes, whatever the name; a name ending in .csv (optionally .csv.gz) is read
 * as a CSV with a header, anything else in the UCI covtype.data layout.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { basename } from "node:path";
import { parseCovtype, parseCsv } from "./parse.js";
import type { TabularData } from "./types.js";
import { COVERTYPE } from "./types.js";

export interface ReadDataOptions {
  /** The label column of a CSV (default Cover_Type). */
  label?: string;
  /** Force the format instead of deciding by the name. */
  format?: "covtype" | "csv";
}

export function dataFormatOf(path: string, format?: "covtype" | "csv"): "covtype" | "csv" {
  return format ?? (/\.csv(\.gz)?$/i.test(path) ? "csv" : "covtype");
}

export function readDataFile(path: string, options: ReadDataOptions = {}): TabularData {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new RangeError(`--data ${path}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (e) {
      throw new RangeError(`--data ${path}: not a valid gzip file (${(e as Error).message})`);
    }
  }
  const text = bytes.toString("utf8");
  const source = basename(path);
  return dataFormatOf(path, options.format) === "csv" ? parseCsv(text, options.label ?? COVERTYPE.labelName, source) : parseCovtype(text, source);
}
