import { describe, expect, it } from "vitest";
import { CoMoments, Moments, controlVariateEstimate } from "../../src/experiments/moments.js";
import { fixture, kernels } from "../helpers.js";

const ref = fixture("moments");

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

function chunks(values: number[], sizes: number[]): number[][] {
  const out: number[][] = [];
  let at = 0;
  for (const s of sizes) {
    out.push(values.slice(at, at + s));
    at += s;
  }
  return out;
}

function mergePairwise(parts: Moments[]): Moments {
  let level = parts.map((p) => Moments.fromJSON(p.toJSON()));
  while (level.length > 1) {
    const next: Moments[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? level[i].merge(level[i + 1]) : level[i]);
    level = next;
  }
  return level[0];
}

describe("Moments", () => {
  const { values, chunkSizes, exact } = ref.offset as { values: number[]; chunkSizes: number[]; exact: { count: number; mean: number; m2: number } };

  it("matches exact rational arithmetic on data with mean 1e6 and unit spread", () => {
    const m = Moments.of(values);
    expect(m.count).toBe(exact.count);
    expect(rel(m.mean, exact.mean)).toBeLessThan(1e-15);
    // Welford keeps the deviations: m2 is good to ~2e-11 although mean²/var = 1e12
    // (raw power sums, Σx² − (Σx)²/n, are off by ~1e-3 on these data).
    expect(rel(m.m2, exact.m2)).toBeLessThan(1e-10);
  });

  it("merging 10 chunks pairwise or sequentially agrees to 1e-12, and with a two-pass computation", () => {
    const parts = chunks(values.map((v) => v - 1e6), chunkSizes).map((c) => Moments.of(c));
    const sequential = Moments.mergeAll(parts);
    const pairwise = mergePairwise(parts);
    expect(sequential.count).toBe(values.length);
    expect(pairwise.count).toBe(values.length);
    expect(rel(pairwise.mean, sequential.mean)).toBeLessThan(1e-12);
    expect(rel(pairwise.m2, sequential.m2)).toBeLessThan(1e-12);
    const shifted = values.map((v) => v - 1e6);
    const mean = shifted.reduce((a, b) => a + b, 0) / shifted.length;
    const m2 = shifted.reduce((a, b) => a + (b - mean) ** 2, 0);
    expect(rel(sequential.mean, mean)).toBeLessThan(1e-12);
    expect(rel(sequential.m2, m2)).toBeLessThan(1e-12);
    // Same chunks, same order: bit-identical however often it is done.
    expect(Moments.mergeAll(parts.map((p) => p.toJSON())).toJSON()).toEqual(sequential.toJSON());
  });

  it("merging chunks of the offset data keeps the exact answer's accuracy", () => {
    const merged = Moments.mergeAll(chunks(values, chunkSizes).map((c) => Moments.of(c)));
    expect(rel(merged.mean, exact.mean)).toBeLessThan(1e-15);
    expect(rel(merged.m2, exact.m2)).toBeLessThan(1e-10);
  });

  it("gives variance, sd and se with n − 1 denominators", () => {
    const m = Moments.of([1, 2, 3, 4]);
    expect(m.mean).toBe(2.5);
    expect(m.m2).toBe(5);
    expect(m.variance).toBeCloseTo(5 / 3, 15);
    expect(m.sd).toBeCloseTo(Math.sqrt(5 / 3), 15);
    expect(m.se).toBeCloseTo(Math.sqrt(5 / 3 / 4), 15);
    expect(Number.isNaN(Moments.of([7]).variance)).toBe(true);
    expect(Number.isNaN(new Moments().se)).toBe(true);
  });

  it("merges with empty accumulators exactly, and survives a JSON round trip", () => {
    const m = Moments.of([0.1, 0.7, 0.3]);
    expect(new Moments().merge(m).toJSON()).toEqual(m.toJSON());
    expect(Moments.fromJSON(m.toJSON()).merge(new Moments()).toJSON()).toEqual(m.toJSON());
    expect(Moments.fromJSON(JSON.parse(JSON.stringify(m))).toJSON()).toEqual(m.toJSON());
    expect(() => new Moments().merge({ count: -1, mean: 0, m2: 0 })).toThrow(/count must be an integer >= 0/);
  });
});

