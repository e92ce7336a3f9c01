/**
 * A mistake in what the user asked for: printed as one line, exit code 2,
 * no stack trace. Library code throws RangeError/TypeError for bad arguments;
 * the CLI turns those into UsageError as well.
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
