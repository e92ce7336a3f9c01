/**
 * Standard output failures. A reader that goes away (EPIPE, e.g.
 * `lipvar sample ... | head`) ends the output quietly; any other failure
 * (a full disk, `> /dev/full`) is an OutputError — one line naming
 * standard output and the system's reason, exit code 2 — instead of Node's
 * "Unhandled 'error' event" crash.
 */
import { OutputError, systemReason } from "../io/output-paths.js";

export const STDOUT = "standard output";

/** The OutputError for a failed write to stdout, or undefined for a reader that went away. */
export function stdoutFailure(e: unknown): OutputError | undefined {
  if ((e as NodeJS.ErrnoException)?.code === "EPIPE") return undefined;
  return new OutputError(`cannot write to ${STDOUT}: ${systemReason(e)}`);
}

/**
 * Watch `stream` (stdout) for errors while a command runs. `settle()` waits
 * for the writes already made to report back (a file's writes fail on the
 * next tick) and returns the first failure as an OutputError, if any;
 * `stop()` removes the listener.
 */
export function watchStdout(stream: NodeJS.WritableStream = process.stdout): { settle(): Promise<OutputError | undefined>; stop(): void } {
  let failure: OutputError | undefined;
  const onError = (e: Error) => {
    failure ??= stdoutFailure(e);
  };
  stream.on("error", onError);
  return {
    async settle() {
      await new Promise<void>((r) => setImmediate(r));
      return failure;
    },
    stop() {
      stream.off("error", onError);
    },
  };
}
