/** The remedies' training verdicts and table (src/report/remedies-training.ts) on hand-made results: each branch once. */
import { describe, expect, it } from "vitest";
import { pairedDifference, withTrainedAccuracy, remedyAccuracyColumns, remedyAccuracyRows, remedyTrainingVerdict, remediesTrainingSection } from "../../src/report/remedies-training.js";
import type { ReportResults } from "../../src/report/results.js";
import type { RemedySpec } from "../../src/report/config.js";
import type { TrainGroupSummary, TrainResult, TrainRunResult } from "../../src/experiments/train-types.js";

const DEPTHS = [5, 30];
const MAJORITY = 0.5;
const stats = { yMeanSquare: [1], yVariance: [1], gradMeanSquare: [1], weightGradMeanSquare: [1] };

/** A result of `model` whose final accuracies are accs[depth][replicate]. */
function result(model: "plain" | "sll", accs: Record<number, number[]>): TrainResult {
  const runs: TrainRunResult[] = [];
  const groups: TrainGroupSummary[] = [];
  for (const depth of DEPTHS) {
    const a = accs[depth];
    if (!a) continue;
    a.forEach((acc, replicate) => runs.push({ index: runs.length, model, depth, replicate, trainLoss: [1], testLoss: [1, 1], testAccuracy: [0.5, acc], inputMeanSquare: 1, init: stats, final: stats, finite: true }));
    const mean = a.reduce((x, y) => x + y, 0) / a.length;
    const se = Math.sqrt(a.reduce((x, y) => x + (y - mean) ** 2, 0) / (a.length - 1) / a.length);
    groups.push({
      model, depth, runs: a.length, finalAccuracy: { value: mean, se }, finalTestLoss: { value: 1, se: 0 },
      meanTestAccuracy: [0.5, mean], seTestAccuracy: [0, se], seTestLoss: [0, 0], meanTestLoss: [1, 1], meanTrainLoss: [1],
      initYMeanSquare: [1], initYMeanSquareSe: [0], predictedYMeanSquare: null, predictionNote: null, initGradMeanSquare: [1], finalGradMeanSquare: [1],
    });
  }
  return {
    experiment: "train",
    config: { models: [model], depths: DEPTHS, width: 64, seeds: 3, seed: "0", epochs: 1, batch: 64, lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, bias: "init", init: "iid", activation: "relu", trainQ: true, rows: null, testFraction: 0.2, standardise: true, statsRows: 10 },
    data: { source: "synthetic", columns: 54, classes: 7, rowsUsed: 100, trainRows: 80, testRows: 20, testClassShares: [0.5, 0.5], majorityAccuracy: MAJORITY },
    runs,
    groups,
    run: { build: "simd", workers: 1, seconds: 2 },
  };
}

/** The paper's SLL learns at depth 5 (≈ 70%) but not at 30 (majority); plain learns at both. */
function report(remedies: { remedy: RemedySpec; accs: Record<number, number[]> }[]): ReportResults {
  const plain = result("plain", { 5: [0.8, 0.81, 0.79], 30: [0.7, 0.72, 0.71] });
  const sll = result("sll", { 5: [0.7, 0.68, 0.72], 30: [0.5, 0.5, 0.5] });
  const training: TrainResult = { ...sll, config: { ...sll.config, models: ["plain", "sll"] }, runs: [...plain.runs, ...sll.runs], groups: [...plain.groups, ...sll.groups] };
  return { stages: { training, "remedies-training": remedies.map((x) => ({ remedy: x.remedy, result: result(x.remedy.model, x.accs) })) } } as unknown as ReportResults;
}

const ORTHO_MAXMIN: RemedySpec = { model: "sll", init: "orthogonal", activation: "maxmin" };

function verdictOf(accs: Record<number, number[]>) {
  const r = report([{ remedy: ORTHO_MAXMIN, accs }]);
  const rows = remedyAccuracyRows(r);
  return remedyTrainingVerdict(rows[2], rows[1], DEPTHS, MAJORITY);
}

