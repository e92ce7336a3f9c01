import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { judge, toJUnitXml } from "../../src/check/index.js";
import { readXml } from "./xml-reader.js";

const results = [
  judge({
    id: "variance-aol-gaussian-d8-n8",
    description: "Var[w̄] at d = 8, n = 8 against the exact value",
    value: 0.04212,
    expected: 0.04210470613,
    tolerance: 4,
    unit: "se",
    se: 0.00003,
    kind: "variance",
    seconds: 1.25,
  }),
  judge({
    id: `upper<&>"'`,
    description: 'a "quoted" <tag> & more',
    value: 0.2,
    expected: 0.125,
    tolerance: 4,
    unit: "se",
    se: 0.01,
    comparison: "atMost",
    kind: "upperBound",
  }),
];

describe("toJUnitXml", () => {
  it("matches the hand-written JUnit document", () => {
    const xml = toJUnitXml("lipvar default", results, 3.5, { timestamp: "2024-06-11T12:00:00Z", classPrefix: "lipvar" });
    expect(xml).toBe(readFileSync(new URL("../fixtures/junit-expected.xml", import.meta.url), "utf8"));
  });

  it("is well-formed XML with the JUnit structure and counts, and escapes round-trip", () => {
    const root = readXml(toJUnitXml("lipvar <suite> & co", results, 12.3456));
    expect(root.name).toBe("testsuites");
    expect(root.attributes).toMatchObject({ name: "lipvar <suite> & co", tests: "2", failures: "1", errors: "0", time: "12.346" });
    const [suite] = root.children;
    expect(suite.name).toBe("testsuite");
    expect(suite.attributes).toMatchObject({ tests: "2", failures: "1", errors: "0", skipped: "0" });
    expect(suite.attributes.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const cases = suite.children;
    expect(cases.map((c) => [c.name, c.attributes.name, c.attributes.classname])).toEqual([
      ["testcase", "variance-aol-gaussian-d8-n8", "lipvar <suite> & co.variance"],
      ["testcase", `upper<&>"'`, "lipvar <suite> & co.upperBound"],
    ]);
    expect(cases[0].children.map((c) => c.name)).toEqual(["system-out"]);
    expect(cases[1].children.map((c) => c.name)).toEqual(["failure", "system-out"]);
    const failure = cases[1].children[0];
    expect(failure.attributes.message).toBe("0.2 − 0.125 = 7.5 SE > 4 SE");
    expect(failure.text.split("\n")[0]).toBe('a "quoted" <tag> & more');
  });

  it("drops characters XML cannot carry and keeps line breaks in attributes as references", () => {
    const r = judge({ id: "ctl\u0001x", description: "line one\nline two\u0000", value: 1, expected: 1, tolerance: 0, unit: "abs" });
    const xml = toJUnitXml("s", [r], 0);
    expect(xml).not.toMatch(/[\u0000\u0001]/);
    const tc = readXml(xml).children[0].children[0];
    expect(tc.attributes.name).toBe("ctlx");
    expect(tc.children[0].text.split("\n").slice(0, 2)).toEqual(["line one", "line two"]);
  });

  it("an empty run is a valid suite with zero tests", () => {
    const root = readXml(toJUnitXml("empty", [], 0));
    expect(root.attributes).toMatchObject({ tests: "0", failures: "0" });
    expect(root.children[0].children).toEqual([]);
  });

  it("the test reader itself rejects malformed XML", () => {
    expect(() => readXml("<a><b></a>")).toThrow(/closes/);
    expect(() => readXml('<a x="1 & 2"/>')).toThrow(/bare/);
    expect(() => readXml("<a>")).toThrow(/unclosed/);
  });
});
