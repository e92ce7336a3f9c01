import { describe, expect, it } from "vitest";
import { kernels } from "../helpers.js";
import { forwardBackward, residualStack } from "../../src/wasm/lipschitz.js";
import { maxScaledError, randomMatrix, referenceForwardBackward, referenceResidual } from "./lipschitz-reference.js";

/**
 * Moments of a zero-mean sample about 0 (the bias's mean is known to be 0):
 * m2 = mean x², kurtosis κ = m4/m2², with delta-method standard errors from
 * the sample's own moments up to the eighth:
 *   SE²(m2) = (m4 − m2²)/n,
 *   SE²(κ)  = [g2²(m4 − m2²) + g4²(m8 − m4²) + 2 g2 g4 (m6 − m2 m4)]/n,
 *   g2 = ∂κ/∂m2 = −2 m4/m2³, g4 = ∂κ/∂m4 = 1/m2².
 */
function momentsWithSe(x: Float64Array) {
  let s2 = 0, s4 = 0, s6 = 0, s8 = 0;
  for (const v of x) {
    const v2 = v * v;
    s2 += v2;
    s4 += v2 * v2;
    s6 += v2 * v2 * v2;
    s8 += v2 * v2 * v2 * v2;
  }
  const n = x.length;
  const [m2, m4, m6, m8] = [s2 / n, s4 / n, s6 / n, s8 / n];
  const kurtosis = m4 / (m2 * m2);
  const g2 = (-2 * m4) / (m2 * m2 * m2);
  const g4 = 1 / (m2 * m2);
  const kurtosisVar = g2 * g2 * (m4 - m2 * m2) + g4 * g4 * (m8 - m4 * m4) + 2 * g2 * g4 * (m6 - m2 * m4);
  return { n, variance: m2, varianceSe: Math.sqrt((m4 - m2 * m2) / n), kurtosis, kurtosisSe: Math.sqrt(kurtosisVar / n) };
}

