/**
 * Runs the CLI in-process with stdout and stderr captured, for CLI tests.
 * Call `captureCli()` at the top of a test file: it installs the spies before
 * each test and restores them after.
 */
import { afterEach, beforeEach, expect, vi } from "vitest";
import { main } from "../../src/cli/main.js";

export interface CliCapture {
  /** Everything written to stdout since the last reset. */
  readonly out: string;
  /** Everything written to stderr since the last reset. */
  readonly err: string;
  /** Number of stdout write calls since the last reset. */
  readonly writes: number;
  reset(): void;
  /** Run `lipvar ...argv`; resolves to the exit code. */
  run(...argv: string[]): Promise<number>;
  /** Run `lipvar ...argv` from a reset and assert a usage error: exit 2, nothing on stdout, one stderr line matching `what`. */
  expectUsageError(argv: string[], what: RegExp): Promise<void>;
}

export function captureCli(): CliCapture {
  const state = { out: "", err: "", writes: 0 };
  const capture: CliCapture = {
    get out() {
      return state.out;
    },
    get err() {
      return state.err;
    },
    get writes() {
      return state.writes;
    },
    reset() {
      state.out = "";
      state.err = "";
      state.writes = 0;
    },
    run: (...argv) => main(argv),
    async expectUsageError(argv, what) {
      capture.reset();
      expect(await main(argv)).toBe(2);
      expect(state.out).toBe("");
      const lines = state.err.trimEnd().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(what);
    },
  };
  beforeEach(() => {
    capture.reset();
    vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => {
      state.out += String(s);
      state.writes++;
      return true;
    });
    vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => {
      state.err += String(s);
      return true;
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });
  return capture;
}
