import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { detectFeatures } from "../../src/wasm/index.js";

// Runs a fresh Node process on the compiled library (npm test builds dist/
// first): V8 flags are per process, so the opt-in cannot be tested in-process.
function buildChosen(env: Record<string, string>): string {
  const code = 'import("./dist/wasm/index.js").then(async (m) => console.log((await m.createKernels()).build))';
  return execFileSync(process.execPath, ["-e", code], { env: { ...process.env, ...env }, encoding: "utf8" }).trim();
}

describe("build selection", () => {
  it("auto picks relaxed SIMD where the engine runs it, else SIMD", () => {
    const expected = detectFeatures().relaxedSimd ? "relaxed" : "simd";
    expect(buildChosen({ LIPVAR_RELAXED_SIMD: "" })).toBe(expected);
  });

  it("LIPVAR_RELAXED_SIMD=1 turns relaxed SIMD on (a V8 flag on Node 20; already on from Node 22)", () => {
    expect(buildChosen({ LIPVAR_RELAXED_SIMD: "1" })).toBe("relaxed");
  });
});
