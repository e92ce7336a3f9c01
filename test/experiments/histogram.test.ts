import { describe, expect, it } from "vitest";
import {
  addToHistogram,
  binCenters,
  binEdges,
  createHistogram,
  histogramDensity,
  histogramTotal,
  mergeAllHistograms,
  mergeHistograms,
} from "../../src/experiments/histogram.js";
import { kernels } from "../helpers.js";

describe("histogram", () => {
  it("bins values by the documented convention [edge_i, edge_i+1), with underflow, overflow and NaN", () => {
    const h = addToHistogram(createHistogram(0, 1, 4), [0, 0.24999, 0.25, 0.5, 0.99999999999999989, 1, -0.1, NaN, 0.75]);
    expect(h.counts).toEqual([2, 1, 1, 2]);
    expect([h.underflow, h.overflow, h.nan]).toEqual([1, 1, 1]);
    expect(histogramTotal(h)).toBe(8);
    expect(binEdges(h)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(binCenters(h)).toEqual([0.125, 0.375, 0.625, 0.875]);
  });

  it("merging chunk histograms equals histogramming all values at once", async () => {
    const k = await kernels();
    const parts = [0, 1, 2].map((stream) => {
      k.seed({ seed: 5, stream });
      return addToHistogram(createHistogram(0.1, 0.9, 16), k.uniforms(1000));
    });
    const all = createHistogram(0.1, 0.9, 16);
    for (const stream of [0, 1, 2]) {
      k.seed({ seed: 5, stream });
      addToHistogram(all, k.uniforms(1000));
    }
    expect(mergeAllHistograms(parts)).toEqual(all);
    expect(histogramTotal(all)).toBe(3000);
  });

  it("density integrates to the in-range fraction (all) or to 1 (inRange), and matches the uniform pdf", async () => {
    const k = await kernels();
    k.seed({ seed: 6, stream: 0 });
    const n = 100_000;
    const h = addToHistogram(createHistogram(0, 0.5, 10), k.uniforms(n));
    const all = histogramDensity(h);
    const inRange = histogramDensity(h, "inRange");
    const integral = (d: number[]) => d.reduce((a, b) => a + b, 0) * all.width;
    expect(integral(all.density)).toBeCloseTo((n - h.overflow) / n, 12);
    expect(integral(inRange.density)).toBeCloseTo(1, 12);
    // Uniform(0,1) pdf = 1: each bin's count ~ Binomial(n, 0.05), SE of the density = √(0.05·0.95/n)/0.05; allow 4 SE.
    for (const d of all.density) expect(Math.abs(d - 1)).toBeLessThan((4 * Math.sqrt(0.05 * 0.95 / n)) / 0.05);
    expect(histogramDensity(createHistogram(0, 1, 3)).density).toEqual([0, 0, 0]);
  });

  it("refuses to merge different bins and rejects bad specifications", () => {
    expect(() => mergeHistograms(createHistogram(0, 1, 4), createHistogram(0, 1, 5))).toThrow(
      "histograms must have the same bins to merge: [0, 1) × 4 vs [0, 1) × 5",
    );
    expect(() => createHistogram(1, 1, 4)).toThrow("histogram range must be finite numbers lo < hi, got [1, 1)");
    expect(() => createHistogram(0, 1, 0)).toThrow("bins must be an integer from 1 to 1000000, got 0");
    expect(() => mergeAllHistograms([])).toThrow(/at least one/);
  });
});
