/**
 * Every exported library function that takes a config or options object
 * checks it first: a missing config or one of the wrong type is a
 * TypeError naming the parameter; a bad field (here: a fractional seed) is
 * a RangeError naming the field — never "Cannot read properties of
 * undefined" or V8's BigInt message. Pure special functions keep NaN in →
 * NaN out (documented in src/analytic/special.ts).
 */
import { describe, expect, it } from "vitest";
import * as root from "../../src/index.js";
import * as analytic from "../../src/analytic/index.js";
import * as experiments from "../../src/experiments/index.js";
import * as kernelEntry from "../../src/wasm/index.js";
import { generateReport } from "../../src/report/generate.js";

/** The root entry and the subpath entries (lipvar/analytic, lipvar/experiments, lipvar/kernels) together. */
const lipvar = { ...root, ...analytic, ...experiments, ...kernelEntry };

const k = await lipvar.loadKernels();

/** name → call with a config (sync or async); `seedField`: a valid config except for seed 1.5, or undefined if it takes no seed. */
const entries: [string, (c: unknown) => unknown, Record<string, unknown> | undefined][] = [
  ["runWeightVariance", (c) => lipvar.runWeightVariance(c as never), { transform: "aol", d: 4, n: 4, samples: 10, seed: 1.5 }],
  ["validateWeightVarianceConfig", (c) => lipvar.validateWeightVarianceConfig(c as never), { transform: "aol", d: 4, n: 4, samples: 10, seed: 1.5 }],
  ["runWeightVarianceToPrecision", (c) => lipvar.runWeightVarianceToPrecision(c as never, { se: 1 }), { transform: "aol", d: 4, n: 4, seed: 1.5 }],
  ["runWeightVarianceShard", (c) => lipvar.runWeightVarianceShard(c as never, { index: 0, count: 1 }), { transform: "aol", d: 4, n: 4, samples: 10, seed: 1.5 }],
  ["runSweep", (c) => lipvar.runSweep(c as never), { transform: "aol", d: [4], n: [4], samples: 10, seeds: [1.5] }],
  ["validateSweepConfig", (c) => lipvar.validateSweepConfig(c as never), { transform: "aol", d: [4], n: [4], samples: 10, seeds: [1.5] }],
  ["runSweepShard", (c) => lipvar.runSweepShard(c as never, { index: 0, count: 1 }), { transform: "aol", d: [4], n: [4], samples: 10, seeds: [1.5] }],
  ["runDecay", (c) => lipvar.runDecay(c as never), { depth: 2, width: 4, batch: 4, seed: 1.5 }],
  ["runDecayShard", (c) => lipvar.runDecayShard(c as never, { index: 0, count: 1 }), { depth: 2, width: 4, batch: 4, seed: 1.5 }],
  ["runResidual", (c) => lipvar.runResidual(c as never), { depth: 2, width: 4, batch: 4, seed: 1.5 }],
  ["runResidualShard", (c) => lipvar.runResidualShard(c as never, { index: 0, count: 1 }), { depth: 2, width: 4, batch: 4, seed: 1.5 }],
  ["runSamplerCheck", (c) => lipvar.runSamplerCheck(c as never), { beta: 2, count: 200, seed: 1.5 }],
  ["sampleSgnd", (c) => lipvar.sampleSgnd(k, c as never), { beta: 2, count: 10, seed: 1.5 }],
  ["sgndChunks", (c) => lipvar.sgndChunks(k, c as never), { beta: 2, count: 10, seed: 1.5 }],
  ["sampleNormal", (c) => lipvar.sampleNormal(k, c as never), { mean: 0, sd: 1, count: 10, seed: 1.5 }],
  ["sampleGamma", (c) => lipvar.sampleGamma(k, c as never), { shape: 2, count: 10, seed: 1.5 }],
  ["varianceChunk", (c) => lipvar.varianceChunk(k, c as never), { d: 4, n: 4, beta: 2, count: 4, seed: 1.5 }],
  ["forwardBackward", (c) => lipvar.forwardBackward(k, c as never), { widths: [4, 4], batch: 4, beta: 2, seed: 1.5 }],
  ["residualStack", (c) => lipvar.residualStack(k, c as never), { width: 4, inner: 4, blocks: 2, batch: 4, beta: 2, seed: 1.5 }],
  ["generateReport", (c) => generateReport(c as never), undefined],
  ["sgndScale", (c) => lipvar.sgndScale(c as never), undefined],
  ["Sgnd", (c) => new lipvar.Sgnd(c as never), undefined],
  ["Pgnd", (c) => new lipvar.Pgnd(c as never), undefined],
  ["predictForwardVariances", (c) => lipvar.predictForwardVariances(c as never), undefined],
  ["predictGradientVariances", (c) => lipvar.predictGradientVariances(c as never), undefined],
  ["mergeShards", (c) => lipvar.mergeShards(c as never), undefined],
  ["mergeSweepShards", (c) => lipvar.mergeSweepShards(c as never), undefined],
  ["mergeDecayShards", (c) => lipvar.mergeDecayShards(c as never), undefined],
  ["mergeResidualShards", (c) => lipvar.mergeResidualShards(c as never), undefined],
];

/** The error `call()` throws or rejects with. */
async function errorOf(call: () => unknown): Promise<Error> {
  try {
    await call();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected an error");
}

describe("library functions validate their config first", () => {
  it.each(entries)("%s: a missing, null or non-object config is a TypeError naming the parameter", async (_name, call) => {
    for (const bad of [undefined, null, 5, "x", [1]]) {
      const e = await errorOf(() => call(bad));
      expect(e).toBeInstanceOf(TypeError);
      expect(e.message).toMatch(/^(config|options|params|input|shards|shards\[0\]) must be an (object with the documented fields|array), got (undefined|null|a number|a string|an array|an object)$/);
    }
  });

  it.each(entries.filter((e) => e[2] !== undefined))("%s: a fractional seed is a RangeError naming seed", async (_name, call, config) => {
    const e = await errorOf(() => call(config));
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toMatch(/seed.* must be an integer from 0 to 2\^64-1.*1\.5/);
  });

  it("toSeed names the seed for fractional, negative, unsafe and too large values", () => {
    for (const bad of [1.5, -1, 2 ** 60, 2n ** 64n, NaN]) expect(() => lipvar.toSeed(bad as never)).toThrow(/^seed must be an integer from 0 to 2\^64-1/);
    expect(lipvar.toSeed(7)).toBe(7n);
  });

  it("pure special functions keep NaN in → NaN out (scipy's convention)", () => {
    for (const f of [lipvar.gamma, lipvar.gammaln, lipvar.erfc, lipvar.erfcx, lipvar.logErfcx]) expect(f(NaN)).toBeNaN();
    expect(lipvar.gammaP(NaN, 1)).toBeNaN();
    expect(lipvar.gammaQ(1, NaN)).toBeNaN();
  });
});