function concat(parts: Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** 4 streams × one layer [1 → 50 000]: 200 000 decay-stack biases (n = 1 keeps W and its Gram tiny). */
async function decayBiases(biasStd: number, biasBeta: number): Promise<Float64Array> {
  const k = await kernels();
  const parts: Float64Array[] = [];
  for (let stream = 0; stream < 4; stream++) {
    const r = forwardBackward(k, { widths: [1, 50_000], batch: 1, beta: 2, biasStd, biasBeta, seed: 2024, stream, keepWeights: true });
    parts.push(...r.weights!.bias);
  }
  return concat(parts);
}

/** 200 blocks of 500 inner units: 100 000 residual-stack biases. */
async function residualBiases(biasStd: number, biasBeta: number): Promise<Float64Array> {
  const k = await kernels();
  const r = residualStack(k, { width: 1, inner: 500, blocks: 200, batch: 1, beta: 2, biasStd, biasBeta, seed: 77, keepWeights: true });
  return concat(r.weights!.bias);
}

// SGND kurtosis Γ(5/β)Γ(1/β)/Γ(3/β)²: Laplace 6, uniform 9/5, β = 3 2.41839915231229 (scipy.special.gamma).
const shapes = [
  { name: "Laplace", biasBeta: 1, kurtosis: 6 },
  { name: "uniform", biasBeta: Infinity, kurtosis: 1.8 },
  { name: "SGND(3)", biasBeta: 3, kurtosis: 2.4183991523122907 },
];

describe("bias distribution of the depth kernels (biasBeta)", () => {
  for (const [kind, draw] of [["decay", decayBiases], ["residual", residualBiases]] as const) {
    it.each(shapes)(`${kind}: $name bias has variance biasStd² and the SGND kurtosis (each within 4 SE)`, async ({ biasBeta, kurtosis }) => {
      const biasStd = 0.7;
      const b = await draw(biasStd, biasBeta);
      const m = momentsWithSe(b);
      // 4 delta-method SEs from the sample's own moments (see momentsWithSe); n = 100 000 or 200 000.
      expect(Math.abs(m.variance - biasStd * biasStd)).toBeLessThan(4 * m.varianceSe);
      expect(Math.abs(m.kurtosis - kurtosis)).toBeLessThan(4 * m.kurtosisSe);
      if (biasBeta === Infinity) {
        // Uniform on (−√3σ_b, √3σ_b); a small allowance for the rounding of α = √3·σ_b.
        const bound = Math.sqrt(3) * biasStd * (1 + 1e-15);
        expect(b.every((x) => Math.abs(x) <= bound)).toBe(true);
        // ... and fills it: the largest |b| of 200 000 is within 1e-3 of the bound (P(miss) ≈ e^{−200}).
        expect(b.reduce((a, x) => Math.max(a, Math.abs(x)), 0)).toBeGreaterThan(bound * (1 - 1e-3));
      }
    }, 60000);
  }

  it("biasBeta 2 given explicitly gives bit-identical results to the default normal bias", async () => {
    const k = await kernels();
    const opts = { widths: [12, 20, 9, 14], batch: 7, beta: 1.5, biasStd: 0.4, qStd: 0.3, seed: 61, keepWeights: true };
    expect(forwardBackward(k, { ...opts, biasBeta: 2 })).toEqual(forwardBackward(k, opts));
    const ropts = { width: 10, inner: 6, blocks: 3, batch: 5, beta: 2, biasStd: 0.3, seed: 62, keepWeights: true };
    expect(residualStack(k, { ...ropts, biasBeta: 2 })).toEqual(residualStack(k, ropts));
  });

  it("non-normal biases enter the forward pass like normal ones: statistics match the plain reference on the drawn weights", async () => {
    const k = await kernels();
    for (const biasBeta of [1, Infinity, 0.6]) {
      const widths = [5, 8, 6];
      const r = forwardBackward(k, { widths, batch: 4, beta: 2, biasStd: 0.5, biasBeta, seed: 3, keepWeights: true });
      const w = r.weights!;
      const ref = referenceForwardBackward(widths, 4, w.inputs, w.W, w.q, w.bias);
      for (let l = 0; l < 2; l++) {
        expect(maxScaledError([r.layers[l].variance], [ref.layers[l].variance], [ref.layers[l].variance])).toBeLessThanOrEqual(1e-12);
      }
      // The weights are drawn before the bias in each layer, so layer 1's W does not depend on the bias shape.
      const normal = forwardBackward(k, { widths, batch: 4, beta: 2, biasStd: 0.5, seed: 3, keepWeights: true });
      expect([...w.W[0]]).toEqual([...normal.weights!.W[0]]);
      expect([...w.bias[0]]).not.toEqual([...normal.weights!.bias[0]]);

      const inputs = randomMatrix(3, 4, 9);
      const rr = residualStack(k, { width: 4, inner: 3, blocks: 2, batch: 3, beta: 2, biasStd: 0.5, biasBeta, inputs, seed: 4, keepWeights: true });
      const rw = rr.weights!;
      const rref = referenceResidual(4, 3, 3, rw.inputs, rw.W, rw.q, rw.bias);
      for (let j = 0; j < 2; j++) {
        expect(maxScaledError([rr.blocks[j].meanSquare], [rref.blocks[j].meanSquare], [rref.blocks[j].meanSquare])).toBeLessThanOrEqual(1e-12);
      }
    }
  });

  it("rejects a bad biasBeta with a RangeError naming it and its range", async () => {
    const k = await kernels();
    const ok = { widths: [4, 4], batch: 2, beta: 2, biasStd: 0.5, seed: 1 };
    for (const bad of [0, -1, NaN]) {
      expect(() => forwardBackward(k, { ...ok, biasBeta: bad })).toThrow(new RegExp(`^biasBeta must be a number > 0 or Infinity, got ${bad}$`));
      expect(() => residualStack(k, { width: 4, inner: 2, blocks: 1, batch: 2, beta: 2, biasStd: 0.5, biasBeta: bad, seed: 1 })).toThrow(/^biasBeta must be a number > 0 or Infinity/);
    }
    // A shape so extreme that the bias scale underflows is named too.
    expect(() => forwardBackward(k, { ...ok, biasBeta: 1e-4 })).toThrow(/^biasStd = 0.5 with biasBeta = 0.0001 gives the bias scale alpha = 0/);
  });
});
