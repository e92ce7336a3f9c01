/**
 * How many workers to run by default: the cores this process may use.
 * Node: os.availableParallelism() (Node ≥ 18.14), else os.cpus().length;
 * browser: navigator.hardwareConcurrency. `node:os` is imported only under Node.
 */
import { isNode } from "./runtime.js";

/** The number of cores available to this process (at least 1). */
export async function availableCores(): Promise<number> {
  if (isNode()) {
    const os = await import("node:os");
    const n = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
    return Math.max(1, n || 1);
  }
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  return Math.max(1, nav?.hardwareConcurrency ?? 1);
}
