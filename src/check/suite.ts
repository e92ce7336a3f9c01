/**
 * Suite files: which expectations `lipvar check` measures, so another
 * project can state its own layer shapes, distributions and tolerances.
 *
 *     {
 *       "version": 1,
 *       "name": "my layers",
 *       "expectations": [
 *         { "kind": "variance", "transform": "aol", "d": 64, "n": 16, "dist": "gaussian",
 *           "samples": 4000, "seed": 1, "k": 4 },
 *         { "kind": "upperBound", "transform": "sll", "qStd": 0.5, "d": 32, "n": 32,
 *           "dist": "gnd", "beta": 0.5, "samples": 2000, "seed": 2, "k": 4 },
 *         { "kind": "decay", "depth": 6, "width": 256, "batch": 1000, "dist": "gaussian",
 *           "seed": 3, "k": 4, "layers": 3 },
 *         { "kind": "sampler", "beta": "inf", "count": 100000, "seed": 4, "k": 4 }
 *       ]
 *     }
 *
 * Kinds (k is always the tolerance in standard errors):
 * - variance: Monte Carlo Var[w̄] within k SE of the exact value — known for
 *   Gaussian weights and AOL scaling (q = 1; SLL with qStd 0 is the same).
 * - upperBound: Monte Carlo Var[w̄] at most 1/d + k SE (any distribution, AOL or SLL).
 * - decay: per-layer forward variance (and gradients) of a feed-forward AOL
 *   stack against the predicted recursion, for the first `layers` layers.
 * - sampler: SGND(β) sample moments against the analytic ones.
 *
 * A malformed file is reported as one line naming the file, the JSON path,
 * what was expected and what was found, e.g.
 * "suite.json: expectations[2].d must be an integer from 1 to 65536, got 0".
 */
import { z } from "zod";
import { issueLine, pathText, show, valueAt, what, type IssueLike } from "../io/json-issues.js";
import { betaFromJson } from "../experiments/config.js";
import { DEFAULT_REPLICATES } from "../experiments/decay.js";
import { referenceShapes, referenceVariance, type ReferenceValue } from "./reference-variances.js";

export const SUITE_VERSION = 1;
export const EXPECTATION_KINDS = ["variance", "upperBound", "decay", "sampler"] as const;
export type ExpectationKind = (typeof EXPECTATION_KINDS)[number];
export const SUITE_DIST_NAMES = ["gaussian", "laplace", "uniform", "gnd"] as const;
export type SuiteDistName = (typeof SUITE_DIST_NAMES)[number];
export type Transform = "aol" | "sll";

const IMPLIED_BETA: Record<Exclude<SuiteDistName, "gnd">, number> = { gaussian: 2, laplace: 1, uniform: Infinity };

interface SpecCommon {
  /** Unique within the suite; generated from the parameters when the file gives none. */
  id: string;
  description?: string;
  seed: number;
  /** Tolerance in standard errors. */
  k: number;
  /** An optional relative tolerance added to k SE: allowed = k·SE + rtol·|expected| (0: none). */
  rtol: number;
}

export type { ReferenceValue };

export interface VarianceSpec extends SpecCommon {
  kind: "variance";
  transform: Transform;
  qStd: number;
  d: number;
  n: number;
  dist: SuiteDistName;
  /** Shape β (Infinity for the uniform limit), implied by `dist` unless it is "gnd". */
  beta: number;
  samples: number;
  /** variance only: the reference when the weights are not Gaussian (given in the file, or the built-in precise-estimator table). */
  reference?: ReferenceValue;
}

export interface UpperBoundSpec extends Omit<VarianceSpec, "kind"> {
  kind: "upperBound";
}

export interface DecaySpec extends SpecCommon {
  kind: "decay";
  depth: number;
  width: number;
  batch: number;
  /** Bias standard deviation σ_b (0: no bias). */
  biasStd: number;
  dist: SuiteDistName;
  beta: number;
  /** How many leading layers are checked (default: all `depth`). */
  layers: number;
  /** Independent replicate networks the SEs are over (default 4). */
  replicates: number;
}

