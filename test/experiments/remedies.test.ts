import { describe, expect, it } from "vitest";
import { runDecay } from "../../src/experiments/decay.js";
import { runResidual } from "../../src/experiments/residual.js";

/** Mean-field allowance for the spread (mean pairwise cosine) at width 64: finite-width corrections are O(1/width). */
const COSINE_ALLOWANCE = 0.02;
/** Allowance for the gradient factor of iid layers: the gradient-independence assumption (W̄_ℓ independent of the gradient reaching it). */
const GRADIENT_ALLOWANCE = 0.03;

describe("every (initialisation × activation) pair against its prediction (width 64, depth 8, 16 networks, no bias)", () => {
  const pairs = ["iid", "orthogonal"].flatMap((init) => ["relu", "abs", "maxmin", "groupsort:4"].map((activation) => [init, activation] as const));

  it.each(pairs)("%s + %s", async (init, activation) => {
    const r = await runDecay({ depth: 8, width: 64, batch: 64, seed: 21, replicates: 16, workers: 2, histogramBins: 0, init, activation });
    expect(r.rescaledVarianceSource).toBe(init === "orthogonal" ? "orthogonal" : "exact-gaussian");
    // E[y_ℓ²] per layer: the recursion is exact in expectation (docs/MATH.md "Remedies"), so 4 SE.
    for (const l of r.layers) expect(Math.abs(l.ratio - 1), `layer ${l.layer}`).toBeLessThanOrEqual(4 * l.ratioSe + 1e-12);
    // The per-layer factor of E[y²]: 4 SE (an identity, 1 to rounding, where SE ≈ 0: orthogonal + norm-preserving).
    const f = r.factors.forward!;
    expect(Math.abs(f.measured.value - f.predicted)).toBeLessThanOrEqual(4 * f.measured.se + 1e-12);
    // The gradient factor: exact for orthogonal + norm-preserving (orthogonal Jacobians), else the independence assumption.
    const g = r.factors.gradient!;
    const exactGradient = init === "orthogonal" && activation !== "relu";
    expect(Math.abs(g.measured.value - g.predicted)).toBeLessThanOrEqual(4 * g.measured.se + (exactGradient ? 1e-12 : GRADIENT_ALLOWANCE * g.predicted));
    // The spread: layer 1 is linear in the inputs (cosine ≈ 0 for every pair); beyond it the mean-field cosine map, where one exists.
    for (const l of r.layers) {
      if (l.meanCosinePredicted === null) {
        expect(activation).toBe("groupsort:4");
        expect(l.layer).toBeGreaterThan(1);
        continue;
      }
      expect(Math.abs(l.meanCosine - l.meanCosinePredicted), `cos layer ${l.layer}`).toBeLessThanOrEqual(4 * l.meanCosineSe + COSINE_ALLOWANCE);
    }
    expect(r.factors.spread!.predicted === null).toBe(activation === "groupsort:4");
    if (activation === "groupsort:4") expect(r.notes.some((n) => /measured only beyond layer 1/.test(n))).toBe(true);
  }, 60000);
});

describe("acceptance: decay --init orthogonal --activation maxmin", () => {
  it("shows no decay over 30 layers within its SEs and matches its prediction (E[y²] and gradient factor 1)", async () => {
    const r = await runDecay({ depth: 30, width: 64, batch: 128, seed: 5, replicates: 8, workers: 2, histogramBins: 0, init: "orthogonal", activation: "maxmin" });
    expect(r.label).toBe("AOL stack, orthogonal init, MaxMin, width 64");
    for (const l of r.layers) {
      expect(l.predicted).toBe(1);
      expect(Math.abs(l.ratio - 1)).toBeLessThanOrEqual(4 * l.ratioSe);
      expect(Math.abs(l.gradVariance - 1)).toBeLessThanOrEqual(1e-12);
    }
    expect(Math.abs(r.factors.forward!.measured.value - 1)).toBeLessThanOrEqual(1e-12);
    expect(r.factors.depthTo1e6.depth).toBeNull();
    // The norm is kept, the inputs are not: the cosine climbs towards 1 (as the mean-field map says) and the spread decays.
    expect(r.layers[29].meanCosine).toBeGreaterThan(0.9);
    expect(r.factors.spread!.measured.value).toBeLessThan(0.95);
  }, 60000);
});

