/**
 * Temporary output (staging folders, backup copies, temporary files, probe
 * files) that must not outlive the process, whichever way it ends.
 *
 * Every writer registers what it creates with `whileWriting` and the
 * returned `done()` removes the registration once the temporary is gone or
 * renamed into place. Normal and error exits clean up in the writer's own
 * `finally`; an interrupt (SIGINT, SIGTERM) cannot wait for that, so
 * `installInterruptHandlers` (the CLI calls it; library users may) runs
 * every registered clean-up synchronously, prints one line and exits with
 * 128 + the signal number: 130 for SIGINT (Ctrl-C), 143 for SIGTERM.
 */
import { rmSync } from "node:fs";

/** A synchronous clean-up step; must not throw (errors are ignored). */
export type CleanupStep = () => void;

const steps = new Map<number, CleanupStep>();
let nextId = 1;

/** Register `step` to run if the process is interrupted; call the result when it is no longer needed. */
export function whileWriting(step: CleanupStep): () => void {
  const id = nextId++;
  steps.set(id, step);
  return () => {
    steps.delete(id);
  };
}

/** Register removal of `path` (a file or a folder tree) on interrupt. */
export function removeOnInterrupt(path: string): () => void {
  return whileWriting(() => rmSync(path, { recursive: true, force: true }));
}

/** Run every registered step now (newest first), synchronously; returns how many ran. */
export function runInterruptCleanups(): number {
  const pending = [...steps.entries()].reverse();
  steps.clear();
  for (const [, step] of pending) {
    try {
      step();
    } catch {
      // Best effort: the next run's recovery (report/write.ts) removes what is left.
    }
  }
  return pending.length;
}

/** How many clean-up steps are registered (tests check that writers leave none behind). */
export function pendingCleanups(): number {
  return steps.size;
}

/** Exit codes of an interrupted run: 128 + signal number. */
export const EXIT_SIGINT = 130;
export const EXIT_SIGTERM = 143;

let installed = false;

/**
 * On SIGINT or SIGTERM: remove every registered temporary, print one line
 * ("lipvar: interrupted (SIGINT); partial output removed") and exit 130 or
 * 143. Installed once; later calls do nothing.
 */
export function installInterruptHandlers(write: (line: string) => void = (s) => process.stderr.write(s)): void {
  if (installed) return;
  installed = true;
  const handle = (signal: "SIGINT" | "SIGTERM", code: number) => () => {
    const removed = runInterruptCleanups();
    write(`\nlipvar: interrupted (${signal})${removed > 0 ? "; partial output removed" : ""}\n`.replace(/^\n/, process.stderr.isTTY ? "\n" : ""));
    process.exit(code);
  };
  process.on("SIGINT", handle("SIGINT", EXIT_SIGINT));
  process.on("SIGTERM", handle("SIGTERM", EXIT_SIGTERM));
}
