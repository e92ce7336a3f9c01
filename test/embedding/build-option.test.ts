import { describe, expect, it } from "vitest";
import { runDecay, runWeightVariance } from "../../src/index.js";

const withoutRun = <T extends { run: unknown }>(r: T) => ({ ...r, run: undefined });

describe("experiment option build: force one Wasm build on every worker", () => {
  const config = { transform: "aol" as const, d: 8, n: 8, dist: "laplace" as const, samples: 3 * 512, chunkSize: 512, seed: 11 };

  it("every worker runs the forced build; 1 and 2 workers agree bit for bit", async () => {
    const one = await runWeightVariance({ ...config, workers: 1 }, { build: "baseline" });
    const two = await runWeightVariance({ ...config, workers: 2 }, { build: "baseline" });
    expect(one.run.build).toBe("baseline");
    expect(two.run.build).toBe("baseline");
    expect(withoutRun(two)).toEqual(withoutRun(one));
    const decay = await runDecay({ depth: 2, width: 8, batch: 16, replicates: 2, seed: 3, workers: 2 }, { build: "simd" });
    expect(decay.run.build).toBe("simd");
  });

  it("refuses an unknown build with a RangeError naming the accepted ones", async () => {
    await expect(runWeightVariance(config, { build: "fast" as never })).rejects.toThrow(/build must be one of auto, baseline, simd, relaxed, debug; got 'fast'/);
  });
});
