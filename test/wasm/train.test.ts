/**
 * The Wasm trainer (assembly/train.ts through src/wasm/train.ts):
 *  - loss, gradient, and one to three Adam steps against an independent numpy
 *    implementation (test/fixtures/train.json from
 *    scripts/fixtures/fixtures_train.py), to 1e-10 relative, for every
 *    activation (none, ReLU, abs, MaxMin, GroupSort:3/4/6) and exact ties;
 *  - the gradient against central finite differences of the Wasm loss;
 *  - the shuffle is a permutation and reproducible from the stream;
 *  - every build gives the same numbers (the relaxed build within rounding).
 */
import { describe, expect, it } from "vitest";
import { fixture, kernels } from "../helpers.js";
import { WasmDataset, WasmTrainer, type TrainActivation, type TrainLayerSpec } from "../../src/wasm/train.js";
import type { Kernels } from "../../src/wasm/kernels.js";
import { runnableBuilds } from "./lipschitz-reference.js";

interface Case {
  name: string;
  widths: number[];
  kinds: ("sll" | "plain")[];
  activations: TrainActivation[];
  /** The parameters sit on a kink (exact ties): no finite-difference check. */
  kink: boolean;
  bias: boolean;
  trainQ: boolean;
  hooks: number[] | null;
  lr: number;
  steps: number;
  params: number[];
  x: number[];
  labels: number[];
  loss: number;
  grad: number[];
  stats: { yMeanSquare: number[]; gradMeanSquare: number[]; weightGradMeanSquare: number[] };
  stepLosses: number[];
  after: number[];
  adamFirst: number[];
  adamSecond: number[];
}
const cases = fixture<{ cases: Case[] }>("train").cases;

function specs(c: Case): TrainLayerSpec[] {
  return c.kinds.map((kind, i) => ({ fanIn: c.widths[i], fanOut: c.widths[i + 1], kind, activation: c.activations[i] }));
}

/** Largest |a−b| / max(|b|, floor) over the entries: relative error with a floor for entries near 0. */
function maxRelative(a: ArrayLike<number>, b: ArrayLike<number>, floor: number): number {
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), floor));
  return worst;
}

function setUp(k: Kernels, c: Case) {
  const trainer = new WasmTrainer(k, specs(c), c.labels.length, { bias: c.bias, trainQ: c.trainQ });
  trainer.setParams(c.params);
  if (c.hooks) trainer.setHooks(c.hooks);
  const data = new WasmDataset(k, Float64Array.from(c.x), Int32Array.from(c.labels), c.widths[0]);
  const idx = data.indices(c.labels.map((_, i) => i));
  return { trainer, data, idx };
}

const adamOf = (c: Case) => ({ lr: c.lr, beta1: 0.9, beta2: 0.999, eps: 1e-8 });

describe("trainer against the numpy reference", () => {
  for (const c of cases) {
    it(`${c.name}: loss and gradient to 1e-10 relative`, async () => {
      const k = await kernels();
      const { trainer, data, idx } = setUp(k, c);
      const loss = trainer.gradient(data, idx, 0, c.labels.length);
      expect(Math.abs(loss - c.loss) / Math.abs(c.loss)).toBeLessThan(1e-10);
      // Gradient entries: relative to max(|g|, 1e-10·max|g|) so exact zeros (fixed q, no bias) compare absolutely.
      const scale = Math.max(...c.grad.map(Math.abs));
      expect(maxRelative(trainer.getGrads(), c.grad, 1e-10 * scale)).toBeLessThan(1e-10);
      trainer.dispose();
      data.free();
      idx.free();
    });

    it(`${c.name}: per-layer statistics (E[y²], E[(∂y)²], E[(∂W)²]) over one batch to 1e-10 relative`, async () => {
      const k = await kernels();
      const { trainer, data, idx } = setUp(k, c);
      const stats = trainer.statistics(data, idx);
      for (const key of ["yMeanSquare", "gradMeanSquare", "weightGradMeanSquare"] as const) {
        expect(maxRelative(stats.map((s) => s[key]), c.stats[key], 0)).toBeLessThan(1e-10);
      }
      trainer.dispose();
      data.free();
      idx.free();
    });

    it(`${c.name}: ${c.steps} Adam step(s) to 1e-10 relative`, async () => {
      const k = await kernels();
      const { trainer, data, idx } = setUp(k, c);
      const losses = [];
      for (let s = 0; s < c.steps; s++) losses.push(trainer.step(data, idx, 0, c.labels.length, adamOf(c)));
      expect(maxRelative(losses, c.stepLosses, 0)).toBeLessThan(1e-10);
      expect(maxRelative(trainer.getParams(), c.after, 1e-10)).toBeLessThan(1e-10);
      const { first, second } = trainer.getAdamMoments();
      const s1 = Math.max(...c.adamFirst.map(Math.abs));
      const s2 = Math.max(...c.adamSecond.map(Math.abs));
      expect(maxRelative(first, c.adamFirst, 1e-10 * s1)).toBeLessThan(1e-10);
      expect(maxRelative(second, c.adamSecond, 1e-10 * s2)).toBeLessThan(1e-10);
      trainer.dispose();
      data.free();
      idx.free();
    });
  }
});

