/** The training verdict (src/report/training-claim.ts) on hand-made results: each branch once. */
import { describe, expect, it } from "vitest";
import { trainingClaim } from "../../src/report/training-claim.js";
import type { TrainGroupSummary, TrainResult } from "../../src/experiments/train-types.js";

function group(model: "plain" | "sll", depth: number, acc: number, se: number): TrainGroupSummary {
  return {
    model, depth, runs: 3,
    finalAccuracy: { value: acc, se }, finalTestLoss: { value: 1, se: 0.01 },
    meanTestAccuracy: [acc], seTestAccuracy: [se], seTestLoss: [0.01], meanTestLoss: [1], meanTrainLoss: [1],
    initYMeanSquare: [1, 0.5, 0.1], initYMeanSquareSe: [0, 0, 0], predictedYMeanSquare: [1, 0.5, 0.1], predictionNote: null,
    initGradMeanSquare: [1, 1, 1], finalGradMeanSquare: [1, 1, 1],
  };
}

function result(groups: TrainGroupSummary[], bias: "init" | "zero" = "init"): TrainResult {
  return {
    experiment: "train",
    config: { models: ["plain", "sll"], depths: [...new Set(groups.map((g) => g.depth))], width: 64, seeds: 3, seed: "0", epochs: 1, batch: 64, lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, bias, init: "iid", activation: "relu", trainQ: true, rows: null, testFraction: 0.2, standardise: false, statsRows: 10 },
    data: { source: "synthetic", columns: 54, classes: 7, rowsUsed: 100, trainRows: 80, testRows: 20, testClassShares: [0.5, 0.5], majorityAccuracy: 0.5 },
    runs: [],
    groups,
    run: { build: "simd", workers: 1, seconds: 0 },
  };
}

describe("trainingClaim", () => {
  it("holds when SLL learns shallow but not where plain still learns", () => {
    const c = trainingClaim(result([group("plain", 5, 0.8, 0.01), group("sll", 5, 0.7, 0.01), group("plain", 30, 0.75, 0.01), group("sll", 30, 0.5, 0.001)]));
    expect(c.verdict).toBe("holds");
    expect(c.text).toMatch(/at depth 30, the deepest where plain nets learn/);
  });

  it("holds when the SLL deficit to plain grows with depth beyond 3 SE", () => {
    expect(trainingClaim(result([group("plain", 5, 0.8, 0.01), group("sll", 5, 0.78, 0.01), group("plain", 30, 0.8, 0.01), group("sll", 30, 0.6, 0.01)])).verdict).toBe("holds");
  });

  it("fails when deep SLL nets learn as well as shallow ones", () => {
    expect(trainingClaim(result([group("plain", 5, 0.8, 0.01), group("sll", 5, 0.7, 0.01), group("plain", 30, 0.8, 0.01), group("sll", 30, 0.7, 0.01)])).verdict).toBe("fails");
  });

  it("is inconclusive when SLL does not learn even shallow, or no plain net learns; names a bias other than init", () => {
    expect(trainingClaim(result([group("plain", 5, 0.8, 0.01), group("sll", 5, 0.5, 0.01), group("plain", 30, 0.8, 0.01), group("sll", 30, 0.5, 0.01)])).verdict).toBe("inconclusive");
    const none = trainingClaim(result([group("plain", 5, 0.5, 0.01), group("sll", 5, 0.5, 0.01), group("plain", 30, 0.5, 0.01), group("sll", 30, 0.5, 0.01)], "zero"));
    expect(none.verdict).toBe("inconclusive");
    expect(none.text).toMatch(/bias zero: "even with bias" is not what was tested/);
    expect(trainingClaim(result([group("plain", 5, 0.8, 0.01), group("sll", 5, 0.7, 0.01)])).verdict).toBe("not measured");
  });
});
