/**
 * `--baseline`: compare this run's measurements with an earlier one and flag
 * drifts beyond k combined standard errors, |now − then| > k·√(se² + se_then²).
 * A baseline is the JSON of `lipvar check --json` or `--update-baseline`
 * (matched by expectation id, and compared only when the entry's config —
 * seed, samples, shape, distribution, … — is the config of this run: a
 * different one is refused, naming the fields) or a report's results.json
 * (its weight-variance runs, matched to variance and upperBound expectations
 * by transform, qStd, distribution, β, d and n: independent estimates of the
 * same quantity, with their own seeds). Identical configs give identical
 * numbers, so any drift means the code changed what it computes.
 * Expectations the baseline lacks are returned as a list, not skipped silently.
 */
import { judge, type Expectation, type ExpectationConfig } from "./expectation.js";
import type { ExpectationSpec, Suite } from "./suite.js";

/** A baseline that cannot be used; `message` is one line (exit code 2). */
export class BaselineError extends Error {
  override readonly name = "BaselineError";
}

interface BaselineValue {
  value: number;
  se: number;
  /** The entry's config (check JSON only; undefined when written before lipvar recorded configs). */
  config?: ExpectationConfig;
}

const num = (x: unknown): number | undefined => (typeof x === "number" ? x : x === "NaN" ? NaN : x === "Infinity" ? Infinity : x === "-Infinity" ? -Infinity : undefined);

function shapeKey(transform: string, qStd: number, dist: string, beta: number | string, d: number, n: number): string {
  return `${transform}|${qStd}|${dist}|${beta === Infinity ? "inf" : beta}|${d}|${n}`;
}

/** Collect every object with experiment "weightVariance" anywhere in a report's results. */
function weightVarianceRuns(node: unknown, out: Record<string, unknown>[]): void {
  if (Array.isArray(node)) for (const x of node) weightVarianceRuns(x, out);
  else if (node !== null && typeof node === "object") {
    const o = node as Record<string, unknown>;
    if (o.experiment === "weightVariance") out.push(o);
    else for (const v of Object.values(o)) weightVarianceRuns(v, out);
  }
}

/** Parse a baseline file's text into id → value ± SE (check JSON) or shape → value ± SE (report results). */
export function parseBaseline(text: string, fileName: string): { byId: Map<string, BaselineValue>; byShape: Map<string, BaselineValue> } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new BaselineError(`${fileName}: not valid JSON (${(e as Error).message.split("\n")[0]}); a baseline is the output of 'lipvar check --json' or a report's results.json`);
  }
  const byId = new Map<string, BaselineValue>();
  const byShape = new Map<string, BaselineValue>();
  const o = data !== null && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
  if (o && Array.isArray(o.results)) {
    for (const [i, r] of (o.results as unknown[]).entries()) {
      const e = r as Record<string, unknown> | null;
      const value = num(e?.value);
      const se = num(e?.se);
      if (!e || typeof e.id !== "string" || value === undefined) throw new BaselineError(`${fileName}: results[${i}] must be an expectation with a string "id" and a number "value"`);
      // Drift rows of an earlier comparison are not measurements.
      if (e.id.startsWith("baseline:")) continue;
      const config = e.config !== null && typeof e.config === "object" && !Array.isArray(e.config) ? (e.config as ExpectationConfig) : undefined;
      byId.set(e.id, { value, se: se ?? 0, ...(config ? { config } : {}) });
    }
  } else if (o && o.stages !== null && typeof o.stages === "object") {
    const runs: Record<string, unknown>[] = [];
    weightVarianceRuns(o.stages, runs);
    for (const r of runs) {
      const c = r.config as Record<string, unknown> | undefined;
      if (!c || typeof r.estimate !== "number" || typeof r.se !== "number") throw new BaselineError(`${fileName}: a weightVariance result lacks config, estimate or se`);
      byShape.set(shapeKey(String(c.transform), Number(c.qStd), String(c.dist), c.beta as number | string, Number(c.d), Number(c.n)), { value: r.estimate, se: r.se });
    }
  } else {
    throw new BaselineError(`${fileName}: neither 'lipvar check --json' output (a "results" list) nor a report results.json (a "stages" object)`);
  }
  return { byId, byShape };
}

function specShape(spec: ExpectationSpec): string | undefined {
  if (spec.kind !== "variance" && spec.kind !== "upperBound") return undefined;
  return shapeKey(spec.transform, spec.qStd, spec.dist, spec.beta, spec.d, spec.n);
}

const show = (v: unknown) => (v === undefined ? "none" : JSON.stringify(v));

/** The fields whose values differ between two configs, as "seed 3 → 4" (then → now). */
export function configDifferences(then: ExpectationConfig, now: ExpectationConfig): string[] {
  const keys = [...new Set([...Object.keys(now), ...Object.keys(then)])];
  return keys.filter((k) => JSON.stringify(then[k]) !== JSON.stringify(now[k])).map((k) => `${k} ${show(then[k])} → ${show(now[k])}`);
}

export interface BaselineComparison {
  /** One "baseline:<id>" drift expectation per measured expectation the baseline has. */
  drift: Expectation[];
  /** Ids of measured expectations the baseline has no entry for (not compared). */
  missing: string[];
}

/**
 * One drift expectation per measured expectation that the baseline also has
 * (id "baseline:<id>"), and the ids it lacks. A check-JSON entry is compared
 * only when its config equals the result's: one that differs (or has none) is
 * an input error naming the id and the differing fields; so is a baseline
 * sharing nothing with the suite.
 */
export function compareWithBaseline(suite: Suite, results: readonly Expectation[], baseline: ReturnType<typeof parseBaseline>, fileName: string): BaselineComparison {
  const drift: Expectation[] = [];
  const missing: string[] = [];
  const refused: string[] = [];
  const specById = new Map(suite.expectations.map((s) => [s.id, s]));
  for (const r of results) {
    const spec = specById.get(r.id) ?? specById.get(r.id.replace(/\.[^.]+(\.\d+)?$/, ""));
    const k = spec?.k ?? 4;
    let base = baseline.byId.get(r.id);
    if (base && r.config) {
      if (!base.config) {
        refused.push(`${fileName}: baseline entry ${r.id} has no config (written by a lipvar that did not record one), so it cannot be matched to this run; write a new baseline with --update-baseline FILE`);
        continue;
      }
      const differences = configDifferences(base.config, r.config);
      if (differences.length > 0) {
        refused.push(`${fileName}: baseline entry ${r.id} was measured with a different config (${differences.join(", ")}); rerun with the baseline's settings or write a new baseline with --update-baseline FILE`);
        continue;
      }
    }
    if (!base && spec) {
      const key = specShape(spec);
      if (key) base = baseline.byShape.get(key);
    }
    if (!base) {
      missing.push(r.id);
      continue;
    }
    const se = Math.hypot(r.se ?? 0, base.se);
    drift.push(
      judge({
        id: `baseline:${r.id}`,
        description: `${r.id}: within ${k} combined SE of the baseline value`,
        value: r.value,
        expected: base.value,
        tolerance: k,
        unit: "se",
        se,
        kind: "baseline",
        ...(r.config ? { config: r.config } : {}),
      }),
    );
  }
  if (refused.length > 0) throw new BaselineError(refused[0] + (refused.length > 1 ? ` (and ${refused.length - 1} more entr${refused.length > 2 ? "ies" : "y"} differ)` : ""));
  if (drift.length === 0) throw new BaselineError(`${fileName}: no expectation of this suite is in the baseline (different suite or shapes)`);
  return { drift, missing };
}
