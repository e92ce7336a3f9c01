/**
 * Typed face of the Wasm trainer (assembly/train.ts): one feed-forward
 * classifier of plain and SLL layers, trained with Adam on data held in Wasm
 * memory. A module instance holds one network at a time: creating a second
 * `WasmTrainer` on the same `Kernels` disposes the first (using it afterwards
 * throws). Worker threads import this file, so it imports nothing from the
 * analytic side.
 */
import { Kernels } from "./kernels.js";

export type TrainLayerKind = "plain" | "sll";

/**
 * A layer's activation: none (identity), ReLU, absolute value, MaxMin
 * (GroupSort with groups of 2: each pair of consecutive units becomes
 * (max, min)), or GroupSort with groups of K consecutive units, each sorted
 * in decreasing order. abs, MaxMin and GroupSort keep the Euclidean norm of
 * every input; K must divide the layer's fan-out.
 */
export type TrainActivation = "none" | "relu" | "abs" | "maxmin" | `groupsort:${number}`;

/** One layer: W is fanOut × fanIn (PyTorch's layout), x_next = φ(W̄ x + b). */
export interface TrainLayerSpec {
  fanIn: number;
  fanOut: number;
  kind: TrainLayerKind;
  activation: TrainActivation;
}

/** The kernel's (code, group size) of an activation (assembly/train.ts ACT_*), or null when the spelling is not one. */
export function activationCode(a: string): { code: number; group: number } | null {
  if (a === "none") return { code: 0, group: 1 };
  if (a === "relu") return { code: 1, group: 1 };
  if (a === "abs") return { code: 2, group: 1 };
  if (a === "maxmin") return { code: 3, group: 2 };
  const m = /^groupsort:([0-9]+)$/.exec(a);
  if (!m) return null;
  const k = Number(m[1]);
  return k >= 2 && k <= 4096 ? { code: 3, group: k } : null;
}

/** Where layer l's parameters sit in the flat parameter vector. */
export interface TrainLayerSlices {
  weight: [number, number];
  bias: [number, number];
  /** θ (SLL only; q = exp θ). */
  theta: [number, number] | null;
}

/** Adam's settings (PyTorch's defaults apart from lr). */
export interface AdamSettings {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
}

/** Per-layer statistics over a set of rows (forward and backward, no update). */
export interface TrainLayerStatistics {
  /** Mean of y² (pre-activation) over rows and units. */
  yMeanSquare: number;
  /** Variance of y over rows and units. */
  yVariance: number;
  /** Mean of (∂ batch-mean loss / ∂y)² over rows and units. */
  gradMeanSquare: number;
  /** Mean of (∂ batch-mean loss / ∂W)² over the weight entries (hooks applied), averaged over batches. */
  weightGradMeanSquare: number;
}

const owners = new WeakMap<Kernels, WasmTrainer>();

/**
 * `count` N(0, 1) draws from the Kernels' active stream (continuing it; seed
 * it first). Here rather than via sampling.ts, whose σ/α conversions pull the
 * special-function library into worker threads.
 */
