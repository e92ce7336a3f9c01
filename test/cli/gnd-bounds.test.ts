import { describe, expect, it } from "vitest";
import { captureCli } from "./capture.js";
import { parseDistOptions } from "../../src/cli/dist.js";
import { exactGaussianVariance, meanFieldVariance, paperClosedForm } from "../../src/analytic/variance.js";
import { meanAbsInner } from "../../src/analytic/product.js";
import { Pgnd, Sgnd } from "../../src/analytic/gnd.js";

const cli = captureCli();

async function run(...argv: string[]): Promise<number> {
  return cli.run(...argv);
}

/** A usage error: exit 2 and exactly one line on stderr that mentions `what`. */

describe("lipvar gnd", () => {
  it("--json: unit variance by default, moments as numbers", async () => {
    expect(await run("gnd", "--beta", "1", "--json")).toBe(0);
    const r = JSON.parse(cli.out);
    expect(Object.keys(r)).toEqual(["alpha", "beta", "variance", "kurtosis", "absMoments", "warnings"]);
    expect(r.beta).toBe(1);
    expect(r.alpha).toBe(new Sgnd({ beta: 1 }).alpha);
    expect(r.variance).toBeCloseTo(1, 14);
    expect(r.kurtosis).toBeCloseTo(6, 13);
    expect(Object.keys(r.absMoments)).toEqual(["1", "2", "3", "4"]);
    expect(r.absMoments["4"]).toBeCloseTo(6, 13);
    expect(r.warnings).toEqual([]);
  });

  it("β = inf is the string \"inf\"; --alpha sets the scale", async () => {
    expect(await run("gnd", "--beta", "inf", "--alpha", "2", "--json")).toBe(0);
    const r = JSON.parse(cli.out);
    expect(r.beta).toBe("inf");
    expect(r.alpha).toBe(2);
    expect(r.variance).toBeCloseTo(4 / 3, 15);
  });

  it("--cf and --mgf are keyed by t as typed; outside the MGF domain: null plus a warning", async () => {
    expect(await run("gnd", "--beta", "1", "--variance", "2", "--cf", "0,0.5,1e1", "--mgf", "-1,0.25,1.0,3", "--json")).toBe(0);
    const r = JSON.parse(cli.out);
    const X = new Sgnd({ beta: 1, variance: 2 });
    const A = new Pgnd({ beta: 1, variance: 2 });
    expect(Object.keys(r.cf)).toEqual(["0", "0.5", "1e1"]);
    expect(r.cf["1e1"]).toBe(X.cf(10));
    // variance 2 gives α = 1 for the Laplace, so the MGF domain is t < 1
    expect(r.mgfAbs).toEqual({ "-1": A.mgf(-1), "0.25": A.mgf(0.25), "1.0": null, "3": null });
    expect(r.warnings).toHaveLength(2);
    expect(r.warnings[0]).toMatch(/mgfAbs\(1\.0\) is infinite.*t < 1/);
  });

  it("β < 1: MGF finite only for t <= 0", async () => {
    expect(await run("gnd", "--beta", "0.5", "--mgf", "0,1e-9", "--json")).toBe(0);
    const r = JSON.parse(cli.out);
    expect(r.mgfAbs).toEqual({ "0": 1, "1e-9": null });
    expect(r.warnings[0]).toMatch(/t <= 0/);
  });

  it("without --json: an aligned table", async () => {
    expect(await run("gnd", "--beta", "2", "--cf", "1")).toBe(0);
    const lines = cli.out.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^alpha\s+1\.41421356237$/);
    expect(lines.some((l) => /^E\|X\|\^4\s+3$/.test(l))).toBe(true);
    // unit variance: φ(1) = e^{−1/2}
    expect(lines.at(-1)).toMatch(/^cf\(1\)\s+0\.606530659713$/);
    const valueColumn = lines.map((l) => l.search(/\s\S+$/));
    expect(new Set(valueColumn.slice(0, 4)).size).toBe(1);
  });

  it.each([
    [["gnd", "--beta", "2", "--alpha", "1", "--variance", "1"], /either --alpha or --variance/],
    [["gnd", "--beta", "0"], /--beta must be a finite number > 0 or 'inf', got '0'/],
    [["gnd", "--beta", "abc"], /--beta must be a finite number/],
    [["gnd"], /--beta/],
    [["gnd", "--beta", "2", "--alpha", "-3"], /--alpha must be a finite number > 0/],
    [["gnd", "--beta", "2", "--variance", "nan"], /--variance must be a finite number/],
    [["gnd", "--beta", "2", "--cf", "1,,2"], /--cf must be a comma-separated list/],
    [["gnd", "--beta", "2", "--mgf", "x"], /--mgf/],
    [["gnd", "--beta", "2", "--bogus"], /unknown option '--bogus'/],
  ])("bad input %j → exit 2, one line", async (argv, what) => {
    await cli.expectUsageError(argv as string[], what);
  });
});

