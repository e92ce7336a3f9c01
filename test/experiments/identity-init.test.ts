import { describe, expect, it } from "vitest";
import { runDecay } from "../../src/experiments/decay.js";
import { runResidual } from "../../src/experiments/residual.js";
import { identityNoiseFactor } from "../../src/analytic/remedies.js";
import { forwardBackward, checkInit } from "../../src/wasm/decay.js";
import { loadKernels } from "../../src/wasm/kernels.js";
import { captureCli } from "../cli/capture.js";
import { syntheticCovertype } from "../../src/data/synthetic.js";
import { runTraining, validateTrainConfig } from "../../src/experiments/train.js";

const cli = captureCli();

describe("init identity:ε (the identity plus SGND noise of std ε)", () => {
  it("draws W = E + N: exactly the (rectangular) identity at ε = 0, noise of std ε around it otherwise", async () => {
    const k = await loadKernels();
    const exact = forwardBackward(k, { widths: [5, 7, 3], batch: 2, beta: 2, seed: 3, init: "identity:0", keepWeights: true });
    const [w1, w2] = exact.weights!.W;
    // Layer 1 is 7×5, layer 2 3×7 (row-major d×n): ones at (i, i), i < min(d, n).
    expect([...w1]).toEqual(Array.from({ length: 35 }, (_, j) => (Math.floor(j / 5) === j % 5 ? 1 : 0)));
    expect([...w2]).toEqual(Array.from({ length: 21 }, (_, j) => (Math.floor(j / 7) === j % 7 ? 1 : 0)));
    const eps = 0.05;
    const noisy = forwardBackward(k, { widths: [200, 200], batch: 1, beta: 2, seed: 4, init: `identity:${eps}`, keepWeights: true });
    const w = noisy.weights!.W[0];
    const noise = Array.from(w, (x, j) => x - (Math.floor(j / 200) === j % 200 ? 1 : 0));
    const mean = noise.reduce((s, x) => s + x, 0) / noise.length;
    const sd = Math.sqrt(noise.reduce((s, x) => s + (x - mean) ** 2, 0) / (noise.length - 1));
    // 40,000 normal draws: the sample SD has relative SE 1/√(2·40000) = 0.35%; 4 SE.
    expect(Math.abs(sd / eps - 1)).toBeLessThanOrEqual(4 * Math.sqrt(1 / (2 * noise.length)));
    expect(Math.abs(mean)).toBeLessThanOrEqual((4 * eps) / Math.sqrt(noise.length));
  });

  it("ε = 0 stops the decay exactly: E[y²] and the inputs' mean cosine stay put after layer 1 (MaxMin, ReLU)", async () => {
    for (const activation of ["maxmin", "relu"]) {
      const r = await runDecay({ depth: 12, width: 32, batch: 64, seed: 9, replicates: 4, workers: 1, histogramBins: 0, init: "identity:0", activation });
      expect(r.rescaledVarianceSource).toBe("identity");
      // W̄ = I: y_ℓ = σ(y_{ℓ−1}) for ℓ ≥ 2, and σ(σ(y)) = σ(y) for ReLU and MaxMin, so every layer from 2 on repeats layer 2 bit for bit.
      const [, second, ...rest] = r.layers;
      for (const l of rest) expect([l.variance, l.meanCosine]).toEqual([second.variance, second.meanCosine]);
      if (activation === "maxmin") expect(second.variance).toBe(r.layers[0].variance);
    }
  });

  it("noise costs the first-order factor 1/(1 + (2/√π)·ε·(n − 1)) per layer under AOL (docs/MATH.md §8)", async () => {
    const n = 64;
    for (const eps of [0.001, 0.003]) {
      const r = await runDecay({ depth: 6, width: n, batch: 256, seed: 5, replicates: 8, workers: 2, histogramBins: 0, init: `identity:${eps}`, activation: "maxmin" });
      const predicted = identityNoiseFactor(eps, n);
      const f = r.factors.forward!;
      // The factor is first order in x = (2/√π)ε(n−1) (0.071 and 0.21 here): its error is second order,
      // bounded by x² (≤ 0.045); plus 4 SE of the measurement.
      const x = (2 / Math.sqrt(Math.PI)) * eps * (n - 1);
      expect(Math.abs(f.measured.value - predicted), `ε = ${eps}`).toBeLessThanOrEqual(x * x + 4 * f.measured.se);
      // And it is a decay: the factor is below 1 by much more than its SE.
      expect(1 - f.measured.value).toBeGreaterThan(10 * f.measured.se);
    }
  });

  it("spellings: identity:E with E a finite number >= 0; residual stacks and --weight-std refuse it", async () => {
    expect(checkInit("identity:0.010")).toBe("identity:0.01");
    expect(checkInit("identity:1e-3")).toBe("identity:0.001");
    for (const bad of ["identity", "identity:", "identity:-1", "identity:x", "identity:Infinity", "Identity:0.1"]) expect(() => checkInit(bad), bad).toThrow(/init must be "iid", "orthogonal" or "identity:E"/);
    await expect(runResidual({ depth: 2, width: 4, batch: 4, seed: 1, replicates: 2, workers: 1, init: "identity:0.1" as never })).rejects.toThrow(/identity:ε applies to decay stacks/);
    const usage = async (argv: string[]) => {
      cli.reset();
      expect(await cli.run(...argv)).toBe(2);
      expect(cli.out).toBe("");
      return cli.err.trimEnd();
    };
    const decay = ["decay", "--width", "4", "--depth", "2", "--batch", "4"];
    expect(await usage([...decay, "--init", "identity:-0.1"])).toMatch(/^lipvar: error: --init identity:E needs E, the noise std, a finite number >= 0 \(e.g. identity:0.01\), got 'identity:-0.1'$/);
    expect(await usage([...decay, "--init", "identity:E"])).toMatch(/--init identity:E needs E/);
    expect(await usage([...decay, "--init", "eye"])).toMatch(/--init must be one of iid, orthogonal, identity:E, got 'eye'/);
    expect(await usage([...decay, "--init", "identity:0.1", "--weight-std", "2"])).toMatch(/--weight-std does not apply to --init identity:E/);
    expect(await usage(["residual", "--width", "4", "--depth", "2", "--batch", "4", "--init", "identity:0.1"])).toMatch(/--init must be one of iid, orthogonal, got 'identity:0.1'/);
    // The table names what ran.
    cli.reset();
    expect(await cli.run(...decay, "--init", "identity:0.01", "--activation", "maxmin", "-j", "1")).toBe(0);
    expect(cli.out).toMatch(/^AOL stack, identity \+ noise \(std 0\.01\) init, MaxMin, width 4/);
  });
});

