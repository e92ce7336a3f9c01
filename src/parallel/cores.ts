/**
 * How many workers to run by default: the cores this process may use.
 * Node: os.availableParallelism() (Node ≥ 18.14), else os.cpus().length;
 * browser: navigator.hardwareConcurrency (see src/host/).
 */
import { host } from "#host";

/** The number of cores available to this process (at least 1). */
export function availableCores(): Promise<number> {
  return host.availableCores();
}
