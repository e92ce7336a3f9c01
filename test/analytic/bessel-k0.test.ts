import { describe, expect, it } from "vitest";
import { besselK0 } from "../../src/analytic/bessel-k0.js";
import { fixture } from "../helpers.js";

const ref = fixture("analytic");

describe("complex K_0 in the sector |arg z| ≤ π/4", () => {
  const cases = ref.besselK0 as { re: number; im: number; k0re: number; k0im: number }[];
  it.each(cases)("K_0($re + $im i) against scipy.special.kv (1e-14 relative in modulus)", ({ re, im, k0re, k0im }) => {
    const out = besselK0(re, im, { re: 0, im: 0 });
    const relativeError = Math.hypot(out.re - k0re, out.im - k0im) / Math.hypot(k0re, k0im);
    expect(relativeError).toBeLessThan(1e-14);
  });
});