describe("trainer gradient against finite differences", () => {
  // Central differences with step h: error O(h²·f''') + O(ε/h); h = 1e-6 on
  // O(1) parameters gives ~1e-9 absolute. Parameters within 1e-4 of a kink
  // (a ReLU input or a Gram entry at 0) are not expected here: the inputs are
  // random and the check below asserts the tolerance on every entry.
  for (const c of cases.filter((c) => !c.hooks && !c.kink)) {
    it(`${c.name}`, async () => {
      const k = await kernels();
      const { trainer, data, idx } = setUp(k, c);
      const rows = c.labels.length;
      trainer.gradient(data, idx, 0, rows);
      const grad = trainer.getGrads();
      const p = Float64Array.from(c.params);
      const h = 1e-6;
      let worst = 0;
      const scale = Math.max(...Array.from(grad, Math.abs));
      for (let i = 0; i < p.length; i++) {
        const base = p[i];
        p[i] = base + h;
        trainer.setParams(p);
        const up = trainer.gradient(data, idx, 0, rows);
        p[i] = base - h;
        trainer.setParams(p);
        const down = trainer.gradient(data, idx, 0, rows);
        p[i] = base;
        // Fixed q: the kernel reports ∂θ = 0 by design (θ is not trained), so skip θ there.
        const slice = trainer.slices.find((s) => s.theta && i >= s.theta[0] && i < s.theta[1]);
        if (!c.trainQ && slice) continue;
        if (!c.bias && trainer.slices.some((s) => i >= s.bias[0] && i < s.bias[1])) continue;
        const fd = (up - down) / (2 * h);
        worst = Math.max(worst, Math.abs(fd - grad[i]) / Math.max(Math.abs(grad[i]), 1e-3 * scale));
      }
      // Relative to the entry, floored at 1e-3 of the largest entry (FD noise ~1e-9/2e-6).
      expect(worst).toBeLessThan(1e-5);
      trainer.dispose();
      data.free();
      idx.free();
    });
  }
});

