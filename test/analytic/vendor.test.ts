import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import * as bundled from "../../src/vendor/stdlib.js";

describe("the bundled stdlib special functions (scripts/build-vendor.mjs)", () => {
  const text = readFileSync(resolve(__dirname, "../../src/vendor/stdlib.js"), "utf8");

  it("is one self-contained module: no imports, no require, no Node globals (runs in browsers too)", () => {
    expect(text).not.toMatch(/^\s*import\s/m);
    expect(text).not.toMatch(/\brequire\s*\(/);
    expect(text).not.toMatch(/\bprocess\.|\bBuffer\b/);
  });

  it("exports exactly the functions src/analytic/special.ts uses", () => {
    expect(Object.keys(bundled).sort()).toEqual(["erfc", "erfcx", "gamma", "gammainc", "gammaincinv", "gammaln", "sici"]);
    // Γ(5) = 4! and Γ(1/2)² = π are exact references.
    expect(bundled.gamma(5)).toBe(24);
    expect(bundled.gamma(0.5) ** 2).toBeCloseTo(Math.PI, 14);
  });
});