describe("lipvar bounds", () => {
  it("Gaussian by default: exact, mean-field, m(d), 1/d and the paper's form", async () => {
    expect(await run("bounds", "--d", "8", "--n", "8", "--json")).toBe(0);
    const r = JSON.parse(cli.out);
    expect(Object.keys(r)).toEqual(["d", "n", "dist", "beta", "exact", "meanField", "meanAbsInner", "upper", "paper"]);
    expect(r).toEqual({
      d: 8,
      n: 8,
      dist: "gaussian",
      beta: 2,
      exact: exactGaussianVariance(8, 8),
      meanField: meanFieldVariance(8, 8, 2),
      meanAbsInner: 2.1875,
      upper: 0.125,
      paper: paperClosedForm(8, 8, "gaussian"),
    });
    expect(r.exact).toBeCloseTo(0.04210470613, 10);
  });

  it("uniform: beta \"inf\", exact null, the paper's uniform form", async () => {
    expect(await run("bounds", "--d", "2", "--n", "3", "--dist", "uniform", "--json")).toBe(0);
    const r = JSON.parse(cli.out);
    expect(r.beta).toBe("inf");
    expect(r.exact).toBeNull();
    expect(r.meanAbsInner).toBe(meanAbsInner(2, Infinity));
    expect(r.paper).toBe(paperClosedForm(2, 3, "uniform"));
  });

  it("gnd with β = 1.5: no paper form, no exact value", async () => {
    expect(await run("bounds", "--d", "4", "--n", "4", "--dist", "gnd", "--beta", "1.5", "--json")).toBe(0);
    const r = JSON.parse(cli.out);
    expect(r.dist).toBe("gnd");
    expect(r.beta).toBe(1.5);
    expect(r.exact).toBeNull();
    expect(r.paper).toBeNull();
    expect(r.meanField).toBe(meanFieldVariance(4, 4, 1.5));
  });

  it("a matching --beta is accepted with a named distribution", async () => {
    expect(await run("bounds", "--d", "4", "--n", "2", "--dist", "laplace", "--beta", "1", "--json")).toBe(0);
    expect(JSON.parse(cli.out).paper).toBe(paperClosedForm(4, 2, "laplace"));
  });

  it("readable table without --json", async () => {
    expect(await run("bounds", "--d", "128", "--n", "64")).toBe(0);
    expect(cli.out).toMatch(/^exact \(Gaussian\)\s+0\.001440923273$/m);
    expect(cli.out).toMatch(/^upper bound 1\/d\s+0\.0078125$/m);
  });

  it.each([
    [["bounds", "--d", "0", "--n", "3"], /--d must be an integer from 1 to 1000000 in plain digits, got '0'/],
    [["bounds", "--d", "3", "--n", "1000001"], /--n must be an integer from 1 to 1000000/],
    [["bounds", "--d", "2.5", "--n", "3"], /--d must be an integer/],
    [["bounds", "--n", "3"], /--d/],
    [["bounds", "--d", "3", "--n", "3", "--dist", "cauchy"], /--dist must be one of gaussian, laplace, uniform, gnd/],
    [["bounds", "--d", "3", "--n", "3", "--dist", "gnd"], /--beta is required with --dist gnd/],
    [["bounds", "--d", "3", "--n", "3", "--dist", "laplace", "--beta", "2"], /--beta 2 conflicts with --dist laplace/],
    [["bounds", "--d", "3", "--n", "3", "--beta", "-1"], /--beta must be a finite number > 0/],
  ])("bad input %j → exit 2, one line", async (argv, what) => {
    await cli.expectUsageError(argv as string[], what);
  });
});

describe("parseDistOptions", () => {
  it("names imply β; gnd needs one; --beta alone means gnd", () => {
    expect(parseDistOptions({})).toEqual({ dist: "gaussian", beta: 2 });
    expect(parseDistOptions({ dist: "laplace" })).toEqual({ dist: "laplace", beta: 1 });
    expect(parseDistOptions({ dist: "uniform", beta: "inf" })).toEqual({ dist: "uniform", beta: Infinity });
    expect(parseDistOptions({ dist: "gnd", beta: "0.7" })).toEqual({ dist: "gnd", beta: 0.7 });
    expect(parseDistOptions({ beta: "3" })).toEqual({ dist: "gnd", beta: 3 });
    expect(() => parseDistOptions({ dist: "gnd" })).toThrow(/--beta is required/);
    expect(() => parseDistOptions({ dist: "uniform", beta: "8" })).toThrow(/conflicts/);
  });
});
