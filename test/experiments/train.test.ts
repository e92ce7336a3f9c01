/**
 * The training experiment (src/experiments/train.ts) on small synthetic
 * tables: worker-count invariance, learnability of the synthetic labels,
 * the layer-1 initial variance against lipvar's prediction, the gradient
 * hooks' factors, and config validation.
 */
import { describe, expect, it } from "vitest";
import { kernels } from "../helpers.js";
import { syntheticCovertype } from "../../src/data/synthetic.js";
import { checkTrainFits, hookFactors, predictedGradientFactors, runTraining, trainRuns, validateTrainConfig } from "../../src/experiments/train.js";
import { exactGaussianVariance } from "../../src/analytic/variance.js";

const small = { depths: [2], width: 16, seeds: 2, epochs: 2, batch: 32, statsRows: 256 };

describe("runTraining", () => {
  it("gives the same result (except run) with 1 and 2 workers, and with the deprecated runTraining(k, …) spelling", async () => {
    const k = await kernels();
    const table = syntheticCovertype(k, { rows: 1500, seed: 4n });
    const config = { ...small, models: ["plain", "sll", "sll-better-hooks"] as const, seed: 4 };
    const a = await runTraining({ ...config, models: [...config.models], workers: 1 }, table);
    const b = await runTraining(k, { ...config, models: [...config.models], workers: 2 }, table);
    expect(JSON.stringify({ ...a, run: null })).toBe(JSON.stringify({ ...b, run: null }));
    expect(a.runs.map((r) => `${r.model}/${r.depth}/${r.replicate}`)).toEqual(trainRuns(a.config).map((r) => `${r.model}/${r.depth}/${r.replicate}`));
    expect(a.runs.every((r) => r.testAccuracy.length === 3 && r.trainLoss.length === 2 && r.finite)).toBe(true);
  });

  it("reports progress in epochs of all runs, ending at runs × max(epochs, 1), and never goes back", async () => {
    const k = await kernels();
    const table = syntheticCovertype(k, { rows: 1500, seed: 5n });
    for (const [epochs, workers] of [[3, 1], [3, 2], [0, 2]] as const) {
      const calls: [number, number][] = [];
      await runTraining({ ...small, models: ["plain", "sll"], epochs, seed: 5, workers }, table, { onProgress: (d, t) => calls.push([d, t]) });
      const total = 4 * Math.max(epochs, 1); // 2 models × 1 depth × 2 seeds
      expect(calls.at(-1)).toEqual([total, total]);
      expect(calls.every(([d, t], i) => t === total && d >= 0 && d <= total && (i === 0 || d > calls[i - 1][0]))).toBe(true);
    }
  });

  it("a plain network learns the synthetic labels well above the majority rate (standardised inputs)", async () => {
    const k = await kernels();
    const table = syntheticCovertype(k, { rows: 6000, seed: 0n });
    const r = await runTraining({ models: ["plain"], depths: [2], seeds: 1, epochs: 4, standardise: true, workers: 1 }, table);
    // Majority ≈ 48.8 %; the teacher is a 54-32-7 ReLU net a width-64 plain net can represent.
    expect(r.data.majorityAccuracy).toBeGreaterThan(0.44);
    expect(r.data.majorityAccuracy).toBeLessThan(0.54);
    expect(r.groups[0].finalAccuracy.value).toBeGreaterThan(r.data.majorityAccuracy + 0.15);
  });

  it("layer 1's E[y²] at initialisation matches lipvar's prediction within 4 SE over seeds (better init: q = 1, W, b ~ N(0, 1))", async () => {
    // E[y_1²] = Σ_j E[w̄_1j²] x_j² + σ_b² = n·V(n, d)·E[x_0²] + 1 exactly in
    // expectation over W and b (row rescaling; MATH.md §3-4): the seeds give
    // independent draws of the network, so their mean is tested in SEs.
    const k = await kernels();
    const table = syntheticCovertype(k, { rows: 3000, seed: 5n });
    const r = await runTraining({ models: ["sll-better"], depths: [3], seeds: 12, epochs: 0, standardise: true, workers: 2 }, table);
    const first = r.runs.map((run) => run.init.yMeanSquare[0]);
    const mean = first.reduce((a, b) => a + b, 0) / first.length;
    const se = Math.sqrt(first.reduce((a, b) => a + (b - mean) ** 2, 0) / (first.length - 1) / first.length);
    const predicted = r.groups[0].predictedYMeanSquare![0];
    expect(predicted).toBeCloseTo(54 * exactGaussianVariance(54, 64) * r.runs[0].inputMeanSquare + 1, 10);
    expect(Math.abs(mean - predicted)).toBeLessThan(4 * se);
  });
});

