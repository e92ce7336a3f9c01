import { describe, expect, it } from "vitest";
import { detectFeatures } from "../../src/wasm/index.js";
import { fixture, kernels } from "../helpers.js";

const ref = fixture("rng");
// The relaxed-SIMD build holds fused multiply-add instructions that Node 20 only
// runs behind a flag: test every build this engine runs (all three on Node >= 22).
const builds = detectFeatures().relaxedSimd ? (["baseline", "simd", "relaxed"] as const) : (["baseline", "simd"] as const);

describe("xoshiro256** and SplitMix64 against the reference algorithms", () => {
  it.each(builds)("published vector for state {1,2,3,4} (%s build)", async (build) => {
    const k = await kernels(build);
    k.setState([1n, 2n, 3n, 4n]);
    expect([...k.nextU64s(10)].map(String)).toEqual(ref.xoshiro_state_1234);
  });

  it("SplitMix64 outputs from seed 1234567", async () => {
    const k = await kernels();
    expect([...k.splitmix64(BigInt(ref.splitmix64.seed), 5)].map(String)).toEqual(ref.splitmix64.outputs);
  });

  it.each(ref.streams as { seed: string; stream: number; outputs: string[] }[])(
    "stream $stream of seed $seed (SplitMix64 seeding, then jumps)",
    async ({ seed, stream, outputs }) => {
      const k = await kernels();
      k.seed({ seed: BigInt(seed), stream });
      expect([...k.nextU64s(outputs.length)].map(String)).toEqual(outputs);
    },
  );

  it.each(builds)("state reads and jumps part-way through the generator's blocks of draws (%s build)", async (build) => {
    const k = await kernels(build);
    for (const c of ref.mid_block as { draws: number; last: string; state: string[]; after_jump: string[] }[]) {
      k.setState([1n, 2n, 3n, 4n]);
      const head = k.nextU64s(c.draws);
      expect(String(head[c.draws - 1])).toBe(c.last);
      expect(k.getState().map(String)).toEqual(c.state);
      // A second read must not move the stream either.
      expect(k.getState().map(String)).toEqual(c.state);
      k.raw.rngJump();
      expect([...k.nextU64s(c.after_jump.length)].map(String)).toEqual(c.after_jump);
    }
  });

  it("moving forward across streams of one seed gives the same state as seeding directly", async () => {
    const k = await kernels();
    k.seed({ seed: 42, stream: 1 });
    k.nextU64s(5); // drawing must not disturb the start of later streams
    k.seed({ seed: 42, stream: 3 });
    const forward = k.getState();
    k.seed({ seed: 7, stream: 0 });
    k.seed({ seed: 42, stream: 3 });
    expect(k.getState()).toEqual(forward);
    const expected = (ref.streams as { seed: string; stream: number; outputs: string[] }[]).find((s) => s.seed === "42" && s.stream === 3)!;
    expect(String(k.nextU64s(1)[0])).toEqual(expected.outputs[0]);
  });
});

describe("reproducibility and independence", () => {
  it("same seed and stream give the same bytes in every build", async () => {
    const draws = await Promise.all(
      builds.map(async (b) => {
        const k = await kernels(b);
        k.seed({ seed: 2024, stream: 5 });
        return Buffer.from(k.uniforms(1000).buffer).toString("hex");
      }),
    );
    expect(new Set(draws).size).toBe(1);
  });

  it("uniforms lie in [0, 1) with mean 1/2 and variance 1/12", async () => {
    const k = await kernels();
    k.seed({ seed: 1, stream: 0 });
    const n = 200_000;
    const u = k.uniforms(n);
    let s = 0, s2 = 0, min = 1, max = 0;
    for (const x of u) {
      s += x;
      s2 += x * x;
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    const mean = s / n;
    // SE of the mean is sqrt(1/12/n); allow 4 SE.
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
    // SE of the sample variance of U(0,1) is sqrt((1/80 - 1/144)/n); allow 4 SE.
    expect(Math.abs(s2 / n - mean * mean - 1 / 12)).toBeLessThan(4 * Math.sqrt((1 / 80 - 1 / 144) / n));
  });

  it("different streams are uncorrelated (|r| within 4 SE of 0, SE = 1/sqrt(n))", async () => {
    const k = await kernels();
    const n = 100_000;
    const streams = [0, 1, 2, 1000].map((stream) => {
      k.seed({ seed: 99, stream });
      return k.uniforms(n);
    });
    for (let a = 0; a < streams.length; a++) {
      for (let b = a + 1; b < streams.length; b++) {
        let sxy = 0, sx = 0, sy = 0, sxx = 0, syy = 0;
        for (let i = 0; i < n; i++) {
          const x = streams[a][i], y = streams[b][i];
          sx += x; sy += y; sxy += x * y; sxx += x * x; syy += y * y;
        }
        const r = (sxy / n - (sx / n) * (sy / n)) / Math.sqrt((sxx / n - (sx / n) ** 2) * (syy / n - (sy / n) ** 2));
        expect(Math.abs(r)).toBeLessThan(4 / Math.sqrt(n));
      }
    }
  });

  it("rejects seeds and streams out of range", async () => {
    const k = await kernels();
    expect(() => k.seed({ seed: -1 })).toThrow(/seed must be an integer from 0 to 2\^64-1/);
    expect(() => k.seed({ seed: 1, stream: 1.5 })).toThrow(/stream must be an integer/);
    expect(() => k.setState([0n, 0n, 0n, 0n])).toThrow(/not all zero/);
  });
});
