import { describe, expect, it } from "vitest";
import { captureCli } from "./capture.js";

const cli = captureCli();


describe("lipvar variance", () => {
  it("--json has the documented keys", async () => {
    const code = await cli.run(...["variance", "--transform", "aol", "--d", "8", "--n", "8", "--samples", "2000", "--seed", "1", "--workers", "1", "--json"]);
    expect(code).toBe(0);
    const r = JSON.parse(cli.out);
    for (const key of ["estimate", "se", "estimatePlain", "sePlain", "samples", "upper", "exact", "meanField", "meanAbsInner"]) expect(r).toHaveProperty(key);
    expect(r.samples).toBe(2000);
    expect(r.upper).toBe(0.125);
    expect(r.exact).toBeCloseTo(0.04210470613, 10); // MATH.md §6
    expect(cli.err).toBe(""); // no progress with --json
  });

  it("the table says whether the estimate is within 4 SE and below 1/d", async () => {
    expect(await cli.run(...["variance", "--transform", "sll", "--q-std", "0", "--d", "4", "--n", "4", "--samples", "2000", "--seed", "2", "--workers", "1"])).toBe(0);
    expect(cli.out).toMatch(/exact \(Gaussian\)\s+\S+\s+(NOT )?within 4 SE/);
    expect(cli.out).toMatch(/below 1\/d/);
  });

  it("bad input: one line naming the parameter, exit 2", async () => {
    const base = ["variance", "--transform", "sll", "--samples", "100", "--seed", "1"];
    await cli.expectUsageError([...base, "--d", "0", "--n", "4"], /--d must be an integer from 1 to/);
    await cli.expectUsageError([...base, "--d", "4", "--n", "NaN"], /--n must be an integer from 1 to/);
    await cli.expectUsageError([...base, "--d", "4", "--n", "4", "--q-std", "-1"], /--q-std must be a finite number >= 0/);
    await cli.expectUsageError([...base, "--d", "4", "--n", "4", "--workers", "0"], /--workers must be an integer from 1 to/);
    await cli.expectUsageError([...base, "--d", "16000000", "--n", "200", "--workers", "1"], /cannot fit in Wasm memory.*largest possible n/);
    await cli.expectUsageError(["variance", "--transform", "foo", "--d", "4", "--n", "4", "--samples", "100", "--seed", "1"], /--transform must be one of aol, sll/);
  });

  it("--target-rse plans the matrix count; the JSON says the plan and whether the target was reached", async () => {
    cli.reset();
    const code = await cli.run(...["variance", "--transform", "aol", "--d", "16", "--n", "4", "--seed", "1", "--target-rse", "2e-4", "--workers", "1", "--json"]);
    expect(code).toBe(0);
    const r = JSON.parse(cli.out);
    expect(r.precision.target).toEqual({ se: null, rse: 2e-4 });
    expect(r.samples).toBe(r.precision.plannedSamples);
    expect(r.precision.reached).toBe(r.se <= 2e-4 * Math.abs(r.estimate));
    expect(r.precision.reached).toBe(true);
    cli.reset();
    await cli.run(...["variance", "--transform", "aol", "--d", "16", "--n", "4", "--seed", "1", "--target-se", "1e-9", "--samples", "3000", "--workers", "1"]);
    expect(cli.out).toMatch(/precision: target SE 1e-9: NOT reached \(\d+ matrices planned from a pilot of 3000, capped at --samples 3000\)/);
  });

  it("--histogram-bins 0 drops the histogram and nothing else; B sets the bins", async () => {
    const base = ["variance", "--transform", "aol", "--d", "8", "--n", "4", "--samples", "3000", "--seed", "5", "--workers", "1", "--json"];
    const runJson = async (...extra: string[]) => {
      cli.reset();
      expect(await cli.run(...base, ...extra)).toBe(0);
      return JSON.parse(cli.out);
    };
    const [plain, none, ten] = [await runJson(), await runJson("--histogram-bins", "0"), await runJson("--histogram-bins", "10")];
    expect(none.histogram).toBeNull();
    expect(ten.histogram.counts).toHaveLength(10);
    expect(plain.histogram.counts).toHaveLength(100);
    // Binning reads the draws, never makes them: every estimate is identical.
    for (const r of [none, ten]) expect([r.estimate, r.se, r.estimatePlain]).toEqual([plain.estimate, plain.se, plain.estimatePlain]);
    // Every w̄ entry is counted once: 3000 matrices × 8 × 4.
    const total = (h: { counts: number[]; underflow: number; overflow: number; nan: number }) => h.counts.reduce((a, b) => a + b, 0) + h.underflow + h.overflow + h.nan;
    expect(total(ten.histogram)).toBe(3000 * 8 * 4);
    await cli.expectUsageError([...base, "--histogram-bins", "-1"], /--histogram-bins must be an integer from 0 to 1000000/);
  });

  it("bad precision options: one line, exit 2", async () => {
    const base = ["variance", "--transform", "aol", "--d", "4", "--n", "4", "--seed", "1"];
    await cli.expectUsageError(base, /--samples <M> is required \(or give --target-se \/ --target-rse\)/);
    await cli.expectUsageError([...base, "--target-se", "1e-3", "--target-rse", "1e-3"], /not both/);
    await cli.expectUsageError([...base, "--target-se", "-1"], /--target-se must be a finite number > 0/);
    await cli.expectUsageError([...base, "--target-rse", "1"], /--target-rse must be a number in \(0, 1\)/);
    await cli.expectUsageError([...base, "--target-rse", "1e-3", "--shard", "0/2"], /cannot be combined with --shard/);
  });
});

