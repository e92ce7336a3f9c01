/**
 * The weights manifest (`lipvar check --weights … --manifest FILE`): which
 * arrays of the .npz/.npy files are which layers, and what the user's code
 * claims about them. Validated with zod like the suites; a malformed file is
 * one line naming the file and the JSON path.
 *
 *     {
 *       "version": 1,
 *       "name": "my SLL stack",
 *       "defaults": { "gram": "row", "weightsAre": "raw", "dist": "gaussian", "activation": "relu" },
 *       "layers": [
 *         { "weight": "layers.0.weight", "bias": "layers.0.bias", "q": "layers.0.q" },
 *         { "weight": "layers.1.weight", "bias": "layers.1.bias", "q": "layers.1.q", "activation": "identity" }
 *       ]
 *     }
 *
 * Per layer (each key may come from "defaults" instead):
 * - weight: the array's name (a 2-D out × in matrix, or 3-D with a leading
 *   axis of initialisations); layout "in-out" for kernels stored in × out
 *   (Keras Dense, Flax Dense), transposed on reading;
 * - gram: "column" (AOL on a d × n matrix: t from WᵀW) or "row" (SLL as an
 *   out × in layer: t from WWᵀ);
 * - weightsAre: "raw" (before the rescaling; lipvar rescales) or "rescaled" (W̄);
 * - dist: "gaussian", "laplace", "uniform", "gnd" (with beta) or "unknown";
 *   std: optionally the declared standard deviation of the raw entries;
 * - q: SLL's positive weights (one per rescaled unit: n for column, d for
 *   row), the array's name; absent: q = 1 (AOL);
 * - bias: the bias array's name (d values); absent: no bias;
 * - activation after the layer: "relu" (default) or "identity".
 */
import { z } from "zod";
import { issueLine, pathText, what, type IssueLike } from "../../io/json-issues.js";
import { WeightsInputError } from "./read.js";

export const MANIFEST_VERSION = 1;
export const WEIGHT_DISTS = ["gaussian", "laplace", "uniform", "gnd", "unknown"] as const;
export type WeightDist = (typeof WEIGHT_DISTS)[number];
export type Gram = "column" | "row";
export type WeightsAre = "raw" | "rescaled";
export type Activation = "relu" | "identity";
export type Layout = "out-in" | "in-out";

const IMPLIED_BETA: Record<"gaussian" | "laplace" | "uniform", number> = { gaussian: 2, laplace: 1, uniform: Infinity };

/** One layer as the checks need it. */
export interface LayerSpec {
  /** Array name of the weights. */
  weight: string;
  gram: Gram;
  weightsAre: WeightsAre;
  /** Declared shape β of the raw entries (Infinity: uniform), or null when unknown. */
  beta: number | null;
  /** Declared standard deviation of the raw entries, if any. */
  std: number | null;
  q: string | null;
  bias: string | null;
  activation: Activation;
  layout: Layout;
}

export interface WeightsPlan {
  name: string;
  /** Layers in order; null in the simple form: every 2-D (or 3-D) array of the files, in file order. */
  layers: LayerSpec[] | null;
  /** The simple form's settings for every layer. */
  common: Omit<LayerSpec, "weight" | "q" | "bias">;
}

/** The declared β of a distribution name (null: unknown). */
export function betaOf(dist: WeightDist, beta: number | undefined): number | null {
  if (dist === "unknown") return null;
  if (dist === "gnd") return beta!;
  return IMPLIED_BETA[dist];
}

const arrayName = z.string(what("an array name (a string)")).min(1, what("a non-empty array name")).max(200, what("an array name of at most 200 characters"));
const betaValue = z.union([z.number(what('a number > 0 or "inf"')).refine((x) => Number.isFinite(x) && x > 0, what('a number > 0 or "inf"')), z.literal("inf")], what('a number > 0 or "inf"'));
const settings = {
  gram: z.enum(["column", "row"], what("one of column, row")),
  weightsAre: z.enum(["raw", "rescaled"], what("one of raw, rescaled")),
  dist: z.enum(WEIGHT_DISTS, what(`one of ${WEIGHT_DISTS.join(", ")}`)),
  beta: betaValue,
  std: z.number(what("a finite number > 0")).refine((x) => Number.isFinite(x) && x > 0, what("a finite number > 0")),
  activation: z.enum(["relu", "identity"], what("one of relu, identity")),
  layout: z.enum(["out-in", "in-out"], what("one of out-in, in-out")),
};
const optionalSettings = Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, v.optional()])) as { [K in keyof typeof settings]: z.ZodOptional<(typeof settings)[K]> };
const layerSchema = z.strictObject({ weight: arrayName, q: arrayName.optional(), bias: arrayName.optional(), ...optionalSettings }, what("an object with a \"weight\" array name"));
const manifestSchema = z.strictObject(
  {
    $schema: z.string(what("a string")).optional(),
    version: z.literal(MANIFEST_VERSION, what(`the number ${MANIFEST_VERSION} (the manifest format version)`)),
    name: z.string(what("a string")).min(1, what("a non-empty string")).max(200, what("a string of at most 200 characters")).optional(),
    defaults: z.strictObject(optionalSettings, what("an object")).optional(),
    layers: z.array(layerSchema, what("a list of layers")).min(1, what("a non-empty list of layers")).max(10000, what("a list of at most 10000 layers")),
  },
  what("an object"),
);

