/**
 * From the arrays of the weight files and the plan (the simple form or a
 * manifest) to the stack the checks run on: per layer its shape (d outputs
 * × n inputs), and per initialisation its matrix, bias and q. Each file is
 * one initialisation — or several, when its layers are 3-D (a leading axis
 * of initialisations). Inconsistent input (a missing array, shapes that
 * differ between files, a bias or q of the wrong length, a non-positive q,
 * arrays that are not matrices) is a WeightsInputError naming the file and
 * the array.
 */
import type { NamedArray } from "./read.js";
import { WeightsInputError } from "./read.js";
import type { LayerSpec, WeightsPlan } from "./manifest.js";

export interface StackLayer {
  /** 1-based position in the stack. */
  index: number;
  spec: LayerSpec;
  /** Outputs and inputs of W (d × n after the layout is applied). */
  d: number;
  n: number;
  /** Per initialisation: W (raw or rescaled, as declared), row-major d × n. */
  weights: Float64Array[];
  /** Per initialisation: b (d values), or null without bias. */
  biases: Float64Array[] | null;
  /** Per initialisation: q (one per rescaled unit), or null for q = 1. */
  q: Float64Array[] | null;
  /** The least precise dtype among the layer's arrays. */
  dtype: "float32" | "float64";
}

export interface WeightStack {
  name: string;
  /** Independent initialisations in all (over files and leading axes). */
  inits: number;
  files: string[];
  layers: StackLayer[];
  /** Things worth saying that are not failures (ignored arrays, …). */
  notes: string[];
}

export interface FileArrays {
  file: string;
  arrays: NamedArray[];
}

const shapeText = (s: readonly number[]) => s.join("×");

/** Split a 2-D or 3-D array into its initialisations' d × n matrices (transposed for layout in-out). */
function matrices(a: NamedArray, transpose: boolean): { d: number; n: number; mats: Float64Array[] } {
  const [rows, cols] = a.shape.slice(-2);
  const count = a.shape.length === 3 ? a.shape[0] : 1;
  const mats: Float64Array[] = [];
  for (let r = 0; r < count; r++) {
    const m = a.data.subarray(r * rows * cols, (r + 1) * rows * cols);
    if (!transpose) mats.push(Float64Array.from(m));
    else {
      const t = new Float64Array(rows * cols);
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = m[i * cols + j];
      mats.push(t);
    }
  }
  return transpose ? { d: cols, n: rows, mats } : { d: rows, n: cols, mats };
}

/** A 1-D vector shared by a file's initialisations, or a 2-D one row per initialisation. */
function vectors(a: NamedArray, count: number, length: number, role: string): Float64Array[] {
  const where = `${a.file}: array '${a.name}'`;
  const ok = (a.shape.length === 1 && a.shape[0] === length) || (a.shape.length === 2 && a.shape[0] === count && a.shape[1] === length);
  if (!ok) {
    throw new WeightsInputError(`${where} (the ${role}) has shape (${a.shape.join(", ")}); it must be (${length}) or, with ${count} initialisations in the file, (${count}, ${length})`);
  }
  const out: Float64Array[] = [];
  for (let r = 0; r < count; r++) out.push(a.shape.length === 1 ? Float64Array.from(a.data) : a.data.slice(r * length, (r + 1) * length));
  return out;
}

function checkMatrix(a: NamedArray, role: string): void {
  if (a.shape.length !== 2 && a.shape.length !== 3) {
    throw new WeightsInputError(`${a.file}: array '${a.name}' (${role}) is ${a.shape.length}-D with shape (${a.shape.join(", ")}); a layer is 2-D (out × in) or 3-D (initialisations × out × in)`);
  }
  if (a.shape.some((s) => s === 0)) throw new WeightsInputError(`${a.file}: array '${a.name}' (${role}) has a zero dimension, shape (${a.shape.join(", ")})`);
}