describe("lipvar decay and residual", () => {
  it("decay --json: layers with layer, variance, predicted, gradVariance, gradPredicted and SEs", async () => {
    const code = await cli.run(...["decay", "--depth", "3", "--width", "16", "--batch", "32", "--seed", "1", "--replicates", "2", "--workers", "1", "--json"]);
    expect(code).toBe(0);
    const r = JSON.parse(cli.out);
    expect(r.layers).toHaveLength(3);
    for (const l of r.layers) {
      for (const key of ["layer", "variance", "predicted", "gradVariance", "gradPredicted", "varianceSe", "gradVarianceSe", "ratio"]) expect(l).toHaveProperty(key);
    }
  });

  it("residual --json: same layer shape", async () => {
    const code = await cli.run(...["residual", "--depth", "2", "--width", "8", "--inner", "4", "--batch", "16", "--seed", "1", "--replicates", "2", "--workers", "1", "--json"]);
    expect(code).toBe(0);
    const r = JSON.parse(cli.out);
    expect(r.layers).toHaveLength(2);
    for (const l of r.layers) for (const key of ["layer", "variance", "predicted", "gradVariance", "gradPredicted", "varianceSe"]) expect(l).toHaveProperty(key);
  });

  it("bad input: exit 2 with one line", async () => {
    await cli.expectUsageError(["decay", "--depth", "0", "--width", "8", "--batch", "8", "--seed", "1"], /--depth must be an integer from 1 to/);
    await cli.expectUsageError(["decay", "--depth", "2", "--width", "0", "--batch", "8", "--seed", "1"], /--width must be an integer from 1 to/);
    await cli.expectUsageError(["decay", "--depth", "2", "--width", "8", "--batch", "8", "--seed", "1", "--bias-std", "-0.5"], /--bias-std must be a finite number >= 0/);
    await cli.expectUsageError(["decay", "--depth", "2", "--width", "8", "--batch", "8", "--seed", "1", "--workers", "0"], /--workers must be/);
    await cli.expectUsageError(["residual", "--depth", "2", "--width", "8", "--inner", "0", "--batch", "8", "--seed", "1"], /--inner must be an integer from 1 to/);
    await cli.expectUsageError(["decay", "--depth", "2", "--width", "100000", "--batch", "100000", "--seed", "1", "--workers", "1"], /cannot fit in Wasm memory/);
  });
});
