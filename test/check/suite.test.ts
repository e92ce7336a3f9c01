import { describe, expect, it } from "vitest";
import { DEFAULT_SUITE_JSON, defaultSuite, parseSuite, SuiteError, type VarianceSpec } from "../../src/check/index.js";
import { REFERENCE_ENTRIES } from "../../src/check/reference-data.js";

const base = { kind: "variance", transform: "aol", d: 8, n: 8, dist: "gaussian", samples: 100, seed: 1, k: 4 };
const suiteWith = (...expectations: unknown[]) => JSON.stringify({ version: 1, expectations });

/** The one-line message parseSuite throws for `text`. */
function problem(text: string): string {
  try {
    parseSuite(text, "suite.json");
  } catch (e) {
    expect(e).toBeInstanceOf(SuiteError);
    const message = (e as Error).message;
    expect(message).not.toContain("\n");
    return message;
  }
  throw new Error("expected parseSuite to throw");
}

describe("parseSuite: malformed files give one clear line", () => {
  it.each([
    ["a trailing comma", '{ "version": 1, "expectations": [ { "kind": "variance", } ] }', "suite.json: not valid JSON: Expected double-quoted property name at line 1, column 57"],
    ["an unclosed object", '{\n  "version": 1,\n  "expectations": [\n  ]\n', "suite.json: not valid JSON: Expected ',' or '}' after property value at line 5, column 1"],
    ["an empty file", "  \n", 'suite.json: the file is empty; a suite is a JSON object with "version" and "expectations"'],
  ])("malformed JSON: %s", (_what, text, message) => {
    expect(problem(text)).toBe(message);
  });

  it.each([
    ["out of range", suiteWith(base, base, { ...base, d: 0 }), "suite.json: expectations[2].d must be an integer from 1 to 65536, got 0"],
    ["a string for a number", suiteWith({ ...base, n: "8" }), 'suite.json: expectations[0].n must be an integer from 1 to 65536, got "8"'],
    ["a fraction", suiteWith({ ...base, samples: 10.5 }), "suite.json: expectations[0].samples must be an integer from 2 to 1000000000, got 10.5"],
    ["a missing field", suiteWith({ ...base, seed: undefined }), "suite.json: expectations[0].seed is required (an integer from 0 to 9007199254740991)"],
    ["k of 0", suiteWith({ ...base, k: 0 }), "suite.json: expectations[0].k must be a number > 0 and at most 100 (standard errors), got 0"],
    ["a bad dist", suiteWith({ ...base, dist: "normal" }), 'suite.json: expectations[0].dist must be one of gaussian, laplace, uniform, gnd, got "normal"'],
    ["a bad beta", suiteWith({ ...base, kind: "upperBound", dist: "gnd", beta: -1 }), 'suite.json: expectations[0].beta must be a number > 0 or "inf", got -1'],
    ["an object for the list", JSON.stringify({ version: 1, expectations: {} }), "suite.json: expectations must be a list of expectations, got {}"],
    ["an empty list", JSON.stringify({ version: 1, expectations: [] }), "suite.json: expectations must be a non-empty list of expectations, got []"],
    ["a number for an expectation", suiteWith(5), 'suite.json: expectations[0] must be an object with a "kind" (variance, upperBound, decay, sampler), got 5'],
    ["a list for the suite", "[]", "suite.json: the suite must be an object, got []"],
    ["a wrong version", JSON.stringify({ version: 2, expectations: [base] }), "suite.json: version must be the number 1 (the suite format version), got 2"],
  ])("wrong types: %s", (_what, text, message) => {
    expect(problem(text)).toBe(message);
  });

  it.each([
    ["a misspelt kind", suiteWith({ ...base, kind: "varience" }), 'suite.json: expectations[0].kind must be one of variance, upperBound, decay, sampler, got "varience"'],
    ["no kind", suiteWith({ ...base, kind: undefined }), "suite.json: expectations[0].kind is required (one of variance, upperBound, decay, sampler)"],
    ["an unknown key", suiteWith({ ...base, dd: 3 }), 'suite.json: expectations[0] has unknown key "dd" (allowed: kind, id, description, seed, k, rtol, transform, qStd, d, n, dist, beta, samples, reference)'],
    ["an unknown top-level key", JSON.stringify({ version: 1, extra: 1, expectations: [base] }), 'suite.json: the suite has unknown key "extra" (allowed: $schema, version, name, expectations)'],
  ])("unknown kinds and keys: %s", (_what, text, message) => {
    expect(problem(text)).toBe(message);
  });

  it.each([
    ["gnd without beta", suiteWith({ ...base, kind: "upperBound", dist: "gnd" }), 'suite.json: expectations[0].beta is required with dist "gnd" (a number > 0 or "inf")'],
    ["a beta that contradicts dist", suiteWith({ ...base, beta: 1 }), 'suite.json: expectations[0].beta 1 conflicts with dist "gaussian" (which means beta = 2); drop beta or use dist "gnd"'],
    [
      "variance for a non-Gaussian shape without a reference",
      suiteWith({ ...base, n: 4, dist: "laplace" }),
      'suite.json: expectations[0].dist "laplace" at d = 8, n = 4 has no built-in reference value (built in: transform aol, beta 1/inf/0.5/8, (d, n) = (8, 8) (16, 16) (64, 16) (32, 32)); give "reference": {"value", "se", "source"} (e.g. from \'lipvar variance --method precise\') or use upperBound',
    ],
    ["a reference for Gaussian weights", suiteWith({ ...base, reference: { value: 0.04, se: 0.001, source: "mine" } }), "suite.json: expectations[0].reference is only for non-Gaussian weights: Gaussian weights are judged against the exact V(d, n)"],
    ["an rtol above 1", suiteWith({ ...base, rtol: 2 }), "suite.json: expectations[0].rtol must be a number from 0 to 1 (a relative tolerance added to k SE), got 2"],
    ["qStd with AOL", suiteWith({ ...base, kind: "upperBound", qStd: 0.5 }), 'suite.json: expectations[0].qStd is only used with transform "sll"; AOL has q = 1'],
    ["repeated ids", suiteWith({ ...base, id: "a" }, { ...base, id: "a" }), 'suite.json: expectations[1].id "a" repeats expectations[0].id'],
    ["layers beyond depth", suiteWith({ kind: "decay", depth: 3, width: 8, batch: 10, dist: "gaussian", seed: 1, k: 4, layers: 5 }), "suite.json: expectations[0].layers must be at most depth = 3, got 5"],
  ])("cross-field rules: %s", (_what, text, message) => {
    expect(problem(text)).toBe(message);
  });

  it("counts further problems on the same line", () => {
    expect(problem(suiteWith({ ...base, d: 0, n: 0 }, { ...base, k: -1 }))).toBe(
      "suite.json: expectations[0].d must be an integer from 1 to 65536, got 0 (and 2 more problems)",
    );
  });
});

