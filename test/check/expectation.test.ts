import { describe, expect, it } from "vitest";
import { exitCodeFor, judge, toJson, toTextTable } from "../../src/check/index.js";

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