type RawLayer = z.infer<typeof layerSchema>;

function formatIssue(fileName: string, issue: IssueLike, data: unknown): string {
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys ?? [];
    const at = issue.path.length ? pathText(issue.path) : "the manifest";
    const allowed = issue.path.length === 0 ? Object.keys(manifestSchema.shape) : issue.path[0] === "defaults" ? Object.keys(settings) : Object.keys(layerSchema.shape);
    return `${fileName}: ${at} has unknown key${keys.length > 1 ? "s" : ""} ${keys.map((k) => JSON.stringify(k)).join(", ")} (allowed: ${allowed.join(", ")})`;
  }
  return issueLine(fileName, issue, data, "the manifest");
}

/** Resolve one layer's settings (its own, else the defaults) into a LayerSpec, collecting problems. */
function resolveLayer(raw: RawLayer, defaults: Partial<Record<keyof typeof settings, unknown>>, i: number, issues: IssueLike[]): LayerSpec {
  const at = ["layers", i];
  const get = <K extends keyof typeof settings>(key: K): z.infer<(typeof settings)[K]> | undefined => (raw[key] ?? defaults[key]) as z.infer<(typeof settings)[K]> | undefined;
  const required = <K extends keyof typeof settings>(key: K, choices: string): z.infer<(typeof settings)[K]> => {
    const v = get(key);
    if (v === undefined) issues.push({ code: "custom", path: [...at, key], message: `!is required (${choices}), here or in "defaults"` });
    return v as z.infer<(typeof settings)[K]>;
  };
  const gram = required("gram", "column or row");
  const weightsAre = required("weightsAre", "raw or rescaled");
  const dist = get("dist") ?? "unknown";
  // A layer's own dist takes its own beta, not the defaults' one.
  const b = raw.dist !== undefined ? raw.beta : get("beta");
  const betaNumber = b === undefined ? undefined : b === "inf" ? Infinity : b;
  if (dist === "gnd" && betaNumber === undefined) issues.push({ code: "custom", path: [...at, "beta"], message: '!is required with dist "gnd" (a number > 0 or "inf")' });
  if (dist !== "gnd" && dist !== "unknown" && betaNumber !== undefined && betaNumber !== IMPLIED_BETA[dist]) {
    issues.push({ code: "custom", path: [...at, "beta"], message: `!conflicts with dist "${dist}"; drop beta or use dist "gnd"` });
  }
  if (dist === "unknown" && raw.beta !== undefined) issues.push({ code: "custom", path: [...at, "beta"], message: '!is not used with dist "unknown"' });
  const std = get("std") ?? null;
  if (std !== null && weightsAre === "rescaled") issues.push({ code: "custom", path: [...at, "std"], message: "!is the raw entries' standard deviation; it is not used with weightsAre \"rescaled\"" });
  return {
    weight: raw.weight,
    gram,
    weightsAre,
    beta: betaOf(dist, betaNumber),
    std,
    q: raw.q ?? null,
    bias: raw.bias ?? null,
    activation: get("activation") ?? "relu",
    layout: get("layout") ?? "out-in",
  };
}

/** Parse and validate a manifest's text (a WeightsInputError with one line on failure). */
export function parseManifest(text: string, fileName: string): WeightsPlan {
  let data: unknown;
  if (text.trim() === "") throw new WeightsInputError(`${fileName}: the file is empty; a manifest is a JSON object with "version" and "layers"`);
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new WeightsInputError(`${fileName}: not valid JSON: ${(e as Error).message.split("\n")[0]}`);
  }
  const parsed = manifestSchema.safeParse(data);
  const issues: IssueLike[] = parsed.success ? [] : (parsed.error.issues as unknown as IssueLike[]);
  let layers: LayerSpec[] = [];
  if (parsed.success) {
    const defaults = parsed.data.defaults ?? {};
    layers = parsed.data.layers.map((l, i) => resolveLayer(l, defaults, i, issues));
    const seen = new Map<string, number>();
    layers.forEach((l, i) => {
      if (seen.has(l.weight)) issues.push({ code: "custom", path: ["layers", i, "weight"], message: `!${JSON.stringify(l.weight)} repeats layers[${seen.get(l.weight)}].weight` });
      seen.set(l.weight, i);
    });
  }
  if (issues.length > 0) {
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? "s" : ""})` : "";
    throw new WeightsInputError(formatIssue(fileName, issues[0], data) + more);
  }
  const name = parsed.data!.name ?? fileName.replace(/^.*[\\/]/, "").replace(/\.json$/i, "");
  return { name, layers, common: { gram: "column", weightsAre: "raw", beta: null, std: null, activation: "relu", layout: "out-in" } };
}