describe("CoMoments", () => {
  const cv = ref.controlVariate;
  const rows = cv.rows as number[][];

  it("means and covariance match numpy", () => {
    const co = new CoMoments(3);
    for (const r of rows) co.add(r);
    for (let i = 0; i < 3; i++) {
      expect(rel(co.mean(i), cv.means[i])).toBeLessThan(1e-14);
      for (let j = 0; j < 3; j++) expect(Math.abs(co.covariance(i, j) - cv.covariance[i][j])).toBeLessThan(1e-14 * Math.abs(cv.covariance[i][i]));
    }
    const y = co.marginal(0);
    expect(y.variance).toBeCloseTo(cv.covariance[0][0], 14);
  });

  it("merging chunks pairwise and sequentially agrees to 1e-12 with a single pass", () => {
    const sizes = [40, 40, 40, 40, 40, 40, 40, 40, 40, 40];
    const parts = sizes.map((_, c) => {
      const co = new CoMoments(3);
      for (const r of rows.slice(c * 40, c * 40 + 40)) co.add(r);
      return co;
    });
    const single = new CoMoments(3);
    for (const r of rows) single.add(r);
    const sequential = CoMoments.mergeAll(3, parts.map((p) => p.toJSON()));
    let level = parts.map((p) => CoMoments.fromJSON(p.toJSON()));
    while (level.length > 1) {
      const next: CoMoments[] = [];
      for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? level[i].merge(level[i + 1]) : level[i]);
      level = next;
    }
    const pairwise = level[0];
    for (const other of [pairwise, single]) {
      expect(other.count).toBe(sequential.count);
      for (let i = 0; i < 3; i++) expect(rel(other.means[i], sequential.means[i])).toBeLessThan(1e-12);
      for (let i = 0; i < 9; i++) expect(Math.abs(other.comoments[i] - sequential.comoments[i])).toBeLessThan(1e-12 * Math.abs(sequential.comoments[0]));
    }
  });

  it("rejects observations and merges of the wrong dimension", () => {
    expect(() => new CoMoments(0)).toThrow("dimension must be an integer from 1 to 1024, got 0");
    expect(() => new CoMoments(2).add([1, 2, 3])).toThrow("observation must hold dimension = 2 values, got 3");
    expect(() => new CoMoments(2).merge(new CoMoments(3))).toThrow("merged co-moments must have dimension 2, got 3");
  });
});

