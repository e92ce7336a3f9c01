import { describe, expect, it } from "vitest";
import { kernels } from "../helpers.js";
import { activationName, forwardBackward, parseActivation, residualStack } from "../../src/wasm/lipschitz.js";
import { orthogonalMatrix } from "../../src/wasm/orthogonal.js";
import { randomMatrix } from "./lipschitz-reference.js";

describe("the remedies in the depth kernels: orthogonal W and norm-preserving activations", () => {
  it("with init orthogonal and the inputs supplied, layer 1's raw W is the stream's first Haar matrix (draw order)", async () => {
    const k = await kernels();
    for (const [n, d] of [[5, 7], [7, 5]]) {
      const r = forwardBackward(k, { widths: [n, d, 3], batch: 2, beta: 2, init: "orthogonal", inputs: randomMatrix(2, n, 1), seed: 41, stream: 6, keepWeights: true });
      expect([...r.weights!.W[0]]).toEqual([...orthogonalMatrix(k, { d, n, seed: 41, stream: 6 })]);
    }
  });

  it.each(["maxmin", "abs", "groupsort:4", "groupsort:64"])("square orthogonal + %s without bias keeps every input's norm and every gradient's norm: each layer's E[y²] is the input's, each gradient mean square 1 (to 1e-12)", async (activation) => {
    // W̄ = W is orthogonal (t ≡ 1) and the activation permutes (and flips) coordinates of each row,
    // so ‖y_ℓ‖ = ‖x_0‖ per input and the backward Jacobians are orthogonal: identities, not statistics.
    const k = await kernels();
    const r = forwardBackward(k, { widths: new Array(31).fill(64), batch: 32, beta: 2, init: "orthogonal", activation, seed: 3 });
    for (const l of r.layers) {
      expect(Math.abs(l.variance / r.input.meanSquare - 1)).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(l.activationMeanSquare / r.input.meanSquare - 1)).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(l.gradInputMeanSquare - 1)).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(l.weightMeanSquare * 64 - 1)).toBeLessThanOrEqual(1e-12);
    }
  });

  it("SLL residual blocks with orthogonal P (inner ≤ width) and no bias keep every input's norm exactly", async () => {
    // PPᵀ = I gives s ≡ 1 and h(x) = (I − PᵀP)x − Pᵀ|Px|, whose two parts are orthogonal: ‖h(x)‖ = ‖x‖.
    const k = await kernels();
    for (const inner of [16, 9]) {
      const r = residualStack(k, { width: 16, inner, blocks: 20, batch: 8, beta: 2, init: "orthogonal", seed: 12 });
      for (const b of r.blocks) expect(Math.abs(b.meanSquare / r.input.meanSquare - 1)).toBeLessThanOrEqual(1e-12);
    }
    // With more inner units than the width (PᵀP = I, PPᵀ a projection) the rescaling is active and the norm falls.
    const wide = residualStack(k, { width: 8, inner: 16, blocks: 5, batch: 8, beta: 2, init: "orthogonal", seed: 12 });
    expect(wide.blocks[4].meanSquare).toBeLessThan(wide.input.meanSquare * 0.999);
  });

  it("parses the activation names (case-insensitive) and refuses anything else with the accepted values", () => {
    expect(parseActivation(undefined)).toEqual({ kind: "relu" });
    expect(parseActivation("MaxMin")).toEqual({ kind: "groupsort", group: 2 });
    expect(parseActivation("groupsort:8")).toEqual({ kind: "groupsort", group: 8 });
    expect(parseActivation({ kind: "abs" })).toEqual({ kind: "abs" });
    expect(activationName(parseActivation("groupsort:2"))).toBe("maxmin");
    expect(activationName(parseActivation("groupsort:16"))).toBe("groupsort:16");
    for (const bad of ["gelu", "groupsort", "groupsort:1", "groupsort:257", "maxmin:2", "relu:3", 5, { kind: "groupsort", group: 2.5 }]) {
      expect(() => parseActivation(bad)).toThrow(/^activation must be relu, abs, maxmin or groupsort:K with K an integer from 2 to 256, got /);
    }
  });

  it("refuses an unknown init", async () => {
    const k = await kernels();
    expect(() => forwardBackward(k, { widths: [2, 2], batch: 1, beta: 2, seed: 1, init: "identity" as never })).toThrow(/^init must be "iid", "orthogonal" or "identity:E" \(E the noise std, a finite number >= 0, e.g. identity:0.01\), got identity$/);
  });
});