export interface SamplerSpec extends SpecCommon {
  kind: "sampler";
  beta: number;
  count: number;
}

export type ExpectationSpec = VarianceSpec | UpperBoundSpec | DecaySpec | SamplerSpec;

export interface Suite {
  version: 1;
  name: string;
  expectations: ExpectationSpec[];
}

// ---------------------------------------------------------------- schema
// Each message is the "what" ("an integer from 1 to 65536"); `formatIssue`
// turns it into "<path> must be <what>, got <value>" or "<path> is required
// (<what>)". Messages starting with "!" are complete sentences after the path.


function integer(lo: number, hi: number) {
  const w = what(`an integer from ${lo} to ${hi}`);
  return z.number(w).int(w).min(lo, w).max(hi, w);
}

function finite(description: string, lo: number, hi: number, exclusiveLo = false) {
  const w = what(description);
  const base = z.number(w).refine(Number.isFinite, w);
  return base.refine((x) => (exclusiveLo ? x > lo : x >= lo) && x <= hi, w);
}

const seed = integer(0, Number.MAX_SAFE_INTEGER);
const k = finite("a number > 0 and at most 100 (standard errors)", 0, 100, true);
const size = integer(1, 65536);
const betaValue = z.union([finite("a number > 0 or \"inf\"", 0, Infinity, true), z.literal("inf")], what('a number > 0 or "inf"'));
const dist = z.enum(SUITE_DIST_NAMES, what(`one of ${SUITE_DIST_NAMES.join(", ")}`));
const transform = z.enum(["aol", "sll"], what("one of aol, sll"));
const id = z.string(what("a string")).regex(/^[A-Za-z0-9_.:-]{1,100}$/, what("1 to 100 letters, digits or _ . : -"));
const description = z.string(what("a string")).max(500, what("a string of at most 500 characters"));

const rtol = finite("a number from 0 to 1 (a relative tolerance added to k SE)", 0, 1);
const common = { id: id.optional(), description: description.optional(), seed, k, rtol: rtol.optional() };
const reference = strict({
  value: finite("a finite number > 0", 0, Infinity, true),
  se: finite("a finite number >= 0", 0, Infinity),
  source: z.string(what("a string")).min(1, what("a non-empty string")).max(500, what("a string of at most 500 characters")),
});
const layerShape = {
  transform,
  qStd: finite("a number from 0 to 10", 0, 10).optional(),
  d: size,
  n: size,
  dist,
  beta: betaValue.optional(),
  samples: integer(2, 1_000_000_000),
};

function strict<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject(shape, what("an object"));
}

const schemas = {
  variance: strict({ kind: z.literal("variance"), ...common, ...layerShape, reference: reference.optional() }),
  upperBound: strict({ kind: z.literal("upperBound"), ...common, ...layerShape }),
  decay: strict({
    kind: z.literal("decay"),
    ...common,
    depth: integer(1, 1000),
    width: size,
    batch: integer(2, 10_000_000),
    biasStd: finite("a number from 0 to 100", 0, 100).optional(),
    dist,
    beta: betaValue.optional(),
    layers: integer(1, 1000).optional(),
    replicates: integer(2, 100_000).optional(),
  }),
  sampler: strict({ kind: z.literal("sampler"), ...common, beta: betaValue, count: integer(2, 1_000_000_000) }),
};

const expectationSchema = z.discriminatedUnion(
  "kind",
  [schemas.variance, schemas.upperBound, schemas.decay, schemas.sampler],
  {
    // The kind is wrong (input is the object) or the entry is not an object at all.
    error: (iss) =>
      iss.input !== null && typeof iss.input === "object" && !Array.isArray(iss.input)
        ? `one of ${EXPECTATION_KINDS.join(", ")}`
        : `an object with a "kind" (${EXPECTATION_KINDS.join(", ")})`,
  },
);

const suiteSchema = strict({
  $schema: z.string(what("a string")).optional(),
  version: z.literal(SUITE_VERSION, what(`the number ${SUITE_VERSION} (the suite format version)`)),
  name: z.string(what("a string")).min(1, what("a non-empty string")).max(200, what("a string of at most 200 characters")).optional(),
  expectations: z.array(expectationSchema, what("a list of expectations")).min(1, what("a non-empty list of expectations")),
});

