import { describe, expect, it } from "vitest";
import { kernels } from "../helpers.js";
import { forwardBackward, residualStack, varianceChunk, type ForwardBackwardOptions } from "../../src/wasm/lipschitz.js";
import {
  maxScaledError,
  randomMatrix,
  referenceForwardBackward,
  referenceHistogram,
  referenceResidual,
  runnableBuilds,
} from "./lipschitz-reference.js";

const builds = runnableBuilds();

/** |a − b| ≤ tol·scale for each named statistic; means are scaled by the root mean square (they can be ~0). */
function expectClose(got: Record<string, number>, want: Record<string, number>, keys: string[], scaleFor: (key: string) => number, tol: number) {
  for (const key of keys) expect(Math.abs(got[key] - want[key]), key).toBeLessThanOrEqual(tol * scaleFor(key));
}

describe("feed-forward AOL/SLL stack against a plain forward/backward on the same weights", () => {
  const stacks: (Omit<ForwardBackwardOptions, "seed">)[] = [
    { widths: [3, 4, 2, 5], batch: 6, beta: 2, biasStd: 0.3, qStd: 0.5 },
    { widths: [17, 65, 3, 8], batch: 9, beta: 1, reluOnOutput: true },
    { widths: [1, 1], batch: 1, beta: Infinity, biasStd: 1 },
    { widths: [64, 64, 64], batch: 130, beta: 1.5, qStd: 0.2 },
    // The remedies: orthogonal W, abs, MaxMin and GroupSort (a short last group: 12 = 5 + 5 + 2; one group of all 16).
    { widths: [6, 8, 5, 9], batch: 7, beta: 2, biasStd: 0.4, init: "orthogonal", activation: "maxmin", reluOnOutput: true },
    { widths: [12, 12, 12], batch: 5, beta: 1, activation: "groupsort:5", reluOnOutput: true },
    { widths: [10, 7, 10], batch: 4, beta: 2, qStd: 0.3, init: "orthogonal", activation: "abs", reluOnOutput: true },
    { widths: [16, 16, 16], batch: 3, beta: 2, biasStd: 0.1, init: "orthogonal", activation: "groupsort:16" },
  ];

  it.each(builds)("every per-layer statistic within 1e-12 relative, y and ∂loss/∂y histograms exact (%s build)", async (build) => {
    const k = await kernels(build);
    for (const [i, s] of stacks.entries()) {
      const L = s.widths.length - 1;
      const histogram = { bins: 16, min: s.widths.slice(1).map((_, l) => -2 / (l + 1)), max: s.widths.slice(1).map((_, l) => 2 / (l + 1)) };
      // Other bins and ranges than the y histogram, so a mix-up of the two buffers shows.
      const gradHistogram = { bins: 12, min: s.widths.slice(1).map((_, l) => -1.5 / (l + 1)), max: s.widths.slice(1).map((_, l) => 1.5 / (l + 1)) };
      const r = forwardBackward(k, { ...s, seed: 31, stream: i, histogram, gradHistogram, keepWeights: true });
      const w = r.weights!;
      expect(w.inputs.length).toBe(s.batch * s.widths[0]);
      const ref = referenceForwardBackward(s.widths as number[], s.batch, w.inputs, w.W, w.q, w.bias, s.reluOnOutput, "column", (s.activation as string | undefined) ?? "relu");
      expectClose(r.input, ref.input, ["mean", "meanSquare"], () => ref.input.meanSquare, 1e-12);
      expect(r.layers.length).toBe(L);
      for (let l = 0; l < L; l++) {
        const got = r.layers[l];
        const want = ref.layers[l];
        expect([got.layer, got.d, got.n]).toEqual([l + 1, s.widths[l + 1], s.widths[l]]);
        expectClose(
          got as unknown as Record<string, number>,
          want,
          ["mean", "variance", "activationMeanSquare", "gradOutputMeanSquare", "gradInputMeanSquare", "weightMeanSquare", "unitVariance", "meanCosine"],
          // Means are scaled by the root mean square, the per-unit variance by the mean square, cosines (in [−1, 1]) by 1.
          (key) => (key === "mean" ? Math.sqrt(want.variance) : key === "unitVariance" ? want.variance : key === "meanCosine" ? 1 : want[key as keyof typeof want]),
          1e-12,
        );
        const h = referenceHistogram(ref.ys[l], 16, histogram.min[l], histogram.max[l]);
        expect([...got.hist!.counts]).toEqual([...h.counts]);
        expect([got.hist!.under, got.hist!.over]).toEqual([h.under, h.over]);
        const gh = referenceHistogram(ref.gys[l], 12, gradHistogram.min[l], gradHistogram.max[l]);
        expect([...got.gradHist!.counts]).toEqual([...gh.counts]);
        expect([got.gradHist!.under, got.gradHist!.over]).toEqual([gh.under, gh.over]);
        expect(got.gradHist!.counts.reduce((a, b) => a + b, 0) + gh.under + gh.over).toBe(s.batch * s.widths[l + 1]);
      }
      if (!s.qStd) expect(w.q.every((q) => q.every((x) => x === 1))).toBe(true);
      if (!s.biasStd) expect(w.bias.every((b) => b.every((x) => x === 0))).toBe(true);
    }
  });

  it("without reluOnOutput ∂loss/∂y_L = 1, so its mean square is exactly 1", async () => {
    const k = await kernels();
    const r = forwardBackward(k, { widths: [8, 8, 8], batch: 4, beta: 2, seed: 1 });
    expect(r.layers[1].gradOutputMeanSquare).toBe(1);
  });

  it("draw order: with inputs supplied, layer 1's weights are the stream's first d·n SGND draws", async () => {
    const k = await kernels();
    const [n, d] = [5, 7];
    const inputs = randomMatrix(3, n, 8);
    const r = forwardBackward(k, { widths: [n, d, 2], batch: 3, beta: 1.5, inputs, seed: 99, stream: 2, keepWeights: true });
    const first = varianceChunk(k, { d, n, beta: 1.5, count: 1, seed: 99, stream: 2, keepMatrices: true });
    expect([...r.weights!.W[0]]).toEqual([...first.matrices!]);
    expect([...r.weights!.inputs]).toEqual([...inputs]);
    const ref = referenceForwardBackward([n, d, 2], 3, inputs, r.weights!.W, r.weights!.q, r.weights!.bias);
    expect(maxScaledError([r.layers[1].variance], [ref.layers[1].variance], [ref.layers[1].variance])).toBeLessThanOrEqual(1e-12);
  });

  it("supplied inputs with a re-seeded stream reproduce the same network: chunks of one batch merge exactly", async () => {
    const k = await kernels();
    const widths = [6, 6, 6];
    const x = randomMatrix(10, 6, 4);
    const whole = forwardBackward(k, { widths, batch: 10, beta: 2, biasStd: 0.1, inputs: x, seed: 5 });
    const a = forwardBackward(k, { widths, batch: 4, beta: 2, biasStd: 0.1, inputs: x.slice(0, 24), seed: 5 });
    const b = forwardBackward(k, { widths, batch: 6, beta: 2, biasStd: 0.1, inputs: x.slice(24), seed: 5 });
    for (let l = 0; l < 2; l++) {
      const merged = (4 * a.layers[l].variance + 6 * b.layers[l].variance) / 10;
      expect(maxScaledError([merged], [whole.layers[l].variance], [whole.layers[l].variance])).toBeLessThanOrEqual(1e-12);
      expect(a.layers[l].weightMeanSquare).toBe(whole.layers[l].weightMeanSquare);
    }
  });

  it.each(builds)("records agree with the baseline build: bit-identical without FMA, 1e-12 relative with it (%s build)", async (build) => {
    const [base, other] = [await kernels("baseline"), await kernels(build)];
    const opts = { widths: [48, 40, 48, 40], batch: 33, beta: 2, biasStd: 0.2, seed: 8 };
    const a = forwardBackward(base, opts);
    const b = forwardBackward(other, opts);
    const keys = ["mean", "variance", "activationMeanSquare", "gradOutputMeanSquare", "gradInputMeanSquare", "weightMeanSquare"] as const;
    for (let l = 0; l < 3; l++) {
      for (const key of keys) {
        if (build === "relaxed") {
          // Fused multiply-adds change each product entry by ≤ ~2·K·eps of Σ|a·b|; the averages move far less than 1e-12 of their scale.
          const scale = key === "mean" ? Math.sqrt(a.layers[l].variance) : Math.abs(a.layers[l][key]);
          expect(Math.abs(b.layers[l][key] - a.layers[l][key])).toBeLessThanOrEqual(1e-12 * scale);
        } else {
          expect(b.layers[l][key]).toBe(a.layers[l][key]);
        }
      }
    }
  });
});

