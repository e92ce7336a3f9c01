/**
 * The kernels of `lipvar check --weights` (assembly/weights-check.ts through
 * src/wasm/weights-check.ts): operator norms and Perron roots of |Gram|
 * against numpy's SVD and eigvals on the fixture files (test/fixtures/
 * weights.json), unit norms against a plain computation, and the forward
 * pass against its exact expectation at a fixed seed.
 */
import { describe, expect, it } from "vitest";
import { fixture, kernels } from "../helpers.js";
import { buildStack, readWeightsFile, type WeightsPlan } from "../../src/check/weights/index.js";
import { givenForward, spectralChecks } from "../../src/wasm/weights-check.js";

const F = new URL("../fixtures/weights/", import.meta.url).pathname;
const facts = fixture("weights");
const plan: WeightsPlan = { name: "t", layers: null, common: { gram: "column", weightsAre: "rescaled", beta: null, std: null, activation: "relu", layout: "out-in" } };
const stackOf = async (name: string) => buildStack([{ file: name, arrays: await readWeightsFile(`${F}${name}`) }], plan);

describe("spectralChecks", () => {
  it("operator norms match numpy's SVD to 1e-9 relative (float32 3-D file, one layer Fortran-ordered)", async () => {
    const k = await kernels();
    const s = await stackOf("aol_rescaled.npz");
    s.layers.forEach((l, i) =>
      l.weights.forEach((w, r) => {
        const got = spectralChecks(k, w, l.d, l.n, "column", { seed: 1, stream: r });
        expect(Math.abs(got.operatorNorm / facts.aol_rescaled.opnorm[i][r] - 1)).toBeLessThan(1e-9);
        // Collatz–Wielandt bracket around numpy's Perron root of |W̄ᵀW̄| (1 for a column-rescaled W̄).
        const rho = facts.aol_rescaled.perronColumn[i][r];
        expect(got.perronLower).toBeLessThanOrEqual(rho + 1e-12);
        expect(got.perronUpper).toBeGreaterThanOrEqual(rho - 1e-12);
        expect(got.perronUpper - got.perronLower).toBeLessThan(1e-12);
        expect(Math.abs(rho - 1)).toBeLessThan(1e-5);
      }),
    );
    for (const [name, key] of [
      ["unrescaled.npz", "unrescaled"],
      ["opnorm13.npz", "opnorm13"],
    ] as const) {
      const st = await stackOf(name);
      const l = st.layers.at(-1)!;
      l.weights.forEach((w, r) => expect(Math.abs(spectralChecks(k, w, l.d, l.n, "column", { seed: 2, stream: r }).operatorNorm / facts[key].opnorm[r] - 1)).toBeLessThan(1e-9));
    }
  });

  it("Perron roots of both Grams match numpy's eigvals for a row-rescaled matrix", async () => {
    const k = await kernels();
    const l = (await stackOf("rowgram_as_column.npz")).layers[0];
    l.weights.forEach((w, r) => {
      const col = spectralChecks(k, w, l.d, l.n, "column", { seed: 1 });
      const row = spectralChecks(k, w, l.d, l.n, "row", { seed: 1 });
      expect(Math.abs((col.perronLower + col.perronUpper) / 2 - facts.rowgram_as_column.perronColumn[r])).toBeLessThan(1e-10);
      expect(Math.abs((row.perronLower + row.perronUpper) / 2 - facts.rowgram_as_column.perronRow[r])).toBeLessThan(1e-10);
      expect(Math.abs(facts.rowgram_as_column.perronRow[r] - 1)).toBeLessThan(1e-5);
    });
  });

  it("unit norms: the largest and mean squared column (or row) norm", async () => {
    const k = await kernels();
    const d = 3;
    const n = 2;
    const w = Float64Array.from([1, 2, 0, -1, 2, 0]); // columns (1, 0, 2) and (2, −1, 0); rows (1, 2), (0, −1), (2, 0)
    const col = spectralChecks(k, w, d, n, "column", { seed: 1 });
    expect([col.maxUnitSquaredNorm, col.meanUnitSquaredNorm, col.zeroUnits]).toEqual([5, 5, 0]);
    const row = spectralChecks(k, w, d, n, "row", { seed: 1 });
    expect([row.maxUnitSquaredNorm, row.meanUnitSquaredNorm, row.zeroUnits]).toEqual([5, 10 / 3, 0]);
    // ‖W‖₂² is the largest eigenvalue of WᵀW = [[5, 2], [2, 5]]: 7.
    expect(col.operatorNorm).toBeCloseTo(Math.sqrt(7), 12);
    expect(row.operatorNorm).toBeCloseTo(Math.sqrt(7), 12);
    // A zero column is its own block: left out of the bracket, counted.
    const z = spectralChecks(k, Float64Array.from([1, 0, 2, 0]), 2, 2, "column", { seed: 1 });
    expect(z.zeroUnits).toBe(1);
    expect([z.perronLower, z.perronUpper]).toEqual([5, 5]);
  });

  it("refuses wrong sizes", async () => {
    const k = await kernels();
    expect(() => spectralChecks(k, new Float64Array(5), 2, 3, "column", { seed: 1 })).toThrow(/w must hold d·n = 6 values, got 5/);
    expect(() => spectralChecks(k, new Float64Array(6), 0, 3, "column", { seed: 1 })).toThrow(/d must be an integer >= 1, got 0/);
  });
});