type RawSuite = z.infer<typeof suiteSchema>;
type RawExpectation = RawSuite["expectations"][number];

// ---------------------------------------------------------------- errors

/** A suite file that cannot be used; `message` is one line naming the file and the problem. */
export class SuiteError extends Error {
  override readonly name = "SuiteError";
}

function formatIssue(fileName: string, issue: IssueLike, data: unknown): string {
  const where = issue.path.length ? pathText(issue.path) : "the suite";
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys ?? [];
    const kind = valueAt(data, [...issue.path, "kind"]);
    const shape = typeof kind === "string" && kind in schemas ? schemas[kind as ExpectationKind].shape : issue.path.length === 0 ? suiteSchema.shape : undefined;
    const allowed = shape ? ` (allowed: ${Object.keys(shape).join(", ")})` : "";
    return `${fileName}: ${where} has unknown key${keys.length > 1 ? "s" : ""} ${keys.map((k) => JSON.stringify(k)).join(", ")}${allowed}`;
  }
  return issueLine(fileName, issue, data, "the suite");
}

/** Where a JSON syntax error is, as "line L, column C", from the position in the engine's message. */
function jsonErrorLine(text: string, error: Error): string {
  const m = /position (\d+)/.exec(error.message);
  const detail = error.message.replace(/^JSON\.parse: /, "").replace(/ in JSON at position \d+.*$/, "").replace(/\s*\(line \d+ column \d+\)$/, "");
  if (!m) return detail;
  const pos = Number(m[1]);
  const before = text.slice(0, pos);
  const line = before.split("\n").length;
  const column = pos - before.lastIndexOf("\n");
  return `${detail} at line ${line}, column ${column}`;
}

// ---------------------------------------------------------------- normalisation

function resolveBeta(dist: SuiteDistName, beta: number | "inf" | undefined, at: PropertyKey[], issues: IssueLike[]): number {
  const b = beta === undefined ? undefined : betaFromJson(beta);
  if (dist === "gnd") {
    if (b === undefined) issues.push({ code: "custom", path: [...at, "beta"], message: '!is required with dist "gnd" (a number > 0 or "inf")' });
    return b ?? NaN;
  }
  const implied = IMPLIED_BETA[dist];
  if (b !== undefined && b !== implied) {
    issues.push({
      code: "custom",
      path: [...at, "beta"],
      message: `!${JSON.stringify(beta)} conflicts with dist "${dist}" (which means beta = ${implied === Infinity ? '"inf"' : implied}); drop beta or use dist "gnd"`,
    });
  }
  return implied;
}

function defaultId(e: ExpectationSpec): string {
  const b = (beta: number) => (beta === Infinity ? "inf" : String(beta));
  switch (e.kind) {
    case "variance":
    case "upperBound":
      return `${e.kind}-${e.transform}${e.qStd ? `-q${e.qStd}` : ""}-${e.dist}${e.dist === "gnd" ? b(e.beta) : ""}-d${e.d}-n${e.n}`;
    case "decay":
      return `decay-${e.dist}${e.dist === "gnd" ? b(e.beta) : ""}-L${e.depth}-w${e.width}${e.biasStd ? `-bias${e.biasStd}` : ""}`;
    case "sampler":
      return `sampler-beta${b(e.beta)}`;
  }
}

