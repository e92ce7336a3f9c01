/**
 * Measures a suite: each expectation spec runs its experiment and becomes one
 * or more judged Expectations (a decay spec gives one per layer for the
 * forward variance and one for the gradient; a sampler spec one per moment).
 * Each measured expectation keeps its value and SE, so a later run can be
 * compared with it as a baseline.
 */
import { runWeightVariance } from "../experiments/weightVariance.js";
import { runDecay } from "../experiments/decay.js";
import { runSamplerCheck } from "../experiments/sampler.js";
import { jsonBeta } from "../experiments/config.js";
import { judge, type Expectation, type ExpectationConfig } from "./expectation.js";
import type { ExpectationSpec, Suite } from "./suite.js";

export interface RunSuiteOptions {
  workers?: number;
  /** Called after each spec: specs done of total, and the spec's id. */
  onProgress?: (done: number, total: number, id: string) => void;
}

/**
 * The SE to judge against: the Monte Carlo SE, floored at a relative 1e-12 of
 * the expected value — exact cases (n = 1 gives 1/d, d = 1 gives 1/n for
 * every matrix) have SE 0 and agree with the expectation only to rounding.
 */
function seWithRoundingFloor(se: number, expected: number): number {
  return Math.max(se, 1e-12 * Math.abs(expected));
}

/**
 * What was measured and how: the spec without its id, description and
 * tolerances (which change the verdict, not the measurement). β = ∞ is "inf".
 */
export function specConfig(spec: ExpectationSpec): ExpectationConfig {
  const out: ExpectationConfig = {};
  for (const [key, v] of Object.entries(spec)) {
    if (key === "id" || key === "description" || key === "k" || key === "rtol" || key === "reference" || v === undefined) continue;
    out[key] = typeof v === "number" && !Number.isFinite(v) ? jsonBeta(v) : (v as string | number | boolean);
  }
  return out;
}

async function measure(spec: ExpectationSpec, workers: number | undefined): Promise<Expectation[]> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const description = spec.description;
  const common = { tolerance: spec.k, unit: "se" as const, rtol: spec.rtol, config: specConfig(spec) };
  const tol = `${spec.k} SE${spec.rtol ? ` + ${100 * spec.rtol}%` : ""}`;
  switch (spec.kind) {
    case "variance":
    case "upperBound": {
      const r = await runWeightVariance({
        transform: spec.transform,
        qStd: spec.qStd,
        d: spec.d,
        n: spec.n,
        dist: spec.dist,
        ...(spec.dist === "gnd" ? { beta: spec.beta } : {}),
        samples: spec.samples,
        seed: spec.seed,
        workers,
        histogram: false,
      });
      if (spec.kind === "variance") {
        if (spec.reference !== undefined) {
          // The reference has its own SE: judge against the combined one.
          return [
            judge({
              id: spec.id,
              description: description ?? `Monte Carlo Var[w̄] within ${tol} of the reference V(${spec.d}, ${spec.n}) for ${spec.dist}${spec.dist === "gnd" ? ` β = ${jsonBeta(spec.beta)}` : ""} weights (${spec.reference.value} ± ${spec.reference.se}, ${spec.reference.source})`,
              value: r.estimate,
              expected: spec.reference.value,
              se: seWithRoundingFloor(Math.hypot(r.se, spec.reference.se), spec.reference.value),
              kind: "variance",
              seconds: seconds(),
              ...common,
            }),
          ];
        }
        if (r.exact === null) throw new RangeError(`${spec.id}: kind "variance" needs an exact value (Gaussian weights, AOL or SLL with qStd 0) or a reference; use kind "upperBound"`);
        return [
          judge({
            id: spec.id,
            description: description ?? `Monte Carlo Var[w̄] within ${tol} of the exact Gaussian V(${spec.d}, ${spec.n})`,
            value: r.estimate,
            expected: r.exact,
            se: seWithRoundingFloor(r.se, r.exact),
            kind: "variance",
            seconds: seconds(),
            ...common,
          }),
        ];
      }
      return [
        judge({
          id: spec.id,
          description: description ?? `Monte Carlo Var[w̄] at most 1/d + ${tol} (${spec.dist}, d = ${spec.d}, n = ${spec.n})`,
          value: r.estimate,
          expected: r.upper,
          se: seWithRoundingFloor(r.se, r.upper),
          comparison: "atMost",
          kind: "upperBound",
          seconds: seconds(),
          ...common,
        }),
      ];
    }
    case "decay": {
      const r = await runDecay({ depth: spec.depth, width: spec.width, batch: spec.batch, biasStd: spec.biasStd, dist: spec.dist, ...(spec.dist === "gnd" ? { beta: spec.beta } : {}), replicates: spec.replicates, seed: spec.seed, workers, histogramBins: 0 });
      const out: Expectation[] = [];
      for (const l of r.layers.slice(0, spec.layers)) {
        out.push(
          judge({ id: `${spec.id}.forward.${l.layer}`, description: description ?? `layer ${l.layer}: measured/predicted forward variance within ${tol} of 1 (${spec.replicates} networks)`, value: l.ratio, expected: 1, se: l.ratioSe, kind: "decay", ...common }),
          judge({ id: `${spec.id}.gradient.${l.layer}`, description: description ?? `layer ${l.layer}: measured/predicted gradient second moment within ${tol} of 1 (${spec.replicates} networks)`, value: l.gradRatio, expected: 1, se: l.gradRatioSe, kind: "decay", ...common }),
        );
      }
      out.at(-1)!.seconds = seconds();
      return out;
    }
    case "sampler": {
      const r = await runSamplerCheck({ beta: spec.beta, count: spec.count, seed: spec.seed });
      const moments = [
        ["mean", r.mean],
        ["variance", r.variance],
        ["kurtosis", r.kurtosis],
      ] as const;
      // The mean's expected value is 0: its detectable departure is relative to the standard deviation.
      const sd = { value: Math.sqrt(r.variance.analytic), name: "sd" };
      const out = moments.map(([name, m]) =>
        judge({
          id: `${spec.id}.${name}`,
          description: description ?? `SGND(β = ${jsonBeta(spec.beta)}) sample ${name} within ${tol} of the analytic value (${spec.count} draws)`,
          value: m.sample,
          expected: m.analytic,
          se: m.se,
          kind: "sampler",
          ...(name === "mean" ? { scale: sd } : {}),
          ...common,
        }),
      );
      out.at(-1)!.seconds = seconds();
      return out;
    }
  }
}

/** Run every expectation of the suite in order. */
export async function runSuite(suite: Suite, options: RunSuiteOptions = {}): Promise<Expectation[]> {
  const out: Expectation[] = [];
  for (const [i, spec] of suite.expectations.entries()) {
    out.push(...(await measure(spec, options.workers)));
    options.onProgress?.(i + 1, suite.expectations.length, spec.id);
  }
  return out;
}