describe("givenForward", () => {
  const d = 24;
  const n = 16;
  const w = Float64Array.from({ length: d * n }, (_, i) => Math.sin(i * 1.37) / 4);
  const b = Float64Array.from({ length: d }, (_, i) => Math.cos(i) / 10);

  it("one linear layer: mean y² within 4 SE of ‖W‖_F²/d + mean b² (SE² = 2‖WWᵀ‖_F²/(d²N))", async () => {
    const k = await kernels();
    const N = 4000;
    const [y2] = givenForward(k, { widths: [n, d], weights: [w], biases: [b], relu: [false], batch: N, seed: 5 });
    let fro = 0;
    for (const x of w) fro += x * x;
    let ww = 0;
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++) {
        let s = 0;
        for (let c = 0; c < n; c++) s += w[i * n + c] * w[j * n + c];
        ww += s * s;
      }
    const expected = fro / d + b.reduce((a, x) => a + x * x, 0) / d;
    const se = Math.sqrt((2 * ww) / (d * d * N));
    expect(Math.abs(y2 - expected) / se).toBeLessThan(4);
  });

  it("ReLU then the identity: E[ReLU(x)²] = 1/2 within 4 SE (per entry variance 5/4)", async () => {
    const k = await kernels();
    const m = 8;
    const eye = new Float64Array(m * m);
    for (let i = 0; i < m; i++) eye[i * m + i] = 1;
    const N = 5000;
    const [y1, y2] = givenForward(k, { widths: [m, m, m], weights: [eye, eye], biases: [new Float64Array(m), new Float64Array(m)], relu: [true, true], batch: N, seed: 3 });
    expect(Math.abs(y1 - 1) / Math.sqrt(2 / (N * m))).toBeLessThan(4);
    expect(Math.abs(y2 - 0.5) / Math.sqrt(1.25 / (N * m))).toBeLessThan(4);
  });

  it("is reproducible from the seed and stream", async () => {
    const k = await kernels();
    const input = { widths: [n, d], weights: [w], biases: [b], relu: [true], batch: 64, seed: 9 };
    expect(givenForward(k, input)).toEqual(givenForward(k, input));
    expect(givenForward(k, { ...input, stream: 1 })).not.toEqual(givenForward(k, input));
    expect(() => givenForward(k, { ...input, weights: [new Float64Array(3)] })).toThrow(/weights\[0\] must hold 24·16 values, got 3/);
  });
});
