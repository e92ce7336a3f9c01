import { describe, expect, it } from "vitest";
import { captureCli } from "./capture.js";
import { exactGaussianVariance } from "../../src/analytic/variance.js";

const cli = captureCli();
const base = ["variance", "--method", "precise", "--seed", "5", "--workers", "1", "--chunk-size", "1024", "--pilot-chunks", "1"];

describe("lipvar variance --method precise", () => {
  it("prints the precise table, and --json the result with the pilot and the controls", async () => {
    expect(await cli.run(...base, "--transform", "aol", "--d", "6", "--n", "4", "--dist", "laplace", "--samples", "6000")).toBe(0);
    expect(cli.out).toMatch(/estimate \(precise\)\s+0\.\d+ ± /);
    expect(cli.out).toMatch(/matrices\s+4976 \+ pilot 1024/);
    expect(cli.out).toMatch(/shape effect -?\d+\.\d+% ± /);
    cli.reset();
    expect(await cli.run(...base, "--transform", "aol", "--d", "6", "--n", "4", "--dist", "gaussian", "--samples", "3000", "--json")).toBe(0);
    const r = JSON.parse(cli.out);
    expect(r.experiment).toBe("preciseVariance");
    expect(r.pilotSamples).toBe(1024);
    expect(Math.abs(r.estimate - exactGaussianVariance(6, 4))).toBeLessThanOrEqual(4 * r.se + 1e-13);
  });

  it("SLL with a fixed --q, and a relative-SE target", async () => {
    expect(await cli.run(...base, "--transform", "sll", "--q", "1,2,0.5", "--d", "4", "--n", "3", "--beta", "1.5", "--target-rse", "1e-4", "--json")).toBe(0);
    const r = JSON.parse(cli.out);
    expect(r.config.q).toEqual([1, 2, 0.5]);
    expect(r.precision.reached).toBe(true);
  });

  it("bad options: one line, exit 2", async () => {
    const aol = [...base, "--transform", "aol", "--d", "4", "--n", "3", "--samples", "5000"];
    await cli.expectUsageError(["variance", "--method", "exact", "--seed", "5", "--transform", "aol", "--d", "4", "--n", "3", "--samples", "5000"], /--method must be one of cv, precise/);
    await cli.expectUsageError([...base, "--transform", "sll", "--d", "4", "--n", "3", "--samples", "5000"], /needs --q: 3 comma-separated positive numbers/);
    await cli.expectUsageError([...base, "--transform", "sll", "--q", "1,0,1", "--d", "4", "--n", "3", "--samples", "5000"], /--q must be 3 comma-separated positive finite numbers/);
    await cli.expectUsageError([...base, "--transform", "sll", "--q-std", "1", "--d", "4", "--n", "3", "--samples", "5000"], /takes a fixed --q list for sll, not --q-std/);
    await cli.expectUsageError([...aol, "--q", "1,1,1"], /--q applies to --transform sll only/);
    await cli.expectUsageError([...aol, "--histogram-bins", "10"], /--histogram-bins applies to --method cv only/);
    await cli.expectUsageError([...aol, "--shard", "0/2"], /--shard applies to --method cv only/);
    await cli.expectUsageError([...aol.slice(0, -2), "--samples", "1000"], /samples must be an integer from 1026/);
    await cli.expectUsageError(["variance", "--transform", "aol", "--d", "4", "--n", "3", "--samples", "5000", "--seed", "1", "--q", "1,1,1"], /apply to --method precise only/);
  });
});
