/** The per-network pooled statistics behind the report's powerful depth tests, and the tied/reluOnOutput configs. */
import { describe, expect, it } from "vitest";
import { pooledStatistics, runDecay } from "../../src/experiments/decay.js";
import type { NetworkTaskResult } from "../../src/experiments/kernel-worker.js";

const part = (variance: number[]): NetworkTaskResult => ({ build: "x", variance, gradInput: variance.map(() => 1), histograms: [], gradHistograms: [] });

describe("pooledStatistics", () => {
  it("tail: per network the mean over layers ⌊L/2⌋+1..L of measured/predicted; step: the mean over ℓ ≥ 2 of the ratio of ratios; mean ± SE over networks", () => {
    const predicted = [1, 0.5, 0.25, 0.125];
    // Network A sits on the prediction; network B is 10% high at layers 3–4 and its steps are 1, 1.1, 1 relative to 0.5.
    const a = part([1, 0.5, 0.25, 0.125]);
    const b = part([1, 0.5, 0.275, 0.1375]);
    const p = pooledStatistics([a, b], predicted);
    expect(p.tailFrom).toBe(3);
    expect(p.tailPredicted).toBeCloseTo((0.25 + 0.125) / 2, 15);
    // Tail: A 1, B 1.1 → mean 1.05, SE = sd/√2 = 0.0707…/√2 = 0.05.
    expect(p.tail.value).toBeCloseTo(1.05, 14);
    expect(p.tail.se).toBeCloseTo(0.05, 14);
    // Step: A (1 + 1 + 1)/3 = 1, B (1 + 1.1 + 1)/3 = 1.0333…
    expect(p.step!.value).toBeCloseTo((1 + 31 / 30) / 2, 14);
    expect(pooledStatistics([a, b], [1]).step).toBeNull();
  });
});

describe("runDecay: tied weights and loss on ReLU(y_L)", () => {
  it("echoes the options, predicts the last gradient with the ReLU's ½, and refuses tied non-square stacks", async () => {
    const r = await runDecay({ depth: 3, width: 16, batch: 32, seed: 4, replicates: 3, tied: true, reluOnOutput: true, histogramBins: 10, workers: 1 });
    expect(r.config).toMatchObject({ tied: true, reluOnOutput: true });
    // G_{L−1} = d_L·v_L·½ with the ReLU on the output (src/analytic/decay.ts), v_L = exact V(16, 16).
    expect(r.layers[2].gradPredicted).toBeCloseTo(16 * r.layers[2].rescaledVariance * 0.5, 14);
    expect(r.notes.join(" ")).toMatch(/tied weights/);
    await expect(runDecay({ depth: 2, widths: [4, 8, 8], tied: true, batch: 2, seed: 1 })).rejects.toThrow(/^tied weights need equal widths/);
    await expect(runDecay({ depth: 2, width: 4, batch: 2, seed: 1, tied: "yes" as never })).rejects.toThrow(/^tied must be true or false/);
  });
});