function normalise(raw: RawSuite, fileName: string, issues: IssueLike[]): Suite {
  const expectations = raw.expectations.map((r: RawExpectation, i): ExpectationSpec => {
    const at: PropertyKey[] = ["expectations", i];
    const base = { id: r.id ?? "", ...(r.description !== undefined ? { description: r.description } : {}), seed: r.seed, k: r.k, rtol: r.rtol ?? 0 };
    switch (r.kind) {
      case "variance":
      case "upperBound": {
        const qStd = r.qStd ?? 0;
        if (r.transform === "aol" && qStd !== 0) issues.push({ code: "custom", path: [...at, "qStd"], message: '!is only used with transform "sll"; AOL has q = 1' });
        if (r.kind === "variance" && qStd !== 0) {
          issues.push({ code: "custom", path: [...at, "qStd"], message: "!must be 0 for a variance expectation (exact and reference values are for q = 1)" });
        }
        const beta = resolveBeta(r.dist, r.beta, at, issues);
        const spec: VarianceSpec | UpperBoundSpec = { ...base, kind: r.kind, transform: r.transform, qStd, d: r.d, n: r.n, dist: r.dist, beta, samples: r.samples };
        if (r.kind === "variance") {
          const given = "reference" in r ? r.reference : undefined;
          if (given !== undefined && beta === 2) {
            issues.push({ code: "custom", path: [...at, "reference"], message: "!is only for non-Gaussian weights: Gaussian weights are judged against the exact V(d, n)" });
          } else if (beta !== 2 && !Number.isNaN(beta)) {
            const ref = given ?? referenceVariance(r.transform, beta, r.d, r.n);
            if (ref === undefined) {
              issues.push({
                code: "custom",
                path: [...at, "dist"],
                message: `!${show(r.dist)}${r.dist === "gnd" ? ` (beta ${show(r.beta)})` : ""} at d = ${r.d}, n = ${r.n} has no built-in reference value (built in: ${referenceShapes()}); give "reference": {"value", "se", "source"} (e.g. from 'lipvar variance --method precise') or use upperBound`,
              });
            } else spec.reference = ref;
          }
        }
        return spec;
      }
      case "decay": {
        const layers = r.layers ?? r.depth;
        if (layers > r.depth) issues.push({ code: "custom", path: [...at, "layers"], message: `!must be at most depth = ${r.depth}, got ${layers}` });
        return { ...base, kind: "decay", depth: r.depth, width: r.width, batch: r.batch, biasStd: r.biasStd ?? 0, dist: r.dist, beta: resolveBeta(r.dist, r.beta, at, issues), layers, replicates: r.replicates ?? DEFAULT_REPLICATES };
      }
      case "sampler":
        return { ...base, kind: "sampler", beta: betaFromJson(r.beta), count: r.count };
    }
  });
  // Ids: given ones must be unique; generated ones get -2, -3, … when they repeat.
  const firstAt = new Map<string, number>();
  expectations.forEach((e, i) => {
    if (!e.id) return;
    if (firstAt.has(e.id)) {
      issues.push({ code: "custom", path: ["expectations", i, "id"], message: `!${JSON.stringify(e.id)} repeats expectations[${firstAt.get(e.id)}].id` });
    } else firstAt.set(e.id, i);
  });
  for (const e of expectations) {
    if (e.id) continue;
    const stem = defaultId(e);
    let candidate = stem;
    for (let n = 2; firstAt.has(candidate); n++) candidate = `${stem}-${n}`;
    e.id = candidate;
    firstAt.set(candidate, -1);
  }
  return { version: 1, name: raw.name ?? fileName.replace(/^.*[\\/]/, "").replace(/\.json$/i, ""), expectations };
}

/**
 * Parse and validate a suite file's text. Throws a SuiteError whose message
 * is one line: "<fileName>: <JSON path> <problem>" (the first problem found,
 * and how many more there are).
 */
export function parseSuite(text: string, fileName: string): Suite {
  let data: unknown;
  if (typeof text !== "string" || text.trim() === "") throw new SuiteError(`${fileName}: the file is empty; a suite is a JSON object with "version" and "expectations"`);
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new SuiteError(`${fileName}: not valid JSON: ${jsonErrorLine(text, e as Error)}`);
  }
  const parsed = suiteSchema.safeParse(data);
  const issues: IssueLike[] = parsed.success ? [] : (parsed.error.issues as unknown as IssueLike[]);
  let suite: Suite | undefined;
  if (parsed.success) suite = normalise(parsed.data, fileName, issues);
  if (issues.length > 0) {
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? "s" : ""})` : "";
    throw new SuiteError(formatIssue(fileName, issues[0], data) + more);
  }
  return suite!;
}