describe("train --init identity:ε", () => {
  it("starts every W at the identity (ε = 0): without bias, hidden layers 2… of an SLL MaxMin net repeat layer 2's E[y²] at initialisation", async () => {
    const k = await loadKernels();
    const table = syntheticCovertype(k, { rows: 600, seed: 2n });
    const r = await runTraining({ models: ["sll"], depths: [5], width: 16, seeds: 2, epochs: 0, batch: 32, statsRows: 256, seed: 3, bias: "none", init: "identity:0", activation: "maxmin", workers: 1 }, table);
    const y = r.groups[0].initYMeanSquare;
    // Layers: 54→16 (rectangular identity), four 16→16 identities, 16→7. W̄ = I on the square ones (row Gram of I: t ≡ 1 for any q), and MaxMin∘MaxMin = MaxMin.
    for (let l = 2; l < 5; l++) expect(y[l], `layer ${l + 1}`).toBe(y[1]);
    expect(r.config.init).toBe("identity:0");
    // Noise moves them apart; a bad spelling is one clear error.
    const noisy = await runTraining({ models: ["sll"], depths: [5], width: 16, seeds: 2, epochs: 0, batch: 32, statsRows: 256, seed: 3, bias: "none", init: "identity:0.1", activation: "maxmin", workers: 1 }, table);
    expect(noisy.groups[0].initYMeanSquare[3]).not.toBe(noisy.groups[0].initYMeanSquare[1]);
    expect(() => validateTrainConfig({ models: ["sll"], depths: [2], init: "identity:-1" as never })).toThrow(/init must be iid, orthogonal or identity:E/);
    cli.reset();
    expect(await cli.run("train", "--rows", "80", "--epochs", "0", "--depths", "2", "--width", "4", "--init", "eye")).toBe(2);
    expect(cli.err.trimEnd()).toBe("lipvar: error: --init must be iid, orthogonal or identity:E (E the noise std, a finite number >= 0, e.g. identity:0.01), got 'eye'");
  });
});
