import { describe, expect, it } from "vitest";
import { exitCodeFor, judge, toJson, toTextTable } from "../../src/check/index.js";
import { departed } from "../../src/check/expectation.js";

const common = { id: "x", description: "d" };

describe("judge", () => {
  it("two-sided in standard errors: passes at the edge, fails just beyond", () => {
    expect(judge({ ...common, value: 1.4, expected: 1, tolerance: 4, unit: "se", se: 0.1 }).verdict).toBe("pass");
    const fail = judge({ ...common, value: 0.59, expected: 1, tolerance: 4, unit: "se", se: 0.1 });
    expect(fail.verdict).toBe("fail");
    expect(fail.detail).toBe("|0.59 − 1| = 4.1 SE > 4 SE");
  });

  it("one-sided bounds: atMost ignores values far below, atLeast far above", () => {
    expect(judge({ ...common, value: 0.01, expected: 0.125, tolerance: 4, unit: "se", se: 0.001, comparison: "atMost" }).verdict).toBe("pass");
    const over = judge({ ...common, value: 0.13, expected: 0.125, tolerance: 4, unit: "se", se: 0.001, comparison: "atMost" });
    expect(over.verdict).toBe("fail");
    expect(over.detail).toBe("0.13 − 0.125 = 5 SE > 4 SE");
    expect(judge({ ...common, value: 9, expected: 1, tolerance: 0.1, unit: "abs", comparison: "atLeast" }).verdict).toBe("pass");
    expect(judge({ ...common, value: 0.8, expected: 1, tolerance: 0.1, unit: "abs", comparison: "atLeast" }).verdict).toBe("fail");
  });

  it("absolute and relative tolerances", () => {
    expect(judge({ ...common, value: 1.04, expected: 1, tolerance: 0.05, unit: "abs" }).verdict).toBe("pass");
    const rel = judge({ ...common, value: 2.1, expected: 2, tolerance: 0.02, unit: "rel" });
    expect(rel.verdict).toBe("fail");
    expect(rel.detail).toBe("|2.1 − 2| = 5% > 2%");
  });

  it("a NaN measurement fails; a zero SE demands equality", () => {
    expect(judge({ ...common, value: NaN, expected: 1, tolerance: 4, unit: "se", se: 0.1 }).verdict).toBe("fail");
    expect(judge({ ...common, value: 1, expected: 1, tolerance: 4, unit: "se", se: 0 }).verdict).toBe("pass");
    expect(judge({ ...common, value: 1.0000001, expected: 1, tolerance: 4, unit: "se", se: 0 }).verdict).toBe("fail");
  });

  it("rtol adds a relative tolerance to the SE one: allowed = k·SE + rtol·|expected|", () => {
    // 4·0.01 + 0.05·1 = 0.09 allowed.
    expect(judge({ ...common, value: 1.089, expected: 1, tolerance: 4, unit: "se", se: 0.01, rtol: 0.05 }).verdict).toBe("pass");
    const over = judge({ ...common, value: 1.091, expected: 1, tolerance: 4, unit: "se", se: 0.01, rtol: 0.05 });
    expect(over.verdict).toBe("fail");
    expect(over.detail).toBe("|1.091 − 1| = 9.1 SE > 4 SE + 5%");
    expect(over.rtol).toBe(0.05);
    expect(() => judge({ ...common, value: 1, expected: 1, tolerance: 4, unit: "se", se: 0.1, rtol: -0.1 })).toThrow("rtol must be a finite number >= 0, got -0.1");
  });

  it("states the smallest departure it flags: tolerance + 3 SE, relative to the expected value (two-sided), the measured value (bounds) or a named scale", () => {
    // (4·0.01 + 3·0.01)/2 = 3.5%.
    const two = judge({ ...common, value: 2.01, expected: 2, tolerance: 4, unit: "se", se: 0.01 });
    expect(two.detectable).toBeCloseTo(0.035, 15);
    expect(two.detectableOf).toBe("expected");
    // (4·0.01 + 0.1·2 + 3·0.01)/2 = 13.5% with rtol 0.1.
    expect(judge({ ...common, value: 2.01, expected: 2, tolerance: 4, unit: "se", se: 0.01, rtol: 0.1 }).detectable).toBeCloseTo(0.135, 15);
    // Bound 1: the value 0.5 must grow by (1 − 0.5 + 0.04 + 0.03)/0.5 = 114%.
    const bound = judge({ ...common, value: 0.5, expected: 1, tolerance: 4, unit: "se", se: 0.01, comparison: "atMost" });
    expect(bound.detectable).toBeCloseTo(1.14, 14);
    expect(bound.detectableOf).toBe("value");
    // A mean expected at 0, relative to sd = 2: (0.4 + 0.3)/2 = 35% of the sd.
    const mean = judge({ ...common, value: 0.05, expected: 0, tolerance: 4, unit: "se", se: 0.1, scale: { value: 2, name: "sd" } });
    expect(mean).toMatchObject({ detectableOf: "sd", detectableScale: 2 });
    expect(mean.detectable).toBeCloseTo(0.35, 15);
    // Zero reference and no scale: nothing to be relative to.
    expect(judge({ ...common, value: 0, expected: 0, tolerance: 4, unit: "se", se: 0.1 }).detectable).toBeUndefined();
  });

  it("a measurement moved by its detectable departure fails, in either direction (noise here: 1 SE)", () => {
    for (const r of [
      judge({ ...common, value: 2.01, expected: 2, tolerance: 4, unit: "se", se: 0.01 }),
      judge({ ...common, value: 1.99, expected: 2, tolerance: 4, unit: "se", se: 0.01, rtol: 0.02 }),
      judge({ ...common, value: 0.1, expected: 0, tolerance: 4, unit: "se", se: 0.1, scale: { value: 2, name: "sd" } }),
    ]) {
      expect(r.verdict, r.detail).toBe("pass");
      for (const sign of [1, -1] as const) expect(judge({ ...common, ...r, value: departed(r, sign) }).verdict, `${r.value} ${sign}`).toBe("fail");
    }
    const bound = judge({ ...common, value: 0.5, expected: 1, tolerance: 4, unit: "se", se: 0.01, comparison: "atMost" });
    expect(judge({ ...common, ...bound, value: departed(bound, 1) }).verdict).toBe("fail");
    // The 3 SE margin is what the departure holds beyond the limit: without it the moved value would sit at the limit.
    expect(departed(bound, 1) - 3 * 0.01).toBeCloseTo(1 + 4 * 0.01, 12);
  });

  it("validates tolerance and SE", () => {
    expect(() => judge({ ...common, value: 1, expected: 1, tolerance: -1, unit: "abs" })).toThrow("tolerance must be a finite number >= 0, got -1");
    expect(() => judge({ ...common, value: 1, expected: 1, tolerance: 4, unit: "se" })).toThrow(/se must be a number >= 0/);
  });
});

