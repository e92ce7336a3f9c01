/**
 * The weight distribution named on the command line (`--dist`, `--beta`),
 * shared by every command that takes one (bounds, variance, decay, …).
 */
import type { Command } from "commander";
import { beta as parseBeta } from "./args.js";
import { UsageError } from "./errors.js";

export const DIST_NAMES = ["gaussian", "laplace", "uniform", "gnd"] as const;
export type DistName = (typeof DIST_NAMES)[number];

/** The shape each named distribution stands for. */
const IMPLIED_BETA: Record<Exclude<DistName, "gnd">, number> = { gaussian: 2, laplace: 1, uniform: Infinity };

/** Other names accepted for a distribution (any case), as scipy.stats and R call them. */
const ALIASES: Record<string, DistName> = { normal: "gaussian" };

/** A distribution name in any case, or an alias ("normal" for gaussian). */
export function parseDistName(option: string, raw: string): DistName {
  const key = String(raw).toLowerCase();
  if ((DIST_NAMES as readonly string[]).includes(key)) return key as DistName;
  if (Object.hasOwn(ALIASES, key)) return ALIASES[key];
  const shown = /^[\x20-\x7e]*$/.test(String(raw)) ? `'${raw}'` : JSON.stringify(String(raw));
  throw new UsageError(`${option} must be one of ${DIST_NAMES.join(", ")} (any case; normal = gaussian), got ${shown}`);
}

/** Help text of a distribution option. */
export const DIST_HELP = "gaussian (or normal) | laplace | uniform | gnd, any case";

/**
 * Resolve `--dist` and `--beta` into a distribution name and its shape β.
 * - gaussian / laplace / uniform imply β = 2 / 1 / Infinity; a --beta that
 *   says otherwise is a usage error (a matching one is accepted);
 * - gnd requires --beta (a number > 0 or 'inf');
 * - without --dist: gnd when --beta is given, else gaussian.
 * `names` are the option names the messages use (the depth commands' bias
 * is `--bias-dist` / `--bias-beta`, parsed the same way).
 */
export function parseDistOptions(
  opts: { dist?: string; beta?: string },
  names: { dist: string; beta: string } = { dist: "--dist", beta: "--beta" },
): { dist: DistName; beta: number } {
  const beta = opts.beta === undefined ? undefined : parseBeta(names.beta, opts.beta);
  const dist: DistName = opts.dist === undefined ? (beta === undefined ? "gaussian" : "gnd") : parseDistName(names.dist, opts.dist);
  if (dist === "gnd") {
    if (beta === undefined) throw new UsageError(`${names.beta} is required with ${names.dist} gnd (a number > 0 or 'inf')`);
    return { dist, beta };
  }
  const implied = IMPLIED_BETA[dist];
  if (beta !== undefined && beta !== implied) {
    throw new UsageError(`${names.beta} ${opts.beta} conflicts with ${names.dist} ${dist} (which means beta = ${implied === Infinity ? "inf" : implied}); drop ${names.beta} or use ${names.dist} gnd`);
  }
  return { dist, beta: implied };
}

/** β for JSON output: JSON has no Infinity, so the uniform limit is the string "inf". */
export function betaForJson(beta: number): number | "inf" {
  return beta === Infinity ? "inf" : beta;
}

/** `--dist <name>` and `--beta <B>` as every command that samples weights declares them. */
export function addDistOptions(command: Command, betaHelp = "shape for --dist gnd: a number > 0 or 'inf'"): Command {
  return command
    .option("--dist <name>", `weight distribution: ${DIST_HELP} (default gaussian, or gnd when --beta is given)`)
    .option("--beta <B>", betaHelp);
}
