/** The verdict machinery: power statements, verdict rules, the fixed-point alternatives, the closed forms at n = 1. */
import { describe, expect, it } from "vitest";
import { closedFormsAtNOne, compare, fixedPointTest, powerOf } from "../../src/report/claims.js";
import type { DecayResult } from "../../src/experiments/types.js";

describe("claims", () => {
  it("powerOf: 4 relative SEs of the least and the most precise point", () => {
    expect(powerOf([{ relSe: 0.005 }])).toBe("would flag a 2% departure at 4 SE");
    expect(powerOf([{ relSe: 0.005 }, { relSe: 0.0005 }])).toBe("would flag a 2% departure at 4 SE at the least precise point (0.2% at the most precise)");
    expect(powerOf([])).toBe("—");
  });

  it("compare: holds within 4 SE, holds approximately within 10%, fails beyond both (naming the worst point)", () => {
    const p = (z: number, rel: number, where: string) => ({ z, rel, where, relSe: 0.01 });
    expect(compare("c", "s", [p(1, 0.01, "a"), p(-3.9, -0.04, "b")]).verdict).toBe("holds");
    expect(compare("c", "s", [p(1, 0.01, "a"), p(6, 0.06, "b")]).verdict).toBe("holds approximately");
    const f = compare("c", "s", [p(1, 0.01, "a"), p(-20, -0.2, "worst"), p(5, 0.11, "b")]);
    expect(f.verdict).toBe("fails");
    expect(f.text).toMatch(/^fails at worst: off by 20% \(20 SE\); 2 of 3 points/);
  });

  it("fixedPointTest: the alternatives σ_b² and σ_b²/(1−2r) sit at (1−r) and (1−r)/(1−2r) of the claim", () => {
    const r = 0.2;
    const d = { pooled: { tailFrom: 5, tail: { value: 1, se: 0.01 }, tailPredicted: 1, step: null }, layers: [{ predictedRatio: r }] } as unknown as DecayResult;
    const t = fixedPointTest(d);
    expect(t.z).toBe(0);
    // (1 − 0.8)/0.01 = 20 SE above σ_b²; (1 − 0.8/0.6)/0.01 = −33.3 SE below σ_b²/(1−2r).
    expect(t.alternatives[0].z).toBeCloseTo(20, 10);
    expect(t.alternatives[1].z).toBeCloseTo(-100 / 3, 10);
  });

  it("the GND closed forms at n = 1: Laplace 2/(d² − d + 2), normal 1/d, uniform (1+d)/(4d − 2)", () => {
    const [laplace, normal, uniform] = closedFormsAtNOne(8);
    expect(laplace.value).toBeCloseTo(2 / 58, 15);
    expect(normal.value).toBeCloseTo(1 / 8, 15);
    expect(uniform.value).toBeCloseTo(9 / 30, 15);
  });
});
