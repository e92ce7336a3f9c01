import { describe, expect, it } from "vitest";
import { runDecay } from "../../src/experiments/decay.js";
import { runResidual } from "../../src/experiments/residual.js";
import type { DecayResult } from "../../src/experiments/types.js";

const strip = (r: { run: unknown }) => JSON.stringify({ ...r, run: null });

describe("runDecay", () => {
  it("without bias: measured/predicted within 4 SE + 3% for the first layers of a Gaussian stack (width 256, depth 6)", async () => {
    const r = await runDecay({ depth: 6, width: 256, batch: 256, seed: 4, replicates: 6, workers: 2, histogramBins: 20 });
    expect(r.rescaledVarianceSource).toBe("exact-gaussian");
    expect(r.layers).toHaveLength(6);
    for (const l of r.layers.slice(0, 3)) {
      // 4 SE over replicates, plus 3% for the mean-field assumptions of the recursion (E x² = Var y/2 etc.).
      expect(Math.abs(l.ratio - 1)).toBeLessThan(4 * l.ratioSe + 0.03);
      expect(Math.abs(l.gradRatio - 1)).toBeLessThan(4 * l.gradRatioSe + 0.03);
    }
    // Var[y_1] = n·V(256, 256)·E[x0²]: the prediction must shrink the next layers by r = (n/2)V < 1.
    expect(r.layers[1].predicted).toBeLessThan(r.layers[0].predicted);
    // Each histogram holds batch·width values per replicate.
    const h = r.layers[0].histogram!;
    expect(h.counts.reduce((a, b) => a + b, 0) + h.underflow + h.overflow + h.nan).toBe(6 * 256 * 256);
  }, 60000);

  it.each(["gaussian", "laplace", "uniform"] as const)(
    "with a %s bias: the variance settles at sigma_b^2/(1 - r) (mean of layers 11..20 within 4 SE + 5%%)",
    async (biasDist) => {
      const r: DecayResult = await runDecay({ depth: 20, width: 64, batch: 128, seed: 8, biasStd: 0.5, biasDist, replicates: 6, workers: 2, histogramBins: 0 });
      const tail = r.layers.slice(10);
      const fp = tail[0].fixedPoint!;
      expect(fp).toBeGreaterThan(0.25); // σ_b² = 0.25 and r > 0
      const mean = tail.reduce((a, l) => a + l.variance, 0) / tail.length;
      // SE of the mean of correlated layers is at most the mean SE (conservative); 5% allowance for the mean-field recursion.
      const se = tail.reduce((a, l) => a + l.varianceSe, 0) / tail.length;
      expect(Math.abs(mean - fp)).toBeLessThan(4 * se + 0.05 * fp);
      // Far from the start the prediction itself is at the fixed point.
      expect(tail[9].predicted).toBeCloseTo(fp, 6);
      // Only a non-normal bias gets the note that the prediction uses its variance alone.
      expect(r.notes.some((n) => /only the bias variance/.test(n))).toBe(biasDist !== "gaussian");
    },
    60000,
  );

  it("non-Gaussian weights use a Monte Carlo Var[w̄] and say so", async () => {
    const r = await runDecay({ depth: 2, width: 16, batch: 64, seed: 1, dist: "laplace", varianceSamples: 2000, workers: 1 });
    expect(r.rescaledVarianceSource).toBe("monte-carlo");
    expect(r.rescaledVarianceEstimates).toHaveLength(1);
    expect(r.notes.some((n) => /Monte Carlo/.test(n))).toBe(true);
  });

  it("identical JSON with 1 and 2 workers (same seed)", async () => {
    const cfg = { depth: 3, width: 32, batch: 64, seed: 99, replicates: 4, histogramBins: 10 };
    const one = await runDecay({ ...cfg, workers: 1 });
    const two = await runDecay({ ...cfg, workers: 2 });
    expect(strip(two)).toBe(strip(one));
  });

  it("rejects bad input with a RangeError naming the field", async () => {
    await expect(runDecay({ depth: 0, width: 8, batch: 8, seed: 1 })).rejects.toThrow(/^depth must be/);
    await expect(runDecay({ depth: 2, width: 0, batch: 8, seed: 1 })).rejects.toThrow(/^width must be/);
    await expect(runDecay({ depth: 2, width: 8, batch: 8, seed: 1, biasStd: -1 })).rejects.toThrow(/^biasStd must be/);
    await expect(runDecay({ depth: 2, width: 8, batch: 8, seed: 1, replicates: 1 })).rejects.toThrow(/^replicates must be/);
  });
});

describe("runResidual", () => {
  it("reports per-block variance ± SE next to the AOL stack, reproducibly across worker counts", async () => {
    const cfg = { depth: 4, width: 32, inner: 16, batch: 64, seed: 5, replicates: 4 };
    const one = await runResidual({ ...cfg, workers: 1 });
    const two = await runResidual({ ...cfg, workers: 2 });
    expect(strip(two)).toBe(strip(one));
    expect(one.layers).toHaveLength(4);
    for (const l of one.layers) {
      expect(l.varianceSe).toBeGreaterThan(0);
      // A 1-Lipschitz block at zero-mean input cannot grow the mean square beyond the input's by more than noise (4 SE).
      expect(l.variance).toBeLessThan(one.inputMeanSquare + 4 * l.varianceSe);
      expect(l.aolPredicted).toBeGreaterThan(0);
    }
    // The residual path keeps more than the AOL stack loses at depth 4 (AOL loses ~half per layer).
    expect(one.layers[3].variance).toBeGreaterThan(one.layers[3].aolVariance);
  }, 60000);
});