describe("bias, non-square layers and the SLL family", () => {
  it("with a bias: orthogonal + ReLU settles at 2σ_b², orthogonal + MaxMin grows by σ_b² per layer (no fixed point), within 4 SE", async () => {
    const relu = await runDecay({ depth: 16, width: 64, batch: 64, seed: 3, replicates: 12, workers: 2, histogramBins: 0, biasStd: 0.5, init: "orthogonal", activation: "relu" });
    expect(relu.layers[15].fixedPoint).toBeCloseTo(0.5, 12);
    const mm = await runDecay({ depth: 16, width: 64, batch: 64, seed: 3, replicates: 12, workers: 2, histogramBins: 0, biasStd: 0.5, init: "orthogonal", activation: "maxmin" });
    mm.layers.forEach((l, i) => expect(l.predicted).toBeCloseTo(1 + 0.25 * (i + 1), 12));
    expect(mm.layers.every((l) => l.fixedPoint === null)).toBe(true);
    for (const r of [relu, mm]) for (const l of r.layers) expect(Math.abs(l.ratio - 1), `${r.label} layer ${l.layer}`).toBeLessThanOrEqual(4 * l.ratioSe);
  }, 60000);

  it("non-square orthogonal layers: 1/d where WᵀW = I (d ≥ n), the measured mean of w̄² elsewhere, said in the notes", async () => {
    const r = await runDecay({ depth: 3, widths: [32, 64, 64, 16], batch: 64, seed: 9, replicates: 8, workers: 2, histogramBins: 0, init: "orthogonal", activation: "maxmin" });
    expect(r.layers[0].rescaledVariance).toBe(1 / 64);
    expect(r.layers[0].predicted).toBe(0.5);
    expect(r.layers[2].rescaledVariance).toBeLessThan(1 / 16);
    expect(r.notes.some((n) => /orthogonal layers 3: W's Gram is not the identity/.test(n))).toBe(true);
    for (const l of r.layers) expect(Math.abs(l.ratio - 1)).toBeLessThanOrEqual(4 * l.ratioSe);
  }, 60000);

  it("transform sll: the row Gram by default, a random q with a Monte Carlo Var[w̄], and a header naming the SLL stack", async () => {
    const r = await runDecay({ depth: 4, width: 32, batch: 64, seed: 2, replicates: 8, workers: 2, histogramBins: 0, transform: "sll", qStd: 0.5, varianceSamples: 4000 });
    expect(r.config.gram).toBe("row");
    expect(r.rescaledVarianceSource).toBe("monte-carlo");
    expect(r.label).toBe("SLL stack (q = exp(θ), θ ~ N(0, 0.5²)), iid init, ReLU, width 32");
    for (const l of r.layers) expect(Math.abs(l.ratio - 1)).toBeLessThanOrEqual(4 * l.ratioSe + 0.02);
    await expect(runDecay({ depth: 2, width: 4, batch: 2, seed: 1, qStd: 0.5 })).rejects.toThrow(/^qStd applies to transform "sll" only/);
  }, 60000);
});

describe("SLL residual blocks with orthogonal P", () => {
  it("keep E[x²] exactly without bias and add 2(k/m)σ_b² per block with one (within 4 SE)", async () => {
    const flat = await runResidual({ depth: 10, width: 32, inner: 16, batch: 64, seed: 4, replicates: 6, workers: 2, init: "orthogonal" });
    for (const l of flat.layers) {
      expect(l.predictedExact).toBe(true);
      expect(Math.abs(l.ratio - 1)).toBeLessThanOrEqual(1e-12);
    }
    const biased = await runResidual({ depth: 10, width: 32, inner: 16, batch: 64, seed: 4, replicates: 12, workers: 2, init: "orthogonal", biasStd: 0.5 });
    biased.layers.forEach((l, i) => {
      expect(l.predicted).toBeCloseTo(biased.inputMeanSquare + (i + 1) * 2 * (16 / 32) * 0.25, 12);
      expect(Math.abs(l.ratio - 1), `block ${l.layer}`).toBeLessThanOrEqual(4 * l.ratioSe);
    });
    const iid = await runResidual({ depth: 3, width: 32, batch: 16, seed: 4, replicates: 4, workers: 2 });
    expect(iid.layers[0].predictedExact).toBe(false);
  }, 60000);
});