/** The layers' arrays of one file: every 2-D or 3-D array in order (simple form) or the manifest's names. */
function layerArrays(fa: FileArrays, plan: WeightsPlan, notes: string[]): { spec: LayerSpec; weight: NamedArray; bias: NamedArray | null; q: NamedArray | null }[] {
  const byName = new Map(fa.arrays.map((a) => [a.name, a]));
  if (plan.layers === null) {
    const out = [];
    const ignored: string[] = [];
    // With a leading axis of initialisations (3-D layers), 2-D arrays are per-initialisation vectors (biases, q).
    const leading = fa.arrays.some((a) => a.shape.length === 3);
    for (const a of fa.arrays) {
      if (a.shape.length === 1 || (leading && a.shape.length === 2)) {
        ignored.push(a.name);
        continue;
      }
      checkMatrix(a, `layer ${out.length + 1}`);
      out.push({ spec: { ...plan.common, weight: a.name, q: null, bias: null }, weight: a, bias: null, q: null });
    }
    if (ignored.length > 0) {
      const what = leading ? "1-D and 2-D arrays" : "1-D arrays";
      notes.push(`${fa.file}: ${what} ${ignored.map((n) => `'${n}'`).join(", ")} ignored (a layer is a ${leading ? "3-D" : "2-D"} array here; give biases and q with --manifest)`);
    }
    if (out.length === 0) throw new WeightsInputError(`${fa.file} holds no 2-D or 3-D array: every 2-D (out × in) array, or 3-D (initialisations × out × in), is a layer`);
    return out;
  }
  const find = (name: string, role: string): NamedArray => {
    const a = byName.get(name);
    if (!a) {
      const names = fa.arrays.map((x) => `'${x.name}'`);
      throw new WeightsInputError(`${fa.file} has no array '${name}' (${role}); it holds ${names.slice(0, 12).join(", ")}${names.length > 12 ? ", …" : ""}`);
    }
    return a;
  };
  return plan.layers.map((spec, i) => {
    const weight = find(spec.weight, `layers[${i}].weight`);
    checkMatrix(weight, `layers[${i}].weight`);
    return { spec, weight, bias: spec.bias ? find(spec.bias, `layers[${i}].bias`) : null, q: spec.q ? find(spec.q, `layers[${i}].q`) : null };
  });
}

/** Build the stack from the files (at least one) and the plan. */
export function buildStack(files: readonly FileArrays[], plan: WeightsPlan): WeightStack {
  if (files.length === 0) throw new WeightsInputError("--weights needs at least one .npz or .npy file");
  const notes: string[] = [];
  let layers: StackLayer[] = [];
  let first = "";
  for (const [f, fa] of files.entries()) {
    const arrays = layerArrays(fa, plan, notes);
    // The file's initialisations: 1 for 2-D layers, the leading axis for 3-D ones.
    const counts = new Set(arrays.map((a) => (a.weight.shape.length === 3 ? a.weight.shape[0] : 0)));
    if (counts.size > 1) {
      const desc = arrays.map((a) => `'${a.weight.name}' (${a.weight.shape.join(", ")})`).join(", ");
      throw new WeightsInputError(`${fa.file}: its layers disagree on the number of initialisations (a leading axis): ${desc}`);
    }
    const count = Math.max(1, [...counts][0]);
    if (f === 0) {
      first = fa.file;
      layers = arrays.map((a, i) => ({ index: i + 1, spec: a.spec, d: 0, n: 0, weights: [], biases: a.bias ? [] : null, q: a.q ? [] : null, dtype: "float64" as const }));
    } else if (arrays.length !== layers.length) {
      throw new WeightsInputError(`${fa.file} has ${arrays.length} layers (2-D arrays) but ${first} has ${layers.length}; every file must hold the same stack`);
    }
    for (const [i, a] of arrays.entries()) {
      const layer = layers[i];
      const { d, n, mats } = matrices(a.weight, a.spec.layout === "in-out");
      if (f === 0) {
        layer.d = d;
        layer.n = n;
      } else if (d !== layer.d || n !== layer.n) {
        throw new WeightsInputError(
          `${fa.file}: layer ${i + 1} ('${a.weight.name}') is ${shapeText([d, n])} (out × in) but ${first}'s layer ${i + 1} ('${layer.spec.weight}') is ${shapeText([layer.d, layer.n])}; every file must hold the same stack`,
        );
      }
      layer.weights.push(...mats);
      if (a.weight.dtype === "float32") layer.dtype = "float32";
      if (a.bias) layer.biases!.push(...vectors(a.bias, count, d, `bias of layer ${i + 1}`));
      if (a.q) {
        const units = a.spec.gram === "column" ? n : d;
        const qs = vectors(a.q, count, units, `q of layer ${i + 1}: one per ${a.spec.gram === "column" ? "column (n)" : "row (d)"}`);
        for (const q of qs) {
          const bad = q.findIndex((v) => !(v > 0));
          if (bad >= 0) throw new WeightsInputError(`${fa.file}: array '${a.q.name}' (q of layer ${i + 1}) holds ${q[bad]} at [${bad}]; q must be positive (q = exp(θ))`);
        }
        layer.q!.push(...qs);
      }
    }
  }
  return { name: plan.name, inits: layers[0].weights.length, files: files.map((f) => f.file), layers, notes };
}
