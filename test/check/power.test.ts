import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { defaultSuite, exitCodeFor, type Expectation } from "../../src/check/index.js";
import { departed, rejudge } from "../../src/check/expectation.js";
import { runSuite, specConfig } from "../../src/check/run.js";

// One recorded run of the built-in suite (scripts/fixtures/check-default-suite.mjs):
// the measurements the mutation test moves, instead of a 30–60 s rerun.
const recording = JSON.parse(readFileSync(new URL("../fixtures/check-default-suite.json", import.meta.url), "utf8")) as { results: Expectation[]; durationSeconds: number };
const rows = recording.results;

describe("the recording of the built-in suite", () => {
  it("is a run of the current suite: the same ids, in order, with the same configs", () => {
    const configs = new Map(defaultSuite.expectations.map((s) => [s.id, specConfig(s)]));
    const specOf = (id: string) => [...configs.keys()].find((s) => id === s || id.startsWith(`${s}.`));
    for (const r of rows) {
      const spec = specOf(r.id);
      expect(spec, r.id).toBeDefined();
      expect(r.config, r.id).toEqual(configs.get(spec!));
    }
    expect(new Set(rows.map((r) => specOf(r.id)))).toEqual(new Set(configs.keys()));
  });

  it("is what the code measures now: cheap rows rerun give the recorded numbers exactly (same seeds)", async () => {
    const ids = ["variance-aol-gaussian-d8-n8", "variance-aol-laplace-d16-n16", "sampler-beta2"];
    const suite = { ...defaultSuite, expectations: defaultSuite.expectations.filter((s) => ids.includes(s.id)) };
    const now = await runSuite(suite, { workers: 1 });
    expect(now.length).toBe(5);
    for (const r of now) {
      const then = rows.find((x) => x.id === r.id)!;
      expect([r.value, r.se, r.expected], r.id).toEqual([then.value, then.se, then.expected]);
    }
  }, 60_000);
});

describe("power of the built-in suite (issue 18)", () => {
  it("passed when recorded, and each row's stated detectable departure is what judge states for its numbers", () => {
    for (const r of rows) {
      expect(r.verdict, r.id).toBe("pass");
      expect(rejudge(r, r.value).detectable, r.id).toBe(r.detectable);
    }
  });

  it("flags 2% on every Var[w̄], 5% on every forward-variance (decay) ratio and 10% on every gradient ratio", () => {
    const targets: [RegExp, number][] = [
      [/^variance-/, 0.02],
      [/^decay-.*\.forward\.\d+$/, 0.05],
      [/^decay-.*\.gradient\.\d+$/, 0.1],
    ];
    for (const [pattern, target] of targets) {
      const matching = rows.filter((r) => pattern.test(r.id));
      expect(matching.length, String(pattern)).toBeGreaterThanOrEqual(pattern.source.includes("variance") ? 12 : 6);
      for (const r of matching) expect(r.detectable!, r.id).toBeLessThanOrEqual(target);
    }
  });

  // The mutation test: move each measured quantity by its stated detectable
  // departure (two-sided rows up and down, a bound towards its limit), judge
  // again, and require the suite to fail. The stated departure is the
  // tolerance + 3 SE, so this holds whenever the recorded noise is within 3 SE.
  it("fails when any one measured quantity is moved by its stated detectable departure", () => {
    let mutations = 0;
    for (const [i, r] of rows.entries()) {
      expect(r.detectable, `${r.id} states its detectable departure`).toBeDefined();
      const signs: (1 | -1)[] = r.comparison === "atMost" ? [1] : r.comparison === "atLeast" ? [-1] : [1, -1];
      for (const sign of signs) {
        const moved = rejudge(r, departed(r, sign));
        expect(moved.verdict, `${r.id} moved by ${sign > 0 ? "+" : "−"}${r.detectable}`).toBe("fail");
        const suite = rows.map((x, j) => (j === i ? moved : x));
        expect(exitCodeFor(suite)).toBe(1);
        mutations++;
      }
    }
    // 45 rows: 39 two-sided (two mutations each), 6 upper bounds (one each).
    expect(mutations).toBe(2 * rows.filter((r) => r.comparison === "equal").length + rows.filter((r) => r.comparison !== "equal").length);
  });

  it("and passes when each is moved by a quarter of it at most (the gate is not simply failing everything)", () => {
    // A quarter of (4 + 3) SE is 1.75 SE: with the recorded noise within 2.25 SE of the expected value, still inside 4 SE.
    for (const r of rows.filter((x) => x.comparison === "equal" && Math.abs((x.value - x.expected) / x.se!) < 2.25)) {
      const quarter = { ...r, detectable: r.detectable! / 4 };
      expect(rejudge(r, departed(quarter, 1)).verdict, r.id).toBe("pass");
      expect(rejudge(r, departed(quarter, -1)).verdict, r.id).toBe("pass");
    }
  });
});
