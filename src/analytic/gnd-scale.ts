/**
 * The scale α of the symmetric generalised normal SGND(α, β) for a given
 * variance (MATH.md §2), and the parameter checks the distribution objects
 * share. Kept apart from gnd.ts so that the Wasm samplers (which gnd.ts's
 * `sample` methods call) can use it without an import cycle.
 */
import { gammaRatio } from "./gnd-transforms.js";

export function checkBeta(beta: number): void {
  if (typeof beta !== "number" || !(beta > 0)) throw new RangeError(`beta must be a number > 0 or Infinity, got ${beta}`);
}

export function checkPositiveFinite(name: string, x: number): void {
  if (typeof x !== "number" || !(x > 0) || !Number.isFinite(x)) throw new RangeError(`${name} must be a finite number > 0, got ${x}`);
}

/**
 * Scale α giving the SGND(β) the requested variance: α = √(V·Γ(1/β)/Γ(3/β)),
 * and α = √(3V) for β = Infinity (uniform).
 *
 * @param variance - The variance V, finite > 0.
 * @param beta - The shape β > 0, or Infinity.
 * @returns The scale α.
 * @throws RangeError naming variance or beta when out of range.
 * @example
 * ```ts
 * import { alphaForVariance } from "lipvar/analytic";
 * alphaForVariance(1, 2); // returns ~1.41421356 (√2: SGND(α, 2) is N(0, α²/2))
 * alphaForVariance(1, Infinity); // returns ~1.7320508 (√3)
 * ```
 */
export function alphaForVariance(variance: number, beta: number): number {
  checkPositiveFinite("variance", variance);
  checkBeta(beta);
  if (beta === Infinity) return Math.sqrt(3 * variance);
  return Math.sqrt(variance * gammaRatio(1 / beta, 3 / beta));
}