describe("remedyTrainingVerdict", () => {
  it("lets the deepest nets train: learns at depth 30 where the paper's SLL stays at the majority rate", () => {
    const v = verdictOf({ 5: [0.7, 0.69, 0.71], 30: [0.66, 0.64, 0.65] });
    expect(v.verdict).toBe("lets the deepest nets train");
    expect(v.text).toMatch(/depth 30: \+15\.0% ± 0\.6%/);
  });

  it("helps: better than the paper's SLL beyond 3 SE at depth 5 only", () => {
    expect(verdictOf({ 5: [0.8, 0.79, 0.81], 30: [0.5, 0.5, 0.5] }).verdict).toBe("helps");
  });

  it("pairs by seed: a constant per-seed gain counts even when the seeds scatter far more than the gain", () => {
    // Unpaired SEs ≈ 9 points against a 2-point gain; the per-seed differences are all 0.02 (SE 0).
    const r = report([{ remedy: ORTHO_MAXMIN, accs: { 5: [0.72, 0.7, 0.74], 30: [0.5, 0.5, 0.5] } }]);
    const rows = remedyAccuracyRows(r);
    const diff = pairedDifference(rows[2], rows[1], 5)!;
    expect(diff.value).toBeCloseTo(0.02, 12);
    expect(diff.se).toBeLessThan(1e-12);
    expect(remedyTrainingVerdict(rows[2], rows[1], DEPTHS, MAJORITY).verdict).toBe("helps");
  });

  it("does not help: within 3 SE of the paper's SLL at every depth", () => {
    expect(verdictOf({ 5: [0.71, 0.67, 0.72], 30: [0.5, 0.51, 0.49] }).verdict).toBe("does not help");
  });

  it("hurts: below the paper's SLL beyond 3 SE, above it nowhere", () => {
    expect(verdictOf({ 5: [0.55, 0.54, 0.56], 30: [0.5, 0.5, 0.5] }).verdict).toBe("hurts");
  });

  it("not measured when a depth is missing", () => {
    expect(verdictOf({ 5: [0.8, 0.79, 0.81] }).verdict).toBe("not measured");
  });
});

describe("the remedies' accuracy table", () => {
  it("lists the paper's plain and SLL nets, then each remedy, with accuracy ± SE per depth and the verdict", () => {
    const r = report([{ remedy: ORTHO_MAXMIN, accs: { 5: [0.7, 0.69, 0.71], 30: [0.66, 0.64, 0.65] } }]);
    const text = remediesTrainingSection(r).join("\n");
    expect(text).toMatch(/\| the paper's plain net \(PyTorch init, ReLU\) \| +80\.0% ± 0\.6% \| +71\.0% ± 0\.6% \| \(baseline\) +\|/);
    expect(text).toMatch(/\| SLL, orthogonal W, MaxMin +\| +70\.0% ± 0\.6% \| +65\.0% ± 0\.6% \| \*\*lets the deepest nets train\*\* \|/);
    const cols = remedyAccuracyColumns(r);
    expect(cols.headers).toEqual(["test accuracy, depth 5", "test accuracy, depth 30"]);
    expect(cols.cells(ORTHO_MAXMIN)).toEqual(["70.0% ± 0.6%", "65.0% ± 0.6%"]);
    expect(cols.cells({ model: "sll", init: "iid", activation: "abs" })).toEqual(["—", "—"]);
  });

  it("fills the Remedies stage's SLL feed-forward rows that were trained with their accuracy per depth, and leaves the others", () => {
    const r = report([{ remedy: ORTHO_MAXMIN, accs: { 5: [0.7, 0.69, 0.71], 30: [0.66, 0.64, 0.65] } }]);
    const runs = [
      { architecture: "SLL feed-forward", init: "iid", activation: "relu" },
      { architecture: "SLL feed-forward", init: "orthogonal", activation: "maxmin" },
      { architecture: "AOL feed-forward", init: "orthogonal", activation: "maxmin" },
      { architecture: "SLL feed-forward", init: "orthogonal", activation: "abs" },
    ];
    const filled = withTrainedAccuracy({ ...r, stages: { ...r.stages, remedies: runs } } as unknown as ReportResults);
    const rounded = (i: number) => filled[i].accuracy!.map((a) => [a.depth, Number(a.accuracy.toFixed(12))]);
    expect(rounded(0)).toEqual([[5, 0.7], [30, 0.5]]);
    expect(rounded(1)).toEqual([[5, 0.7], [30, 0.65]]);
    expect(filled[1].accuracy![1].se).toBeCloseTo(0.01 / Math.sqrt(3), 12);
    expect(filled[2].accuracy).toBeUndefined();
    expect(filled[3].accuracy).toBeUndefined();
  });
});
