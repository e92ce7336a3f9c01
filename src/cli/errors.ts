/**
 * How the CLI ends: exit codes and the one line it prints for an error.
 *
 * Exit codes (also in `lipvar --help` and the README):
 *   0    success (for `check`: every expectation passed)
 *   1    `check` ran and an expectation failed — no other command uses 1
 *   2    bad input (an option, a file's contents) or an output that cannot
 *        be written; nothing was written
 *   70   internal error: a bug in lipvar (one line; LIPVAR_DEBUG=1 shows the stack trace)
 *   130  interrupted by SIGINT (Ctrl-C), 143 by SIGTERM; temporaries removed
 *
 * A user's mistake is a UsageError (or, from the library, a RangeError
 * naming the parameter; an OutputError for a path): printed as one line,
 * never with a stack trace. The CLI validates every value before it calls
 * the library, so a TypeError reaching it is a bug (exit 70), not input.
 */
import { OutputError } from "../io/output-paths.js";
import { EXIT_SIGINT, EXIT_SIGTERM } from "../io/cleanup.js";

/** A mistake in what the user asked for: printed as one line, exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 70;
export { EXIT_SIGINT, EXIT_SIGTERM };

/** The exit-code table for `lipvar --help`. */
export const EXIT_CODES_HELP = `Exit codes:
  0    success (check: all expectations passed)
  1    check: an expectation failed (only check uses 1)
  2    bad input or an output that cannot be written (one line on stderr; nothing written)
  70   internal error (a bug; rerun with LIPVAR_DEBUG=1 for the stack trace)
  130  interrupted (Ctrl-C / SIGINT), 143 terminated (SIGTERM); partial output removed`;

/** Whether `err` is the user's mistake (exit 2) rather than a bug. */
export function isUserError(err: unknown): err is Error {
  return err instanceof UsageError || err instanceof OutputError || err instanceof RangeError;
}

/** Collapse a message to one line (a JSON parser's message may quote several lines of input). */
export function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, " ").trim();
}

/** The stderr line for a user's mistake. */
export function usageLine(err: Error): string {
  return `lipvar: error: ${oneLine(err.message)}\n`;
}

/**
 * The stderr text for an unexpected error: one line with a pointer to
 * LIPVAR_DEBUG=1, or the stack trace when LIPVAR_DEBUG is set (not "0").
 */
export function internalErrorText(err: unknown, env: NodeJS.ProcessEnv = process.env): string {
  const debug = env.LIPVAR_DEBUG !== undefined && env.LIPVAR_DEBUG !== "" && env.LIPVAR_DEBUG !== "0";
  const e = err as Error | undefined;
  if (debug) return `lipvar: internal error: ${e && e.stack ? e.stack : String(err)}\n`;
  const what = e && typeof e === "object" && "message" in e ? `${e.name ?? "Error"}: ${e.message}` : String(err);
  return `lipvar: internal error: ${oneLine(what)} (a bug in lipvar; rerun with LIPVAR_DEBUG=1 for the stack trace)\n`;
}
