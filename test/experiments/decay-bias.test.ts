import { describe, expect, it } from "vitest";
import { runDecay } from "../../src/experiments/decay.js";
import { runResidual } from "../../src/experiments/residual.js";
import type { DecayResult } from "../../src/experiments/types.js";

const strip = (r: { run: unknown }) => JSON.stringify({ ...r, run: null });

describe("depth stacks with a non-normal bias (biasDist, biasBeta)", () => {
  it("the prediction uses only sigma_b^2: identical for normal, Laplace and uniform biases; the measurements differ", async () => {
    const cfg = { depth: 3, width: 16, batch: 32, seed: 3, biasStd: 0.4, replicates: 2, workers: 1, histogramBins: 0 };
    const [g, l, u] = await Promise.all(["gaussian", "laplace", "uniform"].map((biasDist) => runDecay({ ...cfg, biasDist: biasDist as "gaussian" })));
    expect(l.layers.map((x) => x.predicted)).toEqual(g.layers.map((x) => x.predicted));
    expect(u.layers.map((x) => x.predicted)).toEqual(g.layers.map((x) => x.predicted));
    expect(l.layers[0].variance).not.toBe(g.layers[0].variance);
    expect(u.config.biasBeta).toBe("inf");
  }, 60000);

  it("records biasDist and biasBeta in the JSON config (default gaussian, 2); explicit gaussian changes nothing else", async () => {
    const cfg = { depth: 2, width: 16, batch: 32, seed: 5, biasStd: 0.3, replicates: 2, workers: 1, histogramBins: 4 };
    const d = await runDecay(cfg);
    expect(d.config).toMatchObject({ biasStd: 0.3, biasDist: "gaussian", biasBeta: 2 });
    expect(strip(await runDecay({ ...cfg, biasDist: "gaussian" }))).toBe(strip(d));
    expect(strip(await runDecay({ ...cfg, biasDist: "gnd", biasBeta: 2 }))).toBe(strip(d).replace('"biasDist":"gaussian"', '"biasDist":"gnd"'));
    const r = await runResidual({ depth: 2, width: 8, batch: 16, seed: 5, biasStd: 0.3, biasDist: "gnd", biasBeta: 1.5, replicates: 2, workers: 1 });
    expect(r.config).toMatchObject({ biasStd: 0.3, biasDist: "gnd", biasBeta: 1.5 });
  }, 60000);

  it("rejects a bad bias distribution with a RangeError naming biasDist or biasBeta", async () => {
    const ok = { depth: 2, width: 8, batch: 8, seed: 1, biasStd: 0.1 };
    await expect(runDecay({ ...ok, biasDist: "gnd" })).rejects.toThrow(/^biasBeta is required with biasDist gnd \(a number > 0 or Infinity\)/);
    await expect(runDecay({ ...ok, biasBeta: -1 })).rejects.toThrow(/^biasBeta must be a number > 0 or Infinity, got -1/);
    await expect(runDecay({ ...ok, biasDist: "laplace", biasBeta: 2 })).rejects.toThrow(/^biasBeta 2 conflicts with biasDist laplace/);
    await expect(runDecay({ ...ok, biasDist: "cauchy" as "gnd" })).rejects.toThrow(/^biasDist must be one of gaussian, laplace, uniform, gnd/);
    await expect(runResidual({ ...ok, biasBeta: 0 })).rejects.toThrow(/^biasBeta must be a number > 0 or Infinity, got 0/);
    // An extreme shape whose scale underflows fails before any worker starts.
    await expect(runDecay({ ...ok, biasBeta: 1e-4 })).rejects.toThrow(/^biasStd = 0.1 with biasBeta = 0.0001 gives the bias scale alpha = 0/);
  });
});