describe("trainer data handling", () => {
  it("shuffle is a permutation, reproducible from the stream, and differs between streams", async () => {
    const k = await kernels();
    const c = cases[0];
    const { trainer, data, idx } = setUp(k, c);
    const big = data.indices(Array.from({ length: 8 }, (_, i) => i % c.labels.length));
    const order = (stream: number) => {
      const ix = data.indices(Array.from({ length: c.labels.length }, (_, i) => i));
      k.seed({ seed: 7n, stream });
      trainer.shuffle(ix);
      const v = Array.from(ix.view);
      ix.free();
      return v;
    };
    const a = order(3);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: c.labels.length }, (_, i) => i));
    expect(order(3)).toEqual(a);
    expect(order(4)).not.toEqual(a);
    big.free();
    trainer.dispose();
    data.free();
    idx.free();
  });

  it("an epoch in batches equals the steps it is made of; evaluate counts correct rows", async () => {
    const k = await kernels();
    const c = cases[1];
    const specsOf = specs(c);
    const run = (useEpoch: boolean) => {
      const trainer = new WasmTrainer(k, specsOf, 3, { bias: true, trainQ: true });
      trainer.setParams(c.params);
      const data = new WasmDataset(k, Float64Array.from(c.x), Int32Array.from(c.labels), c.widths[0]);
      const idx = data.indices([7, 1, 3, 0, 5, 2, 6, 4]);
      const adam = adamOf(c);
      let loss: number;
      if (useEpoch) loss = trainer.epoch(data, idx, adam);
      else loss = (trainer.step(data, idx, 0, 3, adam) + trainer.step(data, idx, 3, 3, adam) + trainer.step(data, idx, 6, 2, adam)) / 3;
      const ev = trainer.evaluate(data, idx);
      const out = { loss, params: trainer.getParams(), ev };
      trainer.dispose();
      data.free();
      idx.free();
      return out;
    };
    const a = run(true);
    const b = run(false);
    expect(a.loss).toBe(b.loss);
    expect(Array.from(a.params)).toEqual(Array.from(b.params));
    expect(a.ev.accuracy * 8).toBe(Math.round(a.ev.accuracy * 8));
    expect(a.ev.loss).toBeGreaterThan(0);
  });

  it("a replaced network refuses further use; bad shapes are RangeErrors naming the field", async () => {
    const k = await kernels();
    const c = cases[0];
    const first = new WasmTrainer(k, specs(c), 4, { bias: true, trainQ: true });
    const second = new WasmTrainer(k, specs(c), 4, { bias: true, trainQ: true });
    expect(() => first.getParams()).toThrow(/replaced/);
    second.dispose();
    expect(() => new WasmTrainer(k, [{ fanIn: 3, fanOut: 2, kind: "sll", activation: "relu" }, { fanIn: 4, fanOut: 2, kind: "plain", activation: "none" }], 4, { bias: true, trainQ: true })).toThrow(/layers\[1\]\.fanIn/);
    expect(() => new WasmTrainer(k, [{ fanIn: 0, fanOut: 2, kind: "sll", activation: "relu" }], 4, { bias: true, trainQ: true })).toThrow(RangeError);
    expect(() => new WasmTrainer(k, [{ fanIn: 3, fanOut: 6, kind: "plain", activation: "groupsort:4" }], 4, { bias: true, trainQ: true })).toThrow(/layers\[0\]\.activation groupsort:4 needs a fan-out divisible by 4, got 6/);
    expect(() => new WasmTrainer(k, [{ fanIn: 3, fanOut: 6, kind: "plain", activation: "groupsort:1" as never }], 4, { bias: true, trainQ: true })).toThrow(/layers\[0\]\.activation must be none, relu, abs, maxmin or groupsort:K/);
    expect(() => new WasmTrainer(k, specs(c), 0, { bias: true, trainQ: true })).toThrow(/batch/);
  });
});

describe("trainer across builds", () => {
  // The relaxed build runs only where the engine has relaxed SIMD (Node 22+; not Node 20).
  const builds = runnableBuilds();
  it(`${builds.join(", ")}: baseline and SIMD agree exactly; relaxed (FMA) within 1e-12 relative`, async () => {
    const c = cases[2];
    const results: Record<string, Float64Array> = {};
    for (const build of builds) {
      const k = await kernels(build);
      const { trainer, data, idx } = setUp(k, c);
      for (let s = 0; s < 3; s++) trainer.step(data, idx, 0, c.labels.length, adamOf(c));
      results[build] = trainer.getParams();
      trainer.dispose();
      data.free();
      idx.free();
    }
    expect(Array.from(results.simd)).toEqual(Array.from(results.baseline));
    if (results.relaxed) expect(maxRelative(results.relaxed, results.baseline, 1e-6)).toBeLessThan(1e-12);
  });
});
