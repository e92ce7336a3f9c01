import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { fixture } from "../helpers.js";
import { sampleSgnd } from "../../src/index.js";
import { createKernels } from "../../src/wasm/index.js";

// The README's "The Wasm module" example, run as a user would run it.
describe("examples/raw-module.mjs (the raw module through @assemblyscript/loader)", () => {
  const run = () => JSON.parse(execFileSync(process.execPath, ["examples/raw-module.mjs"], { encoding: "utf8" }));

  it("draws the reference xoshiro256** outputs, lipvar's SGND draws, and the exact Gram matrix", async () => {
    const { u64, sgnd, gram } = run();
    // Reference outputs from the C code (test/fixtures/rng.json), seed 42, stream 0.
    const ref = fixture("rng").streams.find((s: { seed: string; stream: number }) => s.seed === "42" && s.stream === 0);
    expect(u64).toEqual(ref.outputs.slice(0, 4));
    // The library's own wrapper, on the same build, gives the same draws.
    const k = await createKernels({ build: "baseline" });
    const viaLibrary = sampleSgnd(k, { alpha: 1, beta: 1.5, count: 4, seed: 42 });
    expect(sgnd).toEqual([...viaLibrary]);
    // WᵀW of [[1,2,3],[4,5,6]] by hand: exact in doubles.
    const W = [[1, 2, 3], [4, 5, 6]];
    const expected = [0, 1, 2].flatMap((i) => [0, 1, 2].map((j) => W[0][i] * W[0][j] + W[1][i] * W[1][j]));
    expect(gram).toEqual(expected);
  });
});