describe("SLL residual stack against a plain implementation on the same weights", () => {
  const stacks = [
    { width: 5, inner: 3, blocks: 3, batch: 4, beta: 2, biasStd: 0.5, qStd: 0.4 },
    { width: 17, inner: 65, blocks: 2, batch: 7, beta: 1 },
    { width: 1, inner: 1, blocks: 4, batch: 3, beta: Infinity },
    { width: 64, inner: 32, blocks: 3, batch: 40, beta: 1.5, biasStd: 0.1 },
    { width: 9, inner: 6, blocks: 3, batch: 5, beta: 2, biasStd: 0.2, init: "orthogonal" as const },
  ];

  it.each(builds)("every per-block statistic within 1e-12 relative, histograms exact (%s build)", async (build) => {
    const k = await kernels(build);
    for (const [i, s] of stacks.entries()) {
      const histogram = { bins: 12, min: -3, max: 3 };
      const r = residualStack(k, { ...s, seed: 17, stream: i, histogram, keepWeights: true });
      const w = r.weights!;
      const ref = referenceResidual(s.width, s.inner, s.batch, w.inputs, w.W, w.q, w.bias);
      expect(r.blocks.length).toBe(s.blocks);
      for (let j = 0; j < s.blocks; j++) {
        const want = ref.blocks[j];
        expect(r.blocks[j].block).toBe(j + 1);
        expectClose(
          r.blocks[j] as unknown as Record<string, number>,
          want,
          ["mean", "meanSquare", "preactivationMeanSquare", "branchMeanSquare", "unitVariance", "meanCosine"],
          (key) => (key === "mean" ? Math.sqrt(want.meanSquare) : key === "unitVariance" ? want.meanSquare : key === "meanCosine" ? 1 : want[key as keyof typeof want]),
          1e-12,
        );
        const h = referenceHistogram(ref.outputs[j], 12, -3, 3);
        expect([...r.blocks[j].hist!.counts]).toEqual([...h.counts]);
        expect([r.blocks[j].hist!.under, r.blocks[j].hist!.over]).toEqual([h.under, h.over]);
      }
    }
  });

  it("each block is 1-Lipschitz: the output mean square never exceeds the input's by more than rounding when b = 0", async () => {
    // h(0) = 0 without bias, so ‖h(x)‖ ≤ ‖x‖ for every sample; averages inherit it.
    const k = await kernels();
    const r = residualStack(k, { width: 32, inner: 16, blocks: 8, batch: 64, beta: 2, seed: 3 });
    let previous = r.input.meanSquare;
    for (const b of r.blocks) {
      expect(b.meanSquare).toBeLessThanOrEqual(previous * (1 + 1e-12));
      previous = b.meanSquare;
    }
  });

  it("draw order: with inputs supplied, block 1's P is the stream's first k·m SGND draws", async () => {
    const k = await kernels();
    const inputs = randomMatrix(2, 6, 1);
    const r = residualStack(k, { width: 6, inner: 4, blocks: 2, batch: 2, beta: 0.7, inputs, seed: 12, stream: 1, keepWeights: true });
    const first = varianceChunk(k, { d: 4, n: 6, beta: 0.7, count: 1, seed: 12, stream: 1, keepMatrices: true });
    expect([...r.weights!.W[0]]).toEqual([...first.matrices!]);
  });
});

