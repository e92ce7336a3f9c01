/**
 * `--baseline`: compare this run's measurements with an earlier one and flag
 * drifts beyond k combined standard errors, |now − then| > k·√(se² + se_then²).
 * A baseline is the JSON of `lipvar check --json` (matched by expectation id)
 * or a report's results.json (its weight-variance runs, matched to variance
 * and upperBound expectations by transform, qStd, distribution, β, d and n).
 * Identical seeds give identical numbers, so any drift means the code changed
 * what it computes.
 */
import { judge, type Expectation } from "./expectation.js";
import type { ExpectationSpec, Suite } from "./suite.js";

/** A baseline that cannot be used; `message` is one line (exit code 2). */
export class BaselineError extends Error {
  override readonly name = "BaselineError";
}

interface BaselineValue {
  value: number;
  se: number;
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
      byId.set(e.id, { value, se: se ?? 0 });
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

/**
 * One drift expectation per measured expectation that the baseline also has
 * (id "baseline:<id>"). Expectations missing from the baseline are skipped;
 * a baseline sharing nothing with the suite is an input error.
 */
export function compareWithBaseline(suite: Suite, results: readonly Expectation[], baseline: ReturnType<typeof parseBaseline>, fileName: string): Expectation[] {
  const out: Expectation[] = [];
  const specById = new Map(suite.expectations.map((s) => [s.id, s]));
  for (const r of results) {
    const spec = specById.get(r.id) ?? specById.get(r.id.replace(/\.[^.]+(\.\d+)?$/, ""));
    const k = spec?.k ?? 4;
    let base = baseline.byId.get(r.id);
    if (!base && spec) {
      const key = specShape(spec);
      if (key) base = baseline.byShape.get(key);
    }
    if (!base) continue;
    const se = Math.hypot(r.se ?? 0, base.se);
    out.push(
      judge({
        id: `baseline:${r.id}`,
        description: `${r.id}: within ${k} combined SE of the baseline value`,
        value: r.value,
        expected: base.value,
        tolerance: k,
        unit: "se",
        se,
        kind: "baseline",
      }),
    );
  }
  if (out.length === 0) throw new BaselineError(`${fileName}: no expectation of this suite is in the baseline (different suite or shapes)`);
  return out;
}
