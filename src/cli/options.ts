/**
 * The options many commands share, declared once so that every command
 * spells, abbreviates, documents and defaults them alike:
 *
 *   -s, --seed <K>        seed (default DEFAULT_SEED, the same for every command)
 *   -j, --workers <W>     worker threads
 *   -o, --out <file>      output file (report: folder)
 *   -q, --quiet           no progress on stderr
 *   -f, --format <F>      output format: table | json | csv (sample: text | json)
 *       --json            short for --format json
 *
 * Short flags are reserved for these; no command gives another option one
 * (`-n` would be easy to confuse with `--n`, the column count of W, and `-d`
 * with `--d`). `-h` is help and `-V` the version everywhere.
 *
 * Help marks required options "(required)" (main.ts configures that for
 * every command) and every command ends its help with "Examples:"
 * (`addExamples`); test/cli/habits.test.ts holds each command to both.
 */
import { Option, type Command } from "commander";
import { choice, integerInRange, seed as parseSeed } from "./args.js";
import { UsageError } from "./errors.js";

/** The summary for `lipvar --help`. */
export const COMMON_OPTIONS_HELP = `Options shared by the commands (each command's --help lists its own):
  -s, --seed <K>     seed; default 1 on every command, printed with the results
  -j, --workers <W>  worker threads (default: available cores; never changes a result)
  -o, --out <file>   write the result to a file, atomically (report: the folder)
  -f, --format <F>   table (default), json or csv; --json is short for --format json
  -q, --quiet        no progress on stderr
  --dist <name>      gaussian (or normal), laplace, uniform, gnd; any case

Examples:
  $ lipvar bounds --d 64 --n 64
  $ lipvar variance --d 64 --n 64 --samples 4096
  $ lipvar decay --widths 54,64,64,7 --batch 512 -f csv > layers.csv
  $ lipvar train --help`;

/** The seed every command uses when --seed is not given; it is printed with the results so a run can be repeated. */
export const DEFAULT_SEED = 1n;

/** `-s, --seed <K>` with the shared default. `what` says what the seed drives, e.g. "replicate r uses stream r". */
export function seedOption(what?: string): Option {
  return new Option("-s, --seed <K>", `seed, an integer from 0 to 2^64-1${what ? `; ${what}` : ""}`).default(String(DEFAULT_SEED));
}

/** The seed given with --seed (or the default), as the library takes it. */
export function parseSeedOption(raw: string | undefined, option = "--seed"): bigint {
  return raw === undefined ? DEFAULT_SEED : parseSeed(option, raw);
}

/** `-j, --workers <W>`: worker threads; never changes the result. */
export function workersOption(unit = "work is split into chunks"): Option {
  return new Option("-j, --workers <W>", `worker threads, an integer from 1 to 1024 (default: available cores; ${unit}, the result is the same for any count)`);
}

/** --workers W (1 to 1024), or undefined for the default (available cores). */
export function parseWorkers(raw: string | undefined): number | undefined {
  return raw === undefined ? undefined : integerInRange("--workers", raw, 1, 1024);
}

/** `-o, --out <file>` with a command's own description. */
export function outOption(description: string, defaultValue?: string): Option {
  const option = new Option("-o, --out <file>", description);
  return defaultValue === undefined ? option : option.default(defaultValue);
}

/** `-q, --quiet`: no progress on stderr. */
export function quietOption(description = "no progress on stderr (--format json and csv are quiet too)"): Option {
  return new Option("-q, --quiet", description);
}

export const OUTPUT_FORMATS = ["table", "json", "csv"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The raw output options a command with a table receives. */
export interface OutputOptionsRaw {
  format?: string;
  json?: boolean;
  quiet?: boolean;
}

/**
 * `-f, --format table|json|csv` and `--json` (short for --format json), for
 * a command that prints a table. `json` describes the JSON (e.g. one object).
 */
export function addFormatOptions(command: Command, json = "one JSON object"): Command {
  return command
    .addOption(new Option("-f, --format <F>", `output: table (for reading), json (${json}) or csv (a header row, then one row per line of the table; for R, pandas, spreadsheets) (default: table)`))
    .addOption(new Option("--json", "short for --format json"));
}

/**
 * The output options of an experiment command (src/cli/experiment-command.ts):
 * -f/--format, --json, -o/--out (the result in the chosen format, JSON for
 * the table) and -q/--quiet.
 */
export function addResultOptions(command: Command, json = "one JSON object"): Command {
  return addFormatOptions(command, json)
    .addOption(outOption("write the result here, atomically (CSV with --format csv, else JSON; a shard result with --shard), instead of stdout; the table is still printed with --format table"))
    .addOption(quietOption());
}

/** The output format asked for: --format, or --json; both only when they agree. */
export function parseOutputFormat(opts: OutputOptionsRaw, hint = ""): OutputFormat {
  const format = opts.format === undefined ? undefined : formatChoice(opts.format, hint);
  if (opts.json && format !== undefined && format !== "json") throw new UsageError(`--json is short for --format json and conflicts with --format ${format}; give one of them`);
  return opts.json ? "json" : (format ?? "table");
}

function formatChoice(raw: string, hint: string): OutputFormat {
  try {
    return choice("--format", raw, OUTPUT_FORMATS);
  } catch (e) {
    if (hint && e instanceof UsageError) throw new UsageError(`${e.message} (${hint})`);
    throw e;
  }
}

/** Whether progress stays off: -q, or a machine-readable format on stdout. */
export function isQuiet(opts: OutputOptionsRaw): boolean {
  return opts.quiet === true || parseOutputFormat(opts) !== "table";
}

export type Example = readonly [commandLine: string, what: string];
const EXAMPLES = new WeakMap<Command, readonly Example[]>();

/** The examples a command's help shows (none: an empty list). */
export function examplesOf(command: Command): readonly Example[] {
  return EXAMPLES.get(command) ?? [];
}

/**
 * The "Examples:" section of a command's help: each a command line and what
 * it does. Every option an example uses must exist (test/cli/habits.test.ts).
 */
export function addExamples(command: Command, examples: readonly Example[]): Command {
  EXAMPLES.set(command, examples);
  const text = examples.map(([line, what]) => `  $ ${line}\n      ${what}`).join("\n");
  return command.addHelpText("after", `\nExamples:\n${text}\n`);
}
