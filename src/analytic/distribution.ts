/**
 * How every part of lipvar names a weight (or bias) distribution: an object
 * `{ dist, beta }` — the same two fields the experiments' configs, the CLI's
 * `--dist`/`--beta`, the analytic functions and the distribution objects
 * take. Named distributions imply the shape β of the symmetric generalised
 * normal SGND(β) (MATH.md §2): gaussian 2, laplace 1, uniform Infinity;
 * "gnd" takes an explicit β.
 */

/** Distribution name as on the CLI; "gnd" takes an explicit β. */
export type DistributionName = "gaussian" | "laplace" | "uniform" | "gnd";

/**
 * A distribution as every lipvar function names it: `{ dist: "laplace" }`,
 * `{ beta: 1.5 }` (dist "gnd" implied) or `{ dist: "gnd", beta: 1.5 }`;
 * `{}` is the Gaussian.
 */
export interface DistributionSpec {
  /** "gaussian" (default), "laplace", "uniform", or "gnd" with `beta`. */
  dist?: DistributionName;
  /** SGND shape β > 0 or Infinity; implied by a named `dist` (a different β is an error). */
  beta?: number;
}

const IMPLIED_BETA: Record<Exclude<DistributionName, "gnd">, number> = { gaussian: 2, laplace: 1, uniform: Infinity };

/**
 * Resolve a distribution `{ dist, beta }` to its name and shape: named
 * distributions imply β; "gnd" needs β; neither given is the Gaussian;
 * only β given is "gnd". `names` are the fields the messages name (the depth
 * stacks' bias uses biasDist/biasBeta).
 *
 * @param dist - "gaussian", "laplace", "uniform", "gnd" or undefined.
 * @param beta - SGND shape β > 0 or Infinity, or undefined.
 * @param names - Field names for messages (default "dist" and "beta").
 * @returns The name and the shape β.
 * @throws RangeError when β is not > 0, dist is unknown, "gnd" lacks β, or β conflicts with a named dist.
 * @example
 * ```ts
 * import { resolveDistribution } from "lipvar/analytic";
 * resolveDistribution("laplace", undefined); // { dist: "laplace", beta: 1 }
 * resolveDistribution(undefined, 1.5); // { dist: "gnd", beta: 1.5 }
 * ```
 */
export function resolveDistribution(
  dist: DistributionName | undefined,
  beta: number | undefined,
  names: { dist: string; beta: string } = { dist: "dist", beta: "beta" },
): { dist: DistributionName; beta: number } {
  if (beta !== undefined && !(typeof beta === "number" && beta > 0)) throw new RangeError(`${names.beta} must be a number > 0 or Infinity, got ${beta}`);
  const name: DistributionName = dist ?? (beta === undefined ? "gaussian" : "gnd");
  if (name === "gnd") {
    if (beta === undefined) throw new RangeError(`${names.beta} is required with ${names.dist} gnd (a number > 0 or Infinity)`);
    return { dist: name, beta };
  }
  if (!(name in IMPLIED_BETA)) throw new RangeError(`${names.dist} must be one of gaussian, laplace, uniform, gnd, got ${String(dist)}`);
  const implied = IMPLIED_BETA[name];
  if (beta !== undefined && beta !== implied) throw new RangeError(`${names.beta} ${beta} conflicts with ${names.dist} ${name} (${names.beta} = ${implied}); use ${names.dist} gnd`);
  return { dist: name, beta: implied };
}

/**
 * The shape β of a distribution spec (see `resolveDistribution`); a
 * missing or non-object spec is a TypeError naming `param`.
 */
export function betaOf(spec: DistributionSpec, param = "dist"): number {
  if (spec === null || typeof spec !== "object" || Array.isArray(spec)) {
    throw new TypeError(`${param} must be an object { dist, beta } (dist gaussian, laplace, uniform or gnd; beta > 0 or Infinity), got ${spec === null ? "null" : Array.isArray(spec) ? "an array" : typeof spec}`);
  }
  return resolveDistribution(spec.dist, spec.beta).beta;
}