describe("controlVariateEstimate", () => {
  const cv = ref.controlVariate;
  const co = new CoMoments(3);
  for (const r of cv.rows as number[][]) co.add(r);

  it("equals the intercept and its SE of the least-squares fit (numpy), with two controls", () => {
    const r = controlVariateEstimate(co, 0, [
      { index: 1, knownMean: cv.knownMeans[0] },
      { index: 2, knownMean: cv.knownMeans[1] },
    ]);
    expect(rel(r.estimate, cv.two.estimate)).toBeLessThan(1e-12);
    expect(rel(r.se, cv.two.se)).toBeLessThan(1e-10);
    expect(rel(r.coefficients[0], cv.two.coefficients[0])).toBeLessThan(1e-10);
    expect(rel(r.coefficients[1], cv.two.coefficients[1])).toBeLessThan(1e-10);
    expect(rel(r.estimatePlain, cv.plain.estimate)).toBeLessThan(1e-14);
    expect(rel(r.sePlain, cv.plain.se)).toBeLessThan(1e-12);
    expect(r.varianceReduction).toBeCloseTo((cv.plain.se / cv.two.se) ** 2, 8);
    expect(r.dropped).toEqual([]);
    // Statistical sanity: the true mean 1.5 lies within 4 SE.
    expect(Math.abs(r.estimate - cv.trueMean)).toBeLessThan(4 * r.se);
  });

  it("equals the least-squares fit with one control", () => {
    const r = controlVariateEstimate(co, 0, [{ index: 1, knownMean: cv.knownMeans[0] }]);
    expect(rel(r.estimate, cv.one.estimate)).toBeLessThan(1e-12);
    expect(rel(r.se, cv.one.se)).toBeLessThan(1e-10);
    expect(rel(r.coefficients[0], cv.one.coefficients[0])).toBeLessThan(1e-10);
  });

  it("recovers E[Y] for Y = 2C + noise with E C = 1/2 (Wasm RNG), shrinking the variance as predicted", async () => {
    const k = await kernels();
    const n = 20_000;
    // Ten chunks on streams 0..9, merged in chunk order, as the pool would.
    const parts = Array.from({ length: 10 }, (_, stream) => {
      k.seed({ seed: 77, stream });
      const c = k.uniforms(n / 10);
      const e = k.uniforms(n / 10);
      const part = new CoMoments(2);
      for (let i = 0; i < c.length; i++) part.add([2 * c[i] + 0.1 * (e[i] - 0.5), c[i]]);
      return part.toJSON();
    });
    const r = controlVariateEstimate(CoMoments.mergeAll(2, parts), 0, [{ index: 1, knownMean: 0.5 }]);
    // E Y = 1 exactly; allow 4 SE.
    expect(Math.abs(r.estimate - 1)).toBeLessThan(4 * r.se);
    // β̂ has SE σ_e/(σ_C √n) = (0.1/√12)/(1/√12)/√n = 0.1/√n; allow 4 of those.
    expect(Math.abs(r.coefficients[0] - 2)).toBeLessThan(4 * 0.1 / Math.sqrt(n));
    // se ≈ σ_e/√n with σ_e = 0.1/√12; the sample SD of n values is within ~1.5% here (4 SE of an SD estimate ≈ 4/√(2n)).
    expect(rel(r.se, 0.1 / Math.sqrt(12) / Math.sqrt(n))).toBeLessThan(4 / Math.sqrt(2 * n) + 1e-3);
    // Variance reduction = Var Y / Var e = (4/12 + 0.01/12) / (0.01/12) = 401, within 10%.
    expect(rel(r.varianceReduction, 401)).toBeLessThan(0.1);
  });

  it("drops constant and collinear controls instead of dividing by zero", () => {
    const c = new CoMoments(4);
    for (let i = 0; i < 50; i++) {
      const x = Math.sin(i);
      c.add([3 * x + Math.cos(7 * i) * 0.01, x, 1, 2 * x]); // index 2 constant, index 3 = 2·index 1
    }
    const r = controlVariateEstimate(c, 0, [
      { index: 2, knownMean: 1 },
      { index: 1, knownMean: 0 },
      { index: 3, knownMean: 0 },
    ]);
    expect(r.dropped).toEqual([2, 3]);
    expect(r.coefficients[0]).toBe(0);
    expect(r.coefficients[2]).toBe(0);
    expect(r.coefficients[1]).toBeCloseTo(3, 1);
    expect(Number.isFinite(r.se)).toBe(true);
  });

  it("with no controls is the plain mean and SE", () => {
    const r = controlVariateEstimate(co, 0, []);
    expect(r.estimate).toBe(r.estimatePlain);
    expect(rel(r.se, r.sePlain)).toBeLessThan(1e-15);
    expect(r.varianceReduction).toBeCloseTo(1, 14);
  });

  it("validates indices and sample size", () => {
    expect(() => controlVariateEstimate(co, 3, [])).toThrow("targetIndex must be an integer from 0 to 2, got 3");
    expect(() => controlVariateEstimate(co, 0, [{ index: 0, knownMean: 1 }])).toThrow(/is the target or repeats/);
    expect(() => controlVariateEstimate(co, 0, [{ index: 1, knownMean: NaN }])).toThrow(/knownMean must be a finite number/);
    const tiny = new CoMoments(2).add([1, 2]).add([2, 3.5]);
    expect(() => controlVariateEstimate(tiny, 0, [{ index: 1, knownMean: 0 }])).toThrow(
      "the control-variate estimate with 1 controls needs at least 3 observations, got 2",
    );
  });
});

describe("CoMoments.fromRecords", () => {
  it("equals record-by-record Welford accumulation (to 1e-12) and refuses a ragged buffer", () => {
    const p = 4;
    const records = new Float64Array(p * 500);
    let x = 12345;
    for (let i = 0; i < records.length; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      records[i] = 1e3 + x / 2147483648 + (i % p);
    }
    const welford = new CoMoments(p);
    for (let m = 0; m < 500; m++) welford.add(records.subarray(m * p, m * p + p));
    const fast = CoMoments.fromRecords(records, p);
    expect(fast.count).toBe(500);
    for (let i = 0; i < p; i++) expect(Math.abs(fast.means[i] - welford.means[i]) / welford.means[i]).toBeLessThan(1e-14);
    for (let i = 0; i < p * p; i++) expect(Math.abs(fast.comoments[i] - welford.comoments[i])).toBeLessThan(1e-12 * Math.abs(welford.comoments[i % (p + 1) === 0 ? i : 0]) + 1e-12);
    expect(() => CoMoments.fromRecords(new Float64Array(7), p)).toThrow(/multiple of dimension = 4/);
  });
});
