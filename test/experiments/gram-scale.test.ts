/**
 * Non-square stacks under both Gram conventions, and the weight scale, at the
 * experiment level: predictions (src/analytic/decay.ts) against Monte Carlo.
 */
import { describe, expect, it } from "vitest";
import { runDecay } from "../../src/experiments/decay.js";
import { runResidual } from "../../src/experiments/residual.js";
import { runWeightVariance } from "../../src/experiments/weightVariance.js";
import { predictForwardVariances, predictGradientVariances } from "../../src/analytic/decay.js";
import type { DecayResult } from "../../src/experiments/types.js";

const strip = (r: { run: unknown; config: object }) => ({ ...r, run: null, config: { ...r.config, weightStd: null } });

describe("non-square layers (d = 2n and d = n/2), column and row Gram", () => {
  // Layer 1: 32 → 64 (d = 2n); layer 2: 64 → 32 (d = n/2).
  const widths = [32, 64, 32];
  const runs: Record<string, Promise<DecayResult>> = {};
  const run = (gram: "column" | "row") => (runs[gram] ??= runDecay({ depth: 2, widths, gram, batch: 64, seed: 12, replicates: 200, histogramBins: 0, workers: 2 }));

  for (const gram of ["column", "row"] as const) {
    it(`${gram}: every layer's Var[y] and gradient within 4 SE of the ${gram}-convention prediction; the other convention's prediction rejected`, async () => {
      const r = await run(gram);
      const layers = r.layers.map((l) => ({ d: l.d, n: l.n }));
      const otherGram = gram === "row" ? "column" : "row";
      const other = predictForwardVariances({ layers, gram: otherGram, inputSecondMoment: 1 });
      const otherGrad = predictGradientVariances({ layers, gram: otherGram });
      for (const l of r.layers) {
        // Tolerance 4 SE (SEs over 200 independent networks).
        expect(Math.abs(l.ratio - 1) / l.ratioSe).toBeLessThanOrEqual(4);
        expect(Math.abs(l.gradRatio - 1) / l.gradRatioSe).toBeLessThanOrEqual(4);
      }
      // Power: V(d, n) and V(n, d) differ by ~20% at these shapes. Layer 1's Var[y] (n_1 v_1, d = 2n) and the gradient
      // reaching the last layer's input (d_2 v_2, d = n/2) each depend on one layer's Var[w̄] only: the wrong convention is off by > 8 SE there.
      const [l1, l2] = r.layers;
      expect(Math.abs(l1.variance - other.outputVariances[0]) / l1.varianceSe).toBeGreaterThan(8);
      expect(Math.abs(l2.gradVariance - otherGrad.gradientSecondMoments[1]) / l2.gradVarianceSe).toBeGreaterThan(8);
      // The prediction used V(d, n) for column and V(n, d) for row (layer 1: d = 64, n = 32).
      expect(r.config.gram).toBe(gram);
    }, 60000);
  }

  it("non-Gaussian weights: the Monte Carlo Var[w̄] behind a row-convention prediction is simulated at the swapped shape", async () => {
    const r = await runDecay({ depth: 1, widths: [8, 16], gram: "row", dist: "laplace", batch: 8, seed: 3, replicates: 2, varianceSamples: 400, histogramBins: 0, workers: 1 });
    expect(r.rescaledVarianceEstimates.map((e) => [e.d, e.n])).toEqual([[8, 16]]);
  });
});

describe("weightStd: the report's scale-invariance measurement", () => {
  it("variance, decay and residual give the same numbers (to 1e-12 relative) at weight std 1e-3, 1 and 1e3", async () => {
    const close = (a: unknown, b: unknown) => {
      const flat = (x: unknown): number[] => (typeof x === "number" ? [x] : x && typeof x === "object" ? Object.values(x).flatMap(flat) : []);
      const [fa, fb] = [flat(a), flat(b)];
      expect(fa.length).toBe(fb.length);
      // 1e-12 relative to each value (1e-300 guards exact zeros).
      fa.forEach((x, i) => expect(Math.abs(x - fb[i])).toBeLessThanOrEqual(1e-12 * Math.max(Math.abs(fb[i]), 1e-300)));
    };
    const v = (weightStd: number) => runWeightVariance({ transform: "aol", d: 8, n: 4, dist: "laplace", samples: 3000, seed: 2, weightStd, workers: 1 });
    const dcy = (weightStd: number) => runDecay({ depth: 3, width: 16, batch: 32, biasStd: 0.1, seed: 2, weightStd, replicates: 3, histogramBins: 10, workers: 1 });
    const res = (weightStd: number) => runResidual({ depth: 3, width: 16, batch: 32, seed: 2, weightStd, replicates: 3, workers: 1 });
    const base = { v: await v(1), d: await dcy(1), r: await res(1) };
    for (const s of [1e-3, 1e3]) {
      const wv = await v(s);
      expect(wv.entryVariance).toBeCloseTo(s * s, 12);
      // The control-variate estimate, its SE, the plain mean: all scale-free (the controls' known means scale with s²).
      close([wv.estimate, wv.se, wv.estimatePlain, wv.sePlain], [base.v.estimate, base.v.se, base.v.estimatePlain, base.v.sePlain]);
      close(strip(await dcy(s)).layers, strip(base.d).layers);
      close(strip(await res(s)).layers, strip(base.r).layers);
    }
  }, 60000);

  it("refuses a weightStd that is not a finite number > 0", async () => {
    await expect(runDecay({ depth: 1, width: 2, batch: 1, seed: 1, weightStd: 0 })).rejects.toThrow(/^weightStd must be a finite number > 0, got 0$/);
    await expect(runWeightVariance({ transform: "aol", d: 2, n: 2, samples: 2, seed: 1, weightStd: -1 })).rejects.toThrow(/^weightStd must be a finite number > 0/);
    await expect(runResidual({ depth: 1, width: 2, batch: 1, seed: 1, aolWidths: [3, 2] })).rejects.toThrow(/^aolWidths\[0\] must equal width \(2\)/);
  });
});