describe("exit code and output formats", () => {
  const pass = judge({ id: "variance-d8", description: "ok", value: 0.0421, expected: 0.04210470613, tolerance: 4, unit: "se", se: 0.0001, kind: "variance" });
  const fail = judge({ id: "bound-d16", description: "bad", value: NaN, expected: 0.0625, tolerance: 4, unit: "se", se: 0.001, comparison: "atMost" });

  it("is 0 when everything passes (or nothing ran), 1 when anything fails", () => {
    expect(exitCodeFor([pass, pass])).toBe(0);
    expect(exitCodeFor([])).toBe(0);
    expect(exitCodeFor([pass, fail])).toBe(1);
  });

  it("JSON carries every value, tolerance and verdict, with non-finite numbers as strings", () => {
    const json = JSON.parse(toJson("lipvar default", [pass, fail], 2.5));
    expect(json).toMatchObject({ suite: "lipvar default", passed: 1, failed: 1, total: 2, durationSeconds: 2.5, exitCode: 1 });
    expect(json.results[0]).toMatchObject({ id: "variance-d8", value: 0.0421, expected: 0.04210470613, tolerance: 4, unit: "se", se: 0.0001, verdict: "pass" });
    expect(json.results[1]).toMatchObject({ id: "bound-d16", value: "NaN", verdict: "fail", comparison: "atMost" });
  });

  it("the text table has one aligned row per expectation and a summary", () => {
    expect(toTextTable([pass, fail], 2.54)).toBe(
      [
        "      id            value   expected  detects  why",
        // detects: (4 + 3)·0.0001/0.04210470613 = 1.66%; none for a NaN measurement.
        "PASS  variance-d8  0.0421  0.0421047   ±1.66%  |0.0421 − 0.04210470613| = 0.04706 SE ≤ 4 SE",
        "FAIL  bound-d16       NaN     0.0625           value NaN or expected 0.0625 is not a finite number",
        "",
        "1 passed, 1 failed (2 expectations) in 2.5 s",
        "",
      ].join("\n"),
    );
  });
});