export function activeNormals(k: Kernels, count: number): Float64Array {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be an integer >= 0, got ${count}`);
  return k.withF64(count, (b) => {
    k.raw.fillNormal(b.ptr, count, 0, 1);
    return b.view.slice();
  }, "count");
}

/** Upper bound of the GEMM packing scratch, in doubles (assembly/gemm.ts: MC·KC + KC·NC). */
const GEMM_SCRATCH_MAX = 120 * 256 + 256 * 1024;

/**
 * The blocks of Wasm memory (in doubles) one network of `layers` takes for
 * batches of `batch` rows, as trainerCreate allocates them: parameters,
 * gradients and both Adam moments; inputs, outputs and pre-activations of
 * every layer; an SLL layer's raw outputs, Gram matrix and t, s, q; the
 * labels, two gradient buffers, H, the GEMM packing scratch (bounded
 * above), and GroupSort's group values and permutation.
 */
export function trainerBlocks(layers: readonly TrainLayerSpec[], batch: number): number[] {
  let params = 0;
  let widest = 0;
  const blocks = [batch * layers[0].fanIn];
  for (const { fanIn: n, fanOut: d, kind } of layers) {
    const sll = kind === "sll";
    params += d * n + d + (sll ? d : 0);
    widest = Math.max(widest, n, d);
    blocks.push(batch * d, batch * d);
    if (sll) blocks.push(batch * d, d * d, 3 * d);
  }
  blocks.push(params, params, params, params, layers.length, Math.ceil(batch / 2), batch * widest, batch * widest, widest * widest, GEMM_SCRATCH_MAX, widest, Math.ceil(widest / 2));
  return blocks;
}

function checkLayers(layers: readonly TrainLayerSpec[]): void {
  if (!Array.isArray(layers) || layers.length < 1) throw new RangeError("layers must list at least one layer");
  layers.forEach((l, i) => {
    for (const key of ["fanIn", "fanOut"] as const) {
      if (!Number.isInteger(l[key]) || l[key] < 1) throw new RangeError(`layers[${i}].${key} must be an integer >= 1, got ${l[key]}`);
    }
    if (l.kind !== "plain" && l.kind !== "sll") throw new RangeError(`layers[${i}].kind must be "plain" or "sll", got ${String(l.kind)}`);
    const act = activationCode(String(l.activation));
    if (!act) throw new RangeError(`layers[${i}].activation must be none, relu, abs, maxmin or groupsort:K (K an integer from 2 to 4096), got ${String(l.activation)}`);
    if (l.fanOut % act.group !== 0) throw new RangeError(`layers[${i}].activation ${l.activation} needs a fan-out divisible by ${act.group}, got ${l.fanOut}`);
    if (i > 0 && l.fanIn !== layers[i - 1].fanOut) {
      throw new RangeError(`layers[${i}].fanIn must equal layers[${i - 1}].fanOut = ${layers[i - 1].fanOut}, got ${l.fanIn}`);
    }
  });
}

/** A block of i32 values in Wasm memory. */
export class I32Block {
  constructor(
    private readonly kernels: Kernels,
    readonly ptr: number,
    readonly length: number,
  ) {}
  get view(): Int32Array {
    return new Int32Array(this.kernels.raw.memory.buffer, this.ptr, this.length);
  }
  free(): void {
    this.kernels.raw.free(this.ptr);
  }
}

function allocI32(k: Kernels, values: ArrayLike<number>): I32Block {
  Kernels.checkBlock(Math.ceil(values.length / 2), "row indices / 2");
  const block = new I32Block(k, k.raw.alloc(Math.max(8, values.length * 4)), values.length);
  block.view.set(values);
  return block;
}

/**
 * A data set in Wasm memory: rows × features (row-major f64) and integer
 * labels 0..classes−1. Shared by every network trained on the instance.
 */
export class WasmDataset {
  readonly x;
  readonly y: I32Block;
  constructor(
    readonly kernels: Kernels,
    features: Float64Array,
    labels: Int32Array,
    readonly columns: number,
  ) {
    const rows = labels.length;
    if (features.length !== rows * columns) throw new RangeError(`features must hold rows × columns = ${rows * columns} values, got ${features.length}`);
    this.x = kernels.allocF64(features.length, "data values");
    this.x.view.set(features);
    this.y = allocI32(kernels, labels);
  }
  get rows(): number {
    return this.y.length;
  }
  /** A list of row indices in Wasm memory (for splits and shuffles). */
  indices(rows: ArrayLike<number>): I32Block {
    for (let i = 0; i < rows.length; i++) {
      if (!(rows[i] >= 0 && rows[i] < this.rows)) throw new RangeError(`row index ${rows[i]} is outside 0..${this.rows - 1}`);
    }
    return allocI32(this.kernels, rows);
  }
  free(): void {
    this.x.free();
    this.y.free();
  }
}

export class WasmTrainer {
  readonly paramCount: number;
  readonly slices: TrainLayerSlices[];
  private disposed = false;

  constructor(
    readonly kernels: Kernels,
    readonly layers: readonly TrainLayerSpec[],
    readonly batch: number,
    readonly options: { bias: boolean; trainQ: boolean },
  ) {
    checkLayers(layers);
    if (!Number.isInteger(batch) || batch < 1) throw new RangeError(`batch must be an integer >= 1, got ${batch}`);
    owners.get(kernels)?.markDisposed();
    const raw = kernels.raw;
    const fields = raw.TRAIN_LAYER_FIELDS.value as number;
    this.paramCount = kernels.withF64(layers.length * fields, (table) => {
      const v = table.view;
      layers.forEach((l, i) => {
        const act = activationCode(l.activation)!;
        v.set([l.fanIn, l.fanOut, l.kind === "sll" ? 1 : 0, act.code, act.group], i * fields);
      });
      return raw.trainerCreate(table.ptr, layers.length, batch, options.bias ? 1 : 0, options.trainQ ? 1 : 0);
    });
    owners.set(kernels, this);
    this.slices = layers.map((l, i) => {
      const w = raw.trainerLayerOffset(i);
      const b = w + l.fanIn * l.fanOut;
      const th = b + l.fanOut;
      return { weight: [w, b], bias: [b, th], theta: l.kind === "sll" ? [th, th + l.fanOut] : null };
    });
  }

  private markDisposed(): void {
    this.disposed = true;
  }

  private live(): Kernels {
    if (this.disposed) throw new Error("this WasmTrainer was replaced by another network on the same Wasm instance");
    return this.kernels;
  }

  private vector(ptr: number): Float64Array {
    return new Float64Array(this.live().raw.memory.buffer, ptr, this.paramCount);
  }

  /** A copy of the parameter vector. */
  getParams(): Float64Array {
    return this.vector(this.kernels.raw.trainerParams()).slice();
  }
  setParams(values: ArrayLike<number>): void {
    if (values.length !== this.paramCount) throw new RangeError(`params must hold ${this.paramCount} values, got ${values.length}`);
    this.vector(this.kernels.raw.trainerParams()).set(values);
  }
  /** A copy of the gradient vector of the last gradient/step call. */
  getGrads(): Float64Array {
    return this.vector(this.kernels.raw.trainerGrads()).slice();
  }
  /** Adam's first and second moments (copies). */
  getAdamMoments(): { first: Float64Array; second: Float64Array } {
    return { first: this.vector(this.kernels.raw.trainerAdamFirst()).slice(), second: this.vector(this.kernels.raw.trainerAdamSecond()).slice() };
  }
  /** Per-layer factors multiplying ∂W and ∂b before the update (1: no hook). */
  setHooks(factors: ArrayLike<number>): void {
    if (factors.length !== this.layers.length) throw new RangeError(`hooks must hold one factor per layer (${this.layers.length}), got ${factors.length}`);
    for (let i = 0; i < factors.length; i++) {
      if (!Number.isFinite(factors[i])) throw new RangeError(`hooks[${i}] must be finite, got ${factors[i]}`);
    }
    new Float64Array(this.live().raw.memory.buffer, this.kernels.raw.trainerHooks(), factors.length).set(factors);
  }

  /** Mean loss and gradient (hooks applied, no update) of rows idx[start, start+count). */
  gradient(data: WasmDataset, idx: I32Block, start: number, count: number): number {
    this.checkRange(idx, start, count);
    return this.live().raw.trainerGradient(data.x.ptr, data.y.ptr, idx.ptr, start, count);
  }
  /** One Adam step on rows idx[start, start+count); returns the batch's mean loss before the step. */
  step(data: WasmDataset, idx: I32Block, start: number, count: number, adam: AdamSettings): number {
    this.checkRange(idx, start, count);
    return this.live().raw.trainerStep(data.x.ptr, data.y.ptr, idx.ptr, start, count, adam.lr, adam.beta1, adam.beta2, adam.eps);
  }
  /** One epoch over the rows in idx (in that order); returns the mean over batches of the batch loss. */
  epoch(data: WasmDataset, idx: I32Block, adam: AdamSettings): number {
    return this.live().raw.trainerEpoch(data.x.ptr, data.y.ptr, idx.ptr, idx.length, adam.lr, adam.beta1, adam.beta2, adam.eps);
  }
  /** Mean cross-entropy per row and accuracy over the rows in idx. */
  evaluate(data: WasmDataset, idx: I32Block): { loss: number; accuracy: number } {
    const k = this.live();
    return k.withF64(2, (out) => {
      k.raw.trainerEvaluate(data.x.ptr, data.y.ptr, idx.ptr, idx.length, out.ptr);
      const [loss, correct] = out.view;
      return { loss, accuracy: idx.length > 0 ? correct / idx.length : NaN };
    });
  }
  /** Per-layer statistics over the rows in idx (no update). */
  statistics(data: WasmDataset, idx: I32Block): TrainLayerStatistics[] {
    const k = this.live();
    const fields = k.raw.TRAIN_STAT_FIELDS.value as number;
    return k.withF64(this.layers.length * fields, (out) => {
      k.raw.trainerStatistics(data.x.ptr, data.y.ptr, idx.ptr, idx.length, out.ptr);
      const v = out.view;
      return this.layers.map((_, l) => ({
        yMeanSquare: v[l * fields],
        yVariance: v[l * fields + 1],
        gradMeanSquare: v[l * fields + 2],
        weightGradMeanSquare: v[l * fields + 3],
      }));
    });
  }
  /** Shuffles idx in place from the Kernels' active RNG stream (Fisher–Yates). */
  shuffle(idx: I32Block): void {
    this.live().raw.trainerShuffle(idx.ptr, idx.length);
  }

  private checkRange(idx: I32Block, start: number, count: number): void {
    if (!Number.isInteger(count) || count < 1 || count > this.batch) throw new RangeError(`count must be an integer in [1, ${this.batch}], got ${count}`);
    if (!Number.isInteger(start) || start < 0 || start + count > idx.length) throw new RangeError(`rows start..start+count must lie in 0..${idx.length}, got ${start}..${start + count}`);
  }

  dispose(): void {
    if (this.disposed) return;
    this.kernels.raw.trainerDestroy();
    this.disposed = true;
    owners.delete(this.kernels);
  }
}
