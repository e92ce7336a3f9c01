/**
 * `lipvar sample`: iid draws of SGND(α, β) (or |X| with --abs) from one RNG
 * stream, one value per line, as one JSON object or as CSV (a `value`
 * column). Output is written in
 * chunks as it is drawn, waiting for stdout to drain, so a billion values
 * never sit in memory at once.
 */
import type { Command } from "commander";
import { COMMAND_SUMMARIES } from "./summaries.js";
import { loadKernels } from "../../wasm/kernels.js";
import { sgndChunks, sgndScale } from "../../wasm/sampling.js";
import { Option } from "commander";
import { beta as parseBeta, choice, integerInRange, positiveNumber } from "../args.js";
import { addExamples, parseSeedOption, seedOption } from "../options.js";
import { betaForJson } from "../dist.js";
import { UsageError } from "../errors.js";
import { stdoutFailure } from "../stdout.js";

/** Most values for text output (streamed; about 20 bytes per line). */
export const MAX_TEXT_COUNT = 1_000_000_000;
/**
 * Most values for JSON output: one document must be parsed whole by its
 * reader, and 10^7 values (~200 MB of text) stay below the longest string
 * JavaScript engines hold (V8: 2^29 − 24 characters).
 */
export const MAX_JSON_COUNT = 10_000_000;
/** Values drawn, formatted and written per step. */
const WRITE_CHUNK = 1 << 14;

const FORMATS = ["text", "json", "csv"] as const;

interface SampleOptions {
  beta: string;
  alpha?: string;
  variance?: string;
  count: string;
  seed?: string;
  stream?: string;
  abs?: boolean;
  format?: string;
}

/**
 * Shortest text that reads back as the same double (String's form), with the
 * sign of −0 kept; non-finite values (only where α·G^{1/β} exceeds the
 * largest double) are "Infinity"/"-Infinity" in text, null in JSON and
 * "inf"/"-inf" in CSV (as every lipvar CSV writes them, src/cli/csv.ts).
 */
function formatValues(values: Float64Array, separator: string, format: (typeof FORMATS)[number]): string {
  let s = "";
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const text = Number.isFinite(v) ? (Object.is(v, -0) ? "-0" : String(v)) : format === "json" ? "null" : format === "csv" ? (v > 0 ? "inf" : "-inf") : String(v);
    s += i === 0 ? text : separator + text;
  }
  return s;
}

/** Longest stretch of synchronous writing between turns of the event loop. */
const TURN_MS = 50;

/**
 * Writes to a stream, waiting for it to drain when its buffer is full. A
 * reader that goes away (EPIPE, e.g. `| head`) ends the output quietly;
 * other stream errors are thrown as one OutputError line (src/cli/stdout.ts).
 */
class ChunkWriter {
  private failure: (Error & { code?: string }) | undefined;
  private readonly onError = (err: Error): void => {
    this.failure ??= err;
    this.wake?.();
  };
  private wake: (() => void) | undefined;

  constructor(private readonly out: NodeJS.WritableStream) {
    out.on("error", this.onError);
  }

  /** False once the reader is gone: stop producing. */
  get open(): boolean {
    if (this.failure && this.failure.code !== "EPIPE") throw stdoutFailure(this.failure) ?? this.failure;
    return this.failure === undefined;
  }

  private lastTurn = performance.now();

  async write(text: string): Promise<boolean> {
    if (!this.open) return false;
    if (this.out.write(text)) {
      // A file or /dev/null takes every write at once (synchronously), so
      // nothing here would wait: turn the event loop every TURN_MS anyway, so
      // Ctrl-C and SIGTERM are handled during a billion-value run.
      if (performance.now() - this.lastTurn > TURN_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        this.lastTurn = performance.now();
      }
      return this.open;
    }
    await new Promise<void>((resolve) => {
      this.wake = resolve;
      this.out.once("drain", resolve);
    });
    this.wake = undefined;
    return this.open;
  }

  close(): void {
    this.out.off("error", this.onError);
  }
}

export async function runSample(opts: SampleOptions, out: NodeJS.WritableStream = process.stdout): Promise<void> {
  const beta = parseBeta("--beta", opts.beta);
  if (opts.alpha !== undefined && opts.variance !== undefined) {
    throw new UsageError("give either --alpha or --variance, not both");
  }
  const format = choice("--format", opts.format ?? "text", FORMATS);
  const count = integerInRange("--count", opts.count, 1, format === "json" ? MAX_JSON_COUNT : MAX_TEXT_COUNT);
  const seed = parseSeedOption(opts.seed);
  const stream = opts.stream === undefined ? 0 : integerInRange("--stream", opts.stream, 0, 0xffffffff);
  const alphaGiven = opts.alpha === undefined ? undefined : positiveNumber("--alpha", opts.alpha);
  const variance = opts.variance === undefined ? undefined : positiveNumber("--variance", opts.variance);
  const alpha = sgndScale({ beta, alpha: alphaGiven, variance });

  const k = await loadKernels();
  const chunks = sgndChunks(k, { count, beta, alpha, seed, stream, abs: opts.abs === true }, WRITE_CHUNK);
  const writer = new ChunkWriter(out);
  try {
    if (format !== "json") {
      if (format === "csv" && !(await writer.write("value\n"))) return;
      for (const values of chunks) {
        if (!(await writer.write(formatValues(values, "\n", format) + "\n"))) return;
      }
      return;
    }
    // JSON, streamed: the header, the values chunk by chunk, the closing brackets.
    const header = { beta: betaForJson(beta), alpha, seed: String(seed), stream };
    if (!(await writer.write(JSON.stringify(header).slice(0, -1) + ',"values":['))) return;
    let first = true;
    for (const values of chunks) {
      if (!(await writer.write((first ? "" : ",") + formatValues(values, ",", "json")))) return;
      first = false;
    }
    await writer.write("]}\n");
  } finally {
    writer.close();
  }
}

export function register(program: Command): void {
  const command = program
    .command("sample")
    .description(COMMAND_SUMMARIES.sample.description)
    .requiredOption("--beta <B>", "shape beta > 0, or 'inf' for the uniform on (-alpha, alpha)")
    .option("--alpha <A>", "scale alpha > 0 (default: the alpha giving unit variance)")
    .option("--variance <V>", "variance > 0 instead of --alpha (default 1)")
    .requiredOption("--count <N>", `number of values: 1 to ${MAX_TEXT_COUNT} (text, csv), 1 to ${MAX_JSON_COUNT} (json)`)
    .addOption(seedOption())
    .option("--stream <K>", "RNG stream index, 0 to 4294967295 (default 0)")
    .option("--abs", "draw |X| (the positive generalised normal PGND) from the same stream")
    .addOption(new Option("-f, --format <F>", "output: text (one value per line, shortest round-trip form), json (one object with the seed; non-finite values as null) or csv (a header row 'value', then one value per line; for R, pandas, spreadsheets)").default("text"));
  addExamples(command, [
    ["lipvar sample --beta 1 --count 5", "five unit-variance Laplace values (seed 1), one per line"],
    ["lipvar sample --beta inf --alpha 2 --count 1000 -s 42 -f json", "a thousand uniform values on (-2, 2) as one JSON object"],
    ["lipvar sample --beta 1.5 --count 100000 -f csv > w.csv", "a hundred thousand values in a 'value' column, for pandas.read_csv or R's read.csv"],
  ]).action(async (opts: SampleOptions) => {
    await runSample(opts);
  });
}