describe("remedies at initialisation", () => {
  it("orthogonal W + MaxMin/abs keeps ‖y‖ through every square SLL layer exactly, for any q (t = 1 when W Wᵀ = I)", async () => {
    // Layers 2..L are 64→64: W orthogonal gives G = W Wᵀ = I, so
    // t_i = Σ_j |G_ij| q_j/q_i = q_i/q_i = 1 whatever θ (the sll model draws
    // θ ~ N(0, 1)), W̄ = W, and ‖y_{l+1}‖ = ‖φ(y_l)‖ = ‖y_l‖ row by row for a
    // norm-preserving φ without bias: the means over rows agree to rounding.
    // Layer 1 (54→64) has orthonormal columns only (W Wᵀ a projection), so
    // t ≠ 1 there, and the output layer (64→7) applies ReLU: neither is compared.
    const k = await kernels();
    const table = syntheticCovertype(k, { rows: 1200, seed: 6n });
    for (const activation of ["maxmin", "abs", "groupsort:8"] as const) {
      const r = await runTraining(k, { models: ["sll"], depths: [6], width: 64, seeds: 2, epochs: 0, bias: "none", init: "orthogonal", activation, statsRows: 128, standardise: true, workers: 1 }, table);
      for (const run of r.runs) {
        const y = run.init.yMeanSquare;
        for (let l = 1; l < 6; l++) expect(Math.abs(y[l] / y[0] - 1)).toBeLessThan(1e-12);
      }
      expect(r.groups[0].predictedYMeanSquare).toBeNull();
    }
    // ReLU (not norm-preserving) loses a share of ‖y‖ per layer: the same check fails by far.
    const relu = await runTraining(k, { models: ["sll"], depths: [6], width: 64, seeds: 1, epochs: 0, bias: "none", init: "orthogonal", activation: "relu", statsRows: 128, standardise: true, workers: 1 }, table);
    const y = relu.runs[0].init.yMeanSquare;
    expect(y[5] / y[0]).toBeLessThan(0.2);
  });
});

describe("hookFactors", () => {
  it("multiplies layer ℓ's gradient by 1/Π_{k≥ℓ} (d_k/2)·V(n_k, d_k)", () => {
    const h = hookFactors(3, 64, 54, 7);
    expect(h).toHaveLength(4);
    const f = (d: number, n: number) => (d / 2) * exactGaussianVariance(n, d);
    expect(h[3]).toBeCloseTo(1 / f(7, 64), 10);
    expect(h[2] / h[3]).toBeCloseTo(1 / f(64, 64), 10);
    expect(h[0] / h[1]).toBeCloseTo(1 / f(64, 54), 10);
    expect(predictedGradientFactors("sll", 3, 64, 54, 7)).toHaveLength(4);
  });
});

describe("validateTrainConfig", () => {
  it("fills the author's defaults and rejects bad fields with their name", () => {
    const c = validateTrainConfig({});
    expect(c).toMatchObject({ models: ["plain", "sll"], depths: [5, 15, 30], width: 64, seeds: 10, epochs: 25, batch: 64, lr: 1e-3, bias: "init", trainQ: true, rows: null, standardise: false });
    expect(trainRuns(c)).toHaveLength(60);
    expect(() => validateTrainConfig({ models: ["mlp" as never] })).toThrow(/models must be among/);
    expect(() => validateTrainConfig({ depths: [0] })).toThrow(/depths must be an integer from 1/);
    expect(() => validateTrainConfig({ depths: [5, 5] })).toThrow(/must not repeat/);
    expect(() => validateTrainConfig({ lr: Number.NaN })).toThrow(/lr must be a number/);
    expect(() => validateTrainConfig({ testFraction: 1 })).toThrow(/testFraction/);
    expect(() => validateTrainConfig({ bias: "maybe" as never })).toThrow(/bias must be/);
    expect(c).toMatchObject({ init: "iid", activation: "relu" });
    expect(validateTrainConfig({ width: 12, activation: "groupsort:3", init: "orthogonal" })).toMatchObject({ width: 12, activation: "groupsort:3", init: "orthogonal" });
    expect(() => validateTrainConfig({ init: "identity" as never })).toThrow(/init must be iid, orthogonal or identity:E \(E the noise std, a finite number >= 0\), got identity/);
    expect(() => validateTrainConfig({ activation: "none" as never })).toThrow(/activation must be relu, abs, maxmin or groupsort:K/);
    expect(() => validateTrainConfig({ activation: "groupsort:1" as never })).toThrow(/activation must be relu, abs, maxmin or groupsort:K/);
    expect(() => validateTrainConfig({ width: 10, activation: "groupsort:4" })).toThrow(/activation groupsort:4 needs a width divisible by 4, got width 10/);
    expect(() => validateTrainConfig({ models: ["sll-better-hooks"], init: "orthogonal" })).toThrow(/sll-better-hooks needs init iid and activation relu/);
  });

  it("refuses, before any run, a network or table that cannot fit in a worker's Wasm memory, naming what fits", () => {
    // Width 4096: each SLL layer holds W, its gradient and both Adam moments,
    // 4 × 4096² doubles = 0.5 GiB, so 3.5 GiB hold 6 layers' worth and no more.
    expect(() => validateTrainConfig({ models: ["sll"], width: 4096, depths: [20] })).toThrow(
      /^width 4096, depth 20 and batch 64 cannot fit in one worker's Wasm memory \(.*needs 12\.3 GiB; Wasm memory holds at most 3\.5 GiB\): depths up to 6 fit at this width and batch$/,
    );
    expect(() => validateTrainConfig({ models: ["sll"], width: 4096, depths: [6] })).not.toThrow();
    // Batch 65536 at width 4096: each activation buffer is 2 GiB, at every depth.
    expect(() => validateTrainConfig({ width: 4096, batch: 65536, depths: [1] })).toThrow(/needs 10\.3 GiB.*: reduce width or batch$/);
    // A table of 3 million 54-column rows is 1.2 GiB in one block.
    expect(() => checkTrainFits(validateTrainConfig({ depths: [2] }), 54, 7, [3e6 * 54])).toThrow(/with this table .*needs a block of 1\.21 GiB.*use at most 2485513 rows of 54 columns$/);
  });
});