describe("parseSuite: valid files", () => {
  it("resolves β from the distribution, fills defaults and generates unique ids", () => {
    const suite = parseSuite(
      suiteWith(
        base,
        base,
        { kind: "upperBound", transform: "sll", qStd: 0.5, d: 4, n: 2, dist: "gnd", beta: "inf", samples: 10, seed: 2, k: 3 },
        { kind: "decay", depth: 4, width: 16, batch: 100, dist: "laplace", seed: 3, k: 4, id: "my-decay", description: "mine" },
        { kind: "sampler", beta: 0.5, count: 1000, seed: 4, k: 4 },
      ),
      "path/to/my-suite.json",
    );
    expect(suite.name).toBe("my-suite");
    expect(suite.expectations).toEqual([
      { kind: "variance", id: "variance-aol-gaussian-d8-n8", seed: 1, k: 4, rtol: 0, transform: "aol", qStd: 0, d: 8, n: 8, dist: "gaussian", beta: 2, samples: 100 },
      { kind: "variance", id: "variance-aol-gaussian-d8-n8-2", seed: 1, k: 4, rtol: 0, transform: "aol", qStd: 0, d: 8, n: 8, dist: "gaussian", beta: 2, samples: 100 },
      { kind: "upperBound", id: "upperBound-sll-q0.5-gndinf-d4-n2", seed: 2, k: 3, rtol: 0, transform: "sll", qStd: 0.5, d: 4, n: 2, dist: "gnd", beta: Infinity, samples: 10 },
      { kind: "decay", id: "my-decay", description: "mine", seed: 3, k: 4, rtol: 0, depth: 4, width: 16, batch: 100, biasStd: 0, dist: "laplace", beta: 1, layers: 4, replicates: 4 },
      { kind: "sampler", id: "sampler-beta0.5", seed: 4, k: 4, rtol: 0, beta: 0.5, count: 1000 },
    ]);
  });

  it("non-Gaussian variance: the built-in precise reference at its shapes, or the file's own", () => {
    const suite = parseSuite(
      suiteWith({ ...base, d: 16, n: 16, dist: "laplace" }, { ...base, n: 4, dist: "gnd", beta: 3, reference: { value: 0.05, se: 0.0001, source: "lipvar variance --method precise --seed 9" } }),
      "s.json",
    );
    const [builtIn, own] = suite.expectations as VarianceSpec[];
    // The built-in entry is the one reference-data.ts holds for (aol, β = 1, 16, 16); its command names the seed.
    const entry = REFERENCE_ENTRIES.find((e) => e.beta === 1 && e.d === 16 && e.n === 16)!;
    expect(builtIn.reference).toEqual({ value: entry.value, se: entry.se, source: `precise estimator: ${entry.command} (${entry.samples} matrices)` });
    expect(builtIn.reference!.source).toMatch(/--method precise --d 16 --n 16 --dist laplace --target-rse [\d.e-]+ --seed \d+/);
    expect(own.reference).toEqual({ value: 0.05, se: 0.0001, source: "lipvar variance --method precise --seed 9" });
  });

  it("the default suite is valid, covers every kind, and has unique ids", () => {
    expect(defaultSuite.expectations.length).toBe(DEFAULT_SUITE_JSON.expectations.length);
    expect(new Set(defaultSuite.expectations.map((e) => e.kind))).toEqual(new Set(["variance", "upperBound", "decay", "sampler"]));
    expect(new Set(defaultSuite.expectations.map((e) => e.id)).size).toBe(defaultSuite.expectations.length);
    // The claims: β ∈ {0.5, 1, 2, 8, ∞} under the bound and in the sampler checks.
    const bounds = defaultSuite.expectations.filter((e) => e.kind === "upperBound" && e.transform === "aol").map((e) => (e as { beta: number }).beta);
    expect(bounds.sort()).toEqual([0.5, 1, 2, 8, Infinity].sort());
  });
});