describe("depth kernels: argument validation", () => {
  it("rejects bad widths, batch, inputs and histogram ranges with RangeErrors naming the parameter", async () => {
    const k = await kernels();
    const ok = { widths: [4, 4], batch: 2, beta: 2, seed: 1 };
    expect(() => forwardBackward(k, { ...ok, widths: [4] })).toThrow(/widths must be an array of at least 2 widths/);
    expect(() => forwardBackward(k, { ...ok, widths: [4, 0] })).toThrow(/widths\[1\] must be an integer >= 1, got 0/);
    expect(() => forwardBackward(k, { ...ok, batch: NaN })).toThrow(/batch must be an integer >= 1, got NaN/);
    expect(() => forwardBackward(k, { ...ok, biasStd: -1 })).toThrow(/biasStd must be a finite number >= 0/);
    expect(() => forwardBackward(k, { ...ok, inputs: new Float64Array(3) })).toThrow(/inputs must hold batch·widths\[0\] = 8 values, got 3/);
    expect(() => forwardBackward(k, { ...ok, histogram: { bins: 4, min: [0, 1], max: 2 } })).toThrow(/histogram.min must be a number or an array of 1 numbers/);
    expect(() => forwardBackward(k, { ...ok, batch: 1e9 })).toThrow(/batch = 1000000000 cannot fit in Wasm memory.*largest possible batch with the other sizes fixed is \d+/);
    expect(() => forwardBackward(k, { ...ok, widths: [4, 100_000, 100_000] })).toThrow(/widths\[1\] = 100000 cannot fit in Wasm memory.*largest possible widths\[1\]/);
    // A square stack names its common width (a largest width of 0, from changing one layer alone, would say nothing).
    const deep = new Array<number>(10_001).fill(3000);
    expect(() => forwardBackward(k, { ...ok, widths: deep })).toThrow(/^width \(every layer\) = 3000 cannot fit in Wasm memory \(it needs 670\.9 GiB; .*\); the largest possible width \(every layer\) with the other sizes fixed is [1-9]\d*$/);
    // A non-square stack names the first width that cannot fit with the ones before it: here the 20000² column Gram of layer 2 is 2.98 GiB in one block.
    // The largest widths[1] has its Gram (n² doubles) within one 1 GiB block, n ≤ √(2^27) ≈ 11585, and loses little to the other blocks.
    const message = (() => {
      try {
        forwardBackward(k, { ...ok, widths: [10, 20_000, 20_000, 10] });
      } catch (e) {
        return (e as Error).message;
      }
      return "";
    })();
    expect(message).toMatch(/^widths\[1\] = 20000 cannot fit in Wasm memory \(it needs a block of 2\.98 GiB; the Wasm allocator's largest block is 1 GiB\); the largest possible widths\[1\] with the other sizes fixed is \d+$/);
    const largest = Number(message.split(" ").at(-1));
    expect(largest).toBeLessThanOrEqual(Math.floor(Math.sqrt(2 ** 27)));
    expect(largest).toBeGreaterThan(11_500);
    const rok = { width: 4, inner: 2, blocks: 2, batch: 2, beta: 2, seed: 1 };
    expect(() => residualStack(k, { ...rok, inner: 0 })).toThrow(/inner must be an integer >= 1, got 0/);
    expect(() => residualStack(k, { ...rok, blocks: 2.5 })).toThrow(/blocks must be an integer >= 1/);
    expect(() => residualStack(k, { ...rok, beta: 0 })).toThrow(/beta must be a number > 0 or Infinity, got 0/);
    expect(() => residualStack(k, { ...rok, width: 200_000, inner: 100_000 })).toThrow(/inner = 100000 cannot fit in Wasm memory.*largest possible inner/);
  });
});
