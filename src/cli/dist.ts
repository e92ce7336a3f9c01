/**
 * The weight distribution named on the command line (`--dist`, `--beta`),
 * shared by every command that takes one (bounds, variance, decay, …).
 */
import { beta as parseBeta, choice } from "./args.js";
import { UsageError } from "./errors.js";

export const DIST_NAMES = ["gaussian", "laplace", "uniform", "gnd"] as const;
export type DistName = (typeof DIST_NAMES)[number];

/** The shape each named distribution stands for. */
const IMPLIED_BETA: Record<Exclude<DistName, "gnd">, number> = { gaussian: 2, laplace: 1, uniform: Infinity };

/**
 * Resolve `--dist` and `--beta` into a distribution name and its shape β.
 * - gaussian / laplace / uniform imply β = 2 / 1 / Infinity; a --beta that
 *   says otherwise is a usage error (a matching one is accepted);
 * - gnd requires --beta (a number > 0 or 'inf');
 * - without --dist: gnd when --beta is given, else gaussian.
 */
export function parseDistOptions(opts: { dist?: string; beta?: string }): { dist: DistName; beta: number } {
  const beta = opts.beta === undefined ? undefined : parseBeta("--beta", opts.beta);
  const dist: DistName = opts.dist === undefined ? (beta === undefined ? "gaussian" : "gnd") : choice("--dist", opts.dist, DIST_NAMES);
  if (dist === "gnd") {
    if (beta === undefined) throw new UsageError("--beta is required with --dist gnd (a number > 0 or 'inf')");
    return { dist, beta };
  }
  const implied = IMPLIED_BETA[dist];
  if (beta !== undefined && beta !== implied) {
    throw new UsageError(`--beta ${opts.beta} conflicts with --dist ${dist} (which means beta = ${implied === Infinity ? "inf" : implied}); drop --beta or use --dist gnd`);
  }
  return { dist, beta: implied };
}

/** β for JSON output: JSON has no Infinity, so the uniform limit is the string "inf". */
export function betaForJson(beta: number): number | "inf" {
  return beta === Infinity ? "inf" : beta;
}
