// Training of small feed-forward classifiers (the Covertype experiment of
// MATH.md §7): plain linear layers and feed-forward SLL layers, ReLU, softmax
// cross-entropy, and Adam, all in float64 over linear memory.
//
// One module instance holds one network (one instance per worker). The host
// describes it once (trainerCreate), writes the initial parameters, and then
// runs whole epochs, evaluations and statistics in single calls, so the
// per-step cost is the arithmetic, not host↔Wasm crossings.
//
// Layer l maps n = fan-in inputs to d = fan-out outputs with a PyTorch-style
// weight W (d×n, row-major), bias b (d) and, for an SLL layer, θ (d):
//   plain:  y = X Wᵀ + b
//   SLL:    q = exp(θ), G = W Wᵀ (the row Gram, the author's layer),
//           t_i = Σ_j |G_ij| q_j / q_i,  s_i = t_i^{-1/2} (0 when t_i = 0),
//           z = X Wᵀ,  y = z · diag(s) + b
// and x_{l+1} = φ(y) with the layer's activation φ:
//   0 identity, 1 ReLU, 2 |·| (abs),
//   3 GroupSort with groups of K consecutive units (K = 2: MaxMin), each
//     group sorted in decreasing order (MaxMin gives (max, min)); ties keep
//     their order (a stable sort), so the permutation is a function of y.
// Activations are sample-major (row k of a B×w buffer is sample k).
// Backward through φ: ReLU and abs multiply by ReLU′(y) = [y > 0] and
// sign(y) (both 0 at y = 0, as PyTorch); GroupSort routes ∂x_j back to the
// unit that was sorted into place j (the permutation recomputed from y).
//
// Backward through the rescaling (per SLL layer, with ∂y from above):
//   ∂b = Σ_k ∂y_k,  ∂s_i = Σ_k ∂y_ki z_ki,  ∂z = ∂y · diag(s),
//   ∂t_i = −½ ∂s_i s_i³,
//   M_ij = ∂t_i |G_ij| q_j/q_i,  ∂θ_k = Σ_i M_ik − Σ_j M_kj,
//   H_ij = ∂t_i sign(G_ij) q_j/q_i,  ∂W = ∂zᵀ X + (H + Hᵀ) W,
//   ∂X = ∂z W.
// sign(0) = 0 and ReLU'(0) = 0, as PyTorch.
//
// Parameters of all layers are one vector [W_0, b_0, θ_0, W_1, ...] (θ only
// for SLL layers), with gradients and Adam moments in parallel vectors, so
// Adam is one loop. Adam follows PyTorch's update:
//   m ← β1 m + (1−β1) g,  v ← β2 v + (1−β2) g²,
//   p ← p − (lr/(1−β1^k)) · m / (√v/√(1−β2^k) + ε).
import { gemmStrided, gemmScratchDoubles } from "./gemm";
import { gramStrided, gramScratchDoubles } from "./gram";
import { rescaleNormalizers, safeInverseSqrt } from "./aol";
import { nextF64 } from "./rng";

/** Doubles per layer in the host's layer table: fan-in, fan-out, kind (0 plain, 1 SLL), activation (0 identity, 1 ReLU, 2 abs, 3 GroupSort), group size K (GroupSort only; divides fan-out). */
export const TRAIN_LAYER_FIELDS: i32 = 5;

export const ACT_IDENTITY: i32 = 0;
export const ACT_RELU: i32 = 1;
export const ACT_ABS: i32 = 2;
export const ACT_GROUPSORT: i32 = 3;

/**
 * Doubles per layer in a statistics record (trainerStatistics):
 *  0 yMeanSquare       mean of y² (pre-activation) over samples and units
 *  1 yVariance         variance of y over samples and units
 *  2 gradMeanSquare    mean of (∂loss/∂y)²
 *  3 weightGradMeanSquare  mean of (∂loss/∂W)² over the layer's weight entries
 */
export const TRAIN_STAT_FIELDS: i32 = 4;

let layers: i32 = 0;
let capacity: i32 = 0; // batch rows
let classes: i32 = 0;
let inputs: i32 = 0;
let paramCount: i32 = 0;
let useBias: bool = true;
let trainQ: bool = true;
let adamStep: i32 = 0;

// Per-layer tables (i32 each, `layers` entries).
let fanIn: usize = 0;
let fanOut: usize = 0;
let kindOf: usize = 0;
let actKindOf: usize = 0; // activation code per layer
let groupOf: usize = 0; // GroupSort group size per layer
let offsetOf: usize = 0; // parameter offset of W (b follows at +d·n, θ at +d·n+d)
let actOf: usize = 0; // address of x_l (input of layer l), l = 0..layers
let preOf: usize = 0; // address of y_l
let rawOf: usize = 0; // address of z_l (SLL only)
let gramOf: usize = 0; // address of G_l (SLL only)
let tOf: usize = 0; // address of t_l, then s_l and q_l (3·d doubles, SLL only)

let params: usize = 0;
let grads: usize = 0;
let moment1: usize = 0;
let moment2: usize = 0;
let hooks: usize = 0; // per-layer factor on ∂W and ∂b (1 = no hook)
let labels: usize = 0; // i32 × capacity
let gradA: usize = 0; // ∂ w.r.t. the current layer's output, capacity × widest
let gradB: usize = 0;
let work: usize = 0; // widest × widest (H)
let scratch: usize = 0;
let sortValues: usize = 0; // one group's values (GroupSort), widest doubles
let sortOrder: usize = 0; // one group's permutation (i32), widest entries
let rows: i32 = 0; // rows in the current batch

// @ts-ignore: decorator
@inline function geti(table: usize, l: i32): i32 {
  return load<i32>(table + (<usize>l << 2));
}
// @ts-ignore: decorator
@inline function getp(table: usize, l: i32): usize {
  return load<usize>(table + (<usize>l << 2));
}
// @ts-ignore: decorator
@inline function f64At(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}
// @ts-ignore: decorator
@inline function setF64(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

function allocDoubles(n: i32): usize {
  const p = heap.alloc(<usize>max(n, 2) << 3);
  memory.fill(p, 0, <usize>max(n, 2) << 3);
  return p;
}

/** Releases the network's buffers (safe to call when none exists). */
export function trainerDestroy(): void {
  if (layers == 0) return;
  for (let l = 0; l <= layers; l++) heap.free(getp(actOf, l));
  for (let l = 0; l < layers; l++) {
    heap.free(getp(preOf, l));
    if (geti(kindOf, l) == 1) {
      heap.free(getp(rawOf, l));
      heap.free(getp(gramOf, l));
      heap.free(getp(tOf, l));
    }
  }
  heap.free(fanIn);
  heap.free(fanOut);
  heap.free(kindOf);
  heap.free(actKindOf);
  heap.free(groupOf);
  heap.free(offsetOf);
  heap.free(actOf);
  heap.free(preOf);
  heap.free(rawOf);
  heap.free(gramOf);
  heap.free(tOf);
  heap.free(params);
  heap.free(grads);
  heap.free(moment1);
  heap.free(moment2);
  heap.free(hooks);
  heap.free(labels);
  heap.free(gradA);
  heap.free(gradB);
  heap.free(work);
  heap.free(scratch);
  heap.free(sortValues);
  heap.free(sortOrder);
  layers = 0;
}

/**
 * Builds a network from `count` layer records of TRAIN_LAYER_FIELDS doubles
 * at `table` (fan-in of layer l+1 must equal fan-out of layer l), for batches
 * of up to `batch` rows. Parameters, gradients and moments start at 0 and
 * hooks at 1. Returns the parameter count.
 */
export function trainerCreate(table: usize, count: i32, batch: i32, bias: bool, qTrained: bool): i32 {
  trainerDestroy();
  layers = count;
  capacity = batch;
  useBias = bias;
  trainQ = qTrained;
  adamStep = 0;
  const bytes = <usize>(count + 1) << 2;
  fanIn = heap.alloc(bytes);
  fanOut = heap.alloc(bytes);
  kindOf = heap.alloc(bytes);
  actKindOf = heap.alloc(bytes);
  groupOf = heap.alloc(bytes);
  offsetOf = heap.alloc(bytes);
  actOf = heap.alloc(bytes);
  preOf = heap.alloc(bytes);
  rawOf = heap.alloc(bytes);
  gramOf = heap.alloc(bytes);
  tOf = heap.alloc(bytes);
  let offset = 0;
  let widest = 0;
  let pack = 0;
  for (let l = 0; l < count; l++) {
    const rec = table + (<usize>(l * TRAIN_LAYER_FIELDS) << 3);
    const n = <i32>load<f64>(rec);
    const d = <i32>load<f64>(rec, 8);
    const kind = <i32>load<f64>(rec, 16);
    store<i32>(fanIn + (<usize>l << 2), n);
    store<i32>(fanOut + (<usize>l << 2), d);
    store<i32>(kindOf + (<usize>l << 2), kind);
    store<i32>(actKindOf + (<usize>l << 2), <i32>load<f64>(rec, 24));
    store<i32>(groupOf + (<usize>l << 2), max(1, <i32>load<f64>(rec, 32)));
    store<i32>(offsetOf + (<usize>l << 2), offset);
    offset += d * n + d + (kind == 1 ? d : 0);
    widest = max(widest, max(n, d));
    if (l == 0) store<usize>(actOf, allocDoubles(batch * n));
    store<usize>(actOf + (<usize>(l + 1) << 2), allocDoubles(batch * d));
    store<usize>(preOf + (<usize>l << 2), allocDoubles(batch * d));
    if (kind == 1) {
      store<usize>(rawOf + (<usize>l << 2), allocDoubles(batch * d));
      store<usize>(gramOf + (<usize>l << 2), allocDoubles(d * d));
      store<usize>(tOf + (<usize>l << 2), allocDoubles(3 * d));
      pack = max(pack, gramScratchDoubles(n, d));
      pack = max(pack, gemmScratchDoubles(d, n, d));
    }
    pack = max(pack, gemmScratchDoubles(batch, d, n));
    pack = max(pack, gemmScratchDoubles(batch, n, d));
    pack = max(pack, gemmScratchDoubles(d, n, batch));
    if (l == 0) inputs = n;
    if (l == count - 1) classes = d;
  }
  paramCount = offset;
  params = allocDoubles(offset);
  grads = allocDoubles(offset);
  moment1 = allocDoubles(offset);
  moment2 = allocDoubles(offset);
  hooks = allocDoubles(count);
  for (let l = 0; l < count; l++) setF64(hooks, l, 1.0);
  labels = heap.alloc(<usize>max(batch, 2) << 2);
  gradA = allocDoubles(batch * widest);
  gradB = allocDoubles(batch * widest);
  work = allocDoubles(widest * widest);
  scratch = allocDoubles(pack);
  sortValues = allocDoubles(widest);
  sortOrder = heap.alloc(<usize>max(widest, 2) << 2);
  return offset;
}

/** Address of the parameter vector (trainerCreate's count doubles). */
export function trainerParams(): usize {
  return params;
}
/** Address of the gradient vector (same layout as the parameters). */
export function trainerGrads(): usize {
  return grads;
}
/** Address of the per-layer gradient hook factors (one double per layer). */
export function trainerHooks(): usize {
  return hooks;
}
/** Address of the first moment of Adam, then the second at trainerAdamSecond. */
export function trainerAdamFirst(): usize {
  return moment1;
}
export function trainerAdamSecond(): usize {
  return moment2;
}
/** Offset of layer l's W in the parameter vector. */
export function trainerLayerOffset(l: i32): i32 {
  return geti(offsetOf, l);
}
/** Address of the network output (logits, rows × classes) of the last forward pass. */
export function trainerOutput(): usize {
  return getp(actOf, layers);
}

/** Copies rows idx[start .. start+count) of x (R × inputs) and their labels into the batch. */
function gather(x: usize, y: usize, idx: usize, start: i32, count: i32): void {
  const x0 = getp(actOf, 0);
  const rowBytes = <usize>inputs << 3;
  for (let k = 0; k < count; k++) {
    const r = <usize>load<i32>(idx + (<usize>(start + k) << 2));
    memory.copy(x0 + <usize>k * rowBytes, x + r * rowBytes, rowBytes);
    store<i32>(labels + (<usize>k << 2), load<i32>(y + (r << 2)));
  }
  rows = count;
}

/** Forward pass over the current batch: fills x_l, y_l (and z, G, t, s, q for SLL layers). */
function forward(): void {
  const b = rows;
  for (let l = 0; l < layers; l++) {
    const n = geti(fanIn, l);
    const d = geti(fanOut, l);
    const w = params + (<usize>geti(offsetOf, l) << 3);
    const bias = w + (<usize>(d * n) << 3);
    const x = getp(actOf, l);
    const y = getp(preOf, l);
    if (geti(kindOf, l) == 1) {
      const theta = bias + (<usize>d << 3);
      const t = getp(tOf, l);
      const s = t + (<usize>d << 3);
      const q = s + (<usize>d << 3);
      const g = getp(gramOf, l);
      const z = getp(rawOf, l);
      for (let i = 0; i < d; i++) setF64(q, i, Math.exp(f64At(theta, i)));
      // W Wᵀ is the Gram of Wᵀ (n×d with strides (1, n)).
      gramStrided(w, n, d, 1, n, g, scratch);
      rescaleNormalizers(g, d, q, t);
      for (let i = 0; i < d; i++) setF64(s, i, safeInverseSqrt(f64At(t, i)));
      gemmStrided(b, d, n, x, n, 1, w, 1, n, z, d, false, false, scratch);
      for (let k = 0; k < b; k++) {
        const zr = z + (<usize>(k * d) << 3);
        const yr = y + (<usize>(k * d) << 3);
        for (let i = 0; i < d; i++) setF64(yr, i, f64At(zr, i) * f64At(s, i) + f64At(bias, i));
      }
    } else {
      gemmStrided(b, d, n, x, n, 1, w, 1, n, y, d, false, false, scratch);
      for (let k = 0; k < b; k++) {
        const yr = y + (<usize>(k * d) << 3);
        for (let i = 0; i < d; i++) setF64(yr, i, f64At(yr, i) + f64At(bias, i));
      }
    }
    activate(l, y, getp(actOf, l + 1), b * d);
  }
}

/**
 * Sorts the `k` values at v into decreasing order of value by insertion,
 * stably (equal values keep their order), writing the permutation to
 * sortOrder: entry j is the index (0..k−1) of the value sorted into place j.
 */
function sortGroup(v: usize, k: i32): void {
  for (let j = 0; j < k; j++) {
    const x = f64At(v, j);
    let i = j;
    while (i > 0 && f64At(sortValues, i - 1) < x) {
      setF64(sortValues, i, f64At(sortValues, i - 1));
      store<i32>(sortOrder + (<usize>i << 2), load<i32>(sortOrder + (<usize>(i - 1) << 2)));
      i--;
    }
    setF64(sortValues, i, x);
    store<i32>(sortOrder + (<usize>i << 2), j);
  }
}

/** x = φ_l(y) over `total` values (rows × fan-out). */
function activate(l: i32, y: usize, out: usize, total: i32): void {
  const kind = geti(actKindOf, l);
  if (kind == ACT_RELU) {
    for (let i = 0; i < total; i++) setF64(out, i, max(f64At(y, i), 0.0));
  } else if (kind == ACT_ABS) {
    for (let i = 0; i < total; i++) setF64(out, i, Math.abs(f64At(y, i)));
  } else if (kind == ACT_GROUPSORT) {
    const k = geti(groupOf, l);
    if (k == 2) {
      for (let i = 0; i < total; i += 2) {
        const a = f64At(y, i);
        const c = f64At(y, i + 1);
        const top = a >= c; // a tie keeps the order
        setF64(out, i, top ? a : c);
        setF64(out, i + 1, top ? c : a);
      }
    } else {
      for (let g = 0; g < total; g += k) {
        sortGroup(y + (<usize>g << 3), k);
        memory.copy(out + (<usize>g << 3), sortValues, <usize>k << 3);
      }
    }
  } else {
    memory.copy(out, y, <usize>total << 3);
  }
}

/** ∂y from ∂x = ∂φ_l/∂x in place (`grad`, rows × fan-out), given the pre-activation y. */
function activateBackward(l: i32, y: usize, grad: usize, total: i32): void {
  const kind = geti(actKindOf, l);
  if (kind == ACT_RELU) {
    for (let i = 0; i < total; i++) if (!(f64At(y, i) > 0.0)) setF64(grad, i, 0.0);
  } else if (kind == ACT_ABS) {
    for (let i = 0; i < total; i++) {
      const v = f64At(y, i);
      setF64(grad, i, v > 0.0 ? f64At(grad, i) : v < 0.0 ? -f64At(grad, i) : 0.0);
    }
  } else if (kind == ACT_GROUPSORT) {
    const k = geti(groupOf, l);
    if (k == 2) {
      for (let i = 0; i < total; i += 2) {
        if (!(f64At(y, i) >= f64At(y, i + 1))) {
          const top = f64At(grad, i);
          setF64(grad, i, f64At(grad, i + 1));
          setF64(grad, i + 1, top);
        }
      }
    } else {
      for (let g = 0; g < total; g += k) {
        const gr = grad + (<usize>g << 3);
        sortGroup(y + (<usize>g << 3), k);
        // sortValues is free again: hold the group's ∂x there while scattering.
        memory.copy(sortValues, gr, <usize>k << 3);
        for (let j = 0; j < k; j++) setF64(gr, load<i32>(sortOrder + (<usize>j << 2)), f64At(sortValues, j));
      }
    }
  }
}

/**
 * Softmax cross-entropy of the current output against the labels: returns
 * the summed loss over the batch, counts correct argmax predictions into
 * `correct` (address of one double, or 0), and when `grad` ≠ 0 writes
 * ∂(mean loss)/∂logits there (rows × classes).
 */
function crossEntropy(grad: usize, correct: usize): f64 {
  const out = getp(actOf, layers);
  const c = classes;
  let total = 0.0;
  let right = 0;
  const inv = 1.0 / <f64>rows;
  for (let k = 0; k < rows; k++) {
    const row = out + (<usize>(k * c) << 3);
    let top = f64At(row, 0);
    let arg = 0;
    for (let i = 1; i < c; i++) {
      const v = f64At(row, i);
      if (v > top) {
        top = v;
        arg = i;
      }
    }
    let sum = 0.0;
    for (let i = 0; i < c; i++) sum += Math.exp(f64At(row, i) - top);
    const label = load<i32>(labels + (<usize>k << 2));
    const logSum = Math.log(sum);
    total += logSum - (f64At(row, label) - top);
    if (arg == label) right++;
    if (grad != 0) {
      const gr = grad + (<usize>(k * c) << 3);
      for (let i = 0; i < c; i++) {
        const p = Math.exp(f64At(row, i) - top - logSum);
        setF64(gr, i, (p - (i == label ? 1.0 : 0.0)) * inv);
      }
    }
  }
  if (correct != 0) store<f64>(correct, load<f64>(correct) + <f64>right);
  return total;
}

/** Backward pass from ∂loss/∂logits in gradA: fills the gradient vector (hooks applied). */
function backward(): void {
  const b = rows;
  let upper = gradA; // ∂ w.r.t. x_{l+1}, becomes ∂y in place
  let lower = gradB;
  for (let l = layers - 1; l >= 0; l--) {
    const n = geti(fanIn, l);
    const d = geti(fanOut, l);
    const off = geti(offsetOf, l);
    const w = params + (<usize>off << 3);
    const gw = grads + (<usize>off << 3);
    const gb = gw + (<usize>(d * n) << 3);
    const x = getp(actOf, l);
    const y = getp(preOf, l);
    activateBackward(l, y, upper, b * d);
    // ∂b
    for (let i = 0; i < d; i++) setF64(gb, i, 0.0);
    if (useBias) {
      for (let k = 0; k < b; k++) {
        const r = upper + (<usize>(k * d) << 3);
        for (let i = 0; i < d; i++) setF64(gb, i, f64At(gb, i) + f64At(r, i));
      }
    }
    if (geti(kindOf, l) == 1) {
      const gtheta = gb + (<usize>d << 3);
      const t = getp(tOf, l);
      const s = t + (<usize>d << 3);
      const q = s + (<usize>d << 3);
      const g = getp(gramOf, l);
      const z = getp(rawOf, l);
      // ∂s into gtheta temporarily, then ∂t = −½ ∂s s³ kept there.
      for (let i = 0; i < d; i++) setF64(gtheta, i, 0.0);
      for (let k = 0; k < b; k++) {
        const r = upper + (<usize>(k * d) << 3);
        const zr = z + (<usize>(k * d) << 3);
        for (let i = 0; i < d; i++) {
          setF64(gtheta, i, f64At(gtheta, i) + f64At(r, i) * f64At(zr, i));
          setF64(r, i, f64At(r, i) * f64At(s, i)); // ∂z
        }
      }
      // H (work) and ∂θ from ∂t.
      const h = work;
      for (let i = 0; i < d; i++) {
        const si = f64At(s, i);
        setF64(gtheta, i, -0.5 * f64At(gtheta, i) * si * si * si);
      }
      // H_ij = ∂t_i sign(G_ij) q_j/q_i.
      for (let i = 0; i < d; i++) {
        const dti = f64At(gtheta, i);
        const qi = f64At(q, i);
        const grow = g + (<usize>(i * d) << 3);
        const hrow = h + (<usize>(i * d) << 3);
        for (let j = 0; j < d; j++) {
          const gij = f64At(grow, j);
          const ratio = f64At(q, j) / qi;
          setF64(hrow, j, gij > 0.0 ? dti * ratio : gij < 0.0 ? -dti * ratio : 0.0);
        }
      }
      // ∂W = ∂zᵀ X, then += (H + Hᵀ) W. Symmetrise H into the Gram-sized work in place.
      gemmStrided(d, n, b, upper, 1, d, x, n, 1, gw, n, false, false, scratch);
      // ∂θ before H is symmetrised: M_ij = H_ij · G_ij (= ∂t_i |G_ij| q_j/q_i).
      if (trainQ) {
        // Row sums Σ_j M_kj = ∂t_k t_k; column sums accumulated below.
        const colSum = lower; // lower is free until ∂X is written
        for (let j = 0; j < d; j++) setF64(colSum, j, 0.0);
        for (let i = 0; i < d; i++) {
          const grow = g + (<usize>(i * d) << 3);
          const hrow = h + (<usize>(i * d) << 3);
          for (let j = 0; j < d; j++) setF64(colSum, j, f64At(colSum, j) + f64At(hrow, j) * f64At(grow, j));
        }
        for (let k = 0; k < d; k++) setF64(gtheta, k, f64At(colSum, k) - f64At(gtheta, k) * f64At(t, k));
      } else {
        for (let k = 0; k < d; k++) setF64(gtheta, k, 0.0);
      }
      for (let i = 0; i < d; i++) {
        for (let j = i; j < d; j++) {
          const v = f64At(h, i * d + j) + f64At(h, j * d + i);
          setF64(h, i * d + j, v);
          setF64(h, j * d + i, v);
        }
      }
      gemmStrided(d, n, d, h, d, 1, w, n, 1, gw, n, true, false, scratch);
    } else {
      gemmStrided(d, n, b, upper, 1, d, x, n, 1, gw, n, false, false, scratch);
    }
    const hook = f64At(hooks, l);
    if (hook != 1.0) {
      const count = d * n + d;
      for (let i = 0; i < count; i++) setF64(gw, i, f64At(gw, i) * hook);
    }
    if (l > 0) {
      // ∂x_l = ∂z W (SLL: ∂z already holds ∂y·diag(s)).
      gemmStrided(b, n, d, upper, d, 1, w, n, 1, lower, n, false, false, scratch);
      const swap = upper;
      upper = lower;
      lower = swap;
    }
  }
}

/** One Adam update of every parameter from the gradient vector. */
function adam(lr: f64, beta1: f64, beta2: f64, eps: f64): void {
  adamStep++;
  const correction1 = 1.0 - Math.pow(beta1, <f64>adamStep);
  const correction2 = Math.sqrt(1.0 - Math.pow(beta2, <f64>adamStep));
  const stepSize = lr / correction1;
  let start = 0;
  if (ASC_FEATURE_SIMD) {
    // Two parameters per lane pair; sqrt and div are correctly rounded, so the
    // SIMD and scalar builds give identical bits.
    const vb1 = f64x2.splat(beta1);
    const vb2 = f64x2.splat(beta2);
    const va1 = f64x2.splat(1.0 - beta1);
    const va2 = f64x2.splat(1.0 - beta2);
    const vc2 = f64x2.splat(correction2);
    const veps = f64x2.splat(eps);
    const vstep = f64x2.splat(stepSize);
    const pairs = paramCount & ~1;
    for (let i = 0; i < pairs; i += 2) {
      const off = <usize>i << 3;
      const g = v128.load(grads + off);
      const m = f64x2.add(f64x2.mul(vb1, v128.load(moment1 + off)), f64x2.mul(va1, g));
      const v = f64x2.add(f64x2.mul(vb2, v128.load(moment2 + off)), f64x2.mul(f64x2.mul(va2, g), g));
      v128.store(moment1 + off, m);
      v128.store(moment2 + off, v);
      const denom = f64x2.add(f64x2.div(f64x2.sqrt(v), vc2), veps);
      v128.store(params + off, f64x2.sub(v128.load(params + off), f64x2.mul(vstep, f64x2.div(m, denom))));
    }
    start = pairs;
  }
  for (let i = start; i < paramCount; i++) {
    const g = f64At(grads, i);
    const m = beta1 * f64At(moment1, i) + (1.0 - beta1) * g;
    const v = beta2 * f64At(moment2, i) + (1.0 - beta2) * g * g;
    setF64(moment1, i, m);
    setF64(moment2, i, v);
    setF64(params, i, f64At(params, i) - stepSize * (m / (Math.sqrt(v) / correction2 + eps)));
  }
}

/**
 * Loss and gradient (no update) for rows idx[start .. start+count) of x
 * (R × inputs, row-major) with labels y (i32): returns the mean loss; the
 * gradient vector holds ∂(mean loss)/∂parameters with the hooks applied.
 */
export function trainerGradient(x: usize, y: usize, idx: usize, start: i32, count: i32): f64 {
  gather(x, y, idx, start, count);
  forward();
  const loss = crossEntropy(gradA, 0);
  backward();
  return loss / <f64>count;
}

/** One training step (gradient, then Adam) on rows idx[start .. start+count); returns the batch's mean loss. */
export function trainerStep(x: usize, y: usize, idx: usize, start: i32, count: i32, lr: f64, beta1: f64, beta2: f64, eps: f64): f64 {
  const loss = trainerGradient(x, y, idx, start, count);
  adam(lr, beta1, beta2, eps);
  return loss;
}

/**
 * One epoch over the `count` rows listed in idx (already shuffled), in
 * batches of the network's capacity (the last one may be smaller). Returns
 * the mean over batches of the batch mean loss (the author's train loss).
 */
export function trainerEpoch(x: usize, y: usize, idx: usize, count: i32, lr: f64, beta1: f64, beta2: f64, eps: f64): f64 {
  let sum = 0.0;
  let batches = 0;
  for (let start = 0; start < count; start += capacity) {
    sum += trainerStep(x, y, idx, start, min(capacity, count - start), lr, beta1, beta2, eps);
    batches++;
  }
  return batches > 0 ? sum / <f64>batches : 0.0;
}

/**
 * Mean loss and correct predictions over the `count` rows in idx (no
 * update): writes [mean loss per row, correct count] at `out`.
 */
export function trainerEvaluate(x: usize, y: usize, idx: usize, count: i32, out: usize): void {
  let sum = 0.0;
  store<f64>(out, 0.0);
  store<f64>(out, 0.0, 8);
  for (let start = 0; start < count; start += capacity) {
    gather(x, y, idx, start, min(capacity, count - start));
    forward();
    sum += crossEntropy(0, out + 8);
  }
  store<f64>(out, count > 0 ? sum / <f64>count : 0.0);
}

/**
 * Per-layer statistics (TRAIN_STAT_FIELDS doubles per layer at `out`) over
 * the `count` rows in idx, in batches of the capacity: forward and backward
 * passes without an update; each batch's means are weighted by its rows.
 */
export function trainerStatistics(x: usize, y: usize, idx: usize, count: i32, out: usize): void {
  const fields = TRAIN_STAT_FIELDS;
  memory.fill(out, 0, <usize>(layers * fields) << 3);
  let sumY = allocDoubles(layers);
  for (let start = 0; start < count; start += capacity) {
    const m = min(capacity, count - start);
    trainerGradient(x, y, idx, start, m);
    // ∂y per layer is recomputed here from the stored buffers: the backward
    // pass overwrote gradA/gradB, so repeat the pass layer by layer.
    statisticsOfBatch(out, sumY, <f64>m);
  }
  for (let l = 0; l < layers; l++) {
    const rec = out + (<usize>(l * fields) << 3);
    const meanSq = f64At(rec, 0) / <f64>count;
    const mean = f64At(sumY, l) / <f64>count;
    setF64(rec, 0, meanSq);
    setF64(rec, 1, meanSq - mean * mean);
    setF64(rec, 2, f64At(rec, 2) / <f64>count);
    setF64(rec, 3, f64At(rec, 3) / <f64>count);
  }
  heap.free(sumY);
}

/**
 * Adds one batch's sums: Σ mean-over-units y², mean y, (∂loss/∂y)² (from a
 * fresh backward pass that records ∂y per layer) and mean (∂W)², each
 * weighted by the batch rows `m`.
 */
function statisticsOfBatch(out: usize, sumY: usize, m: f64): void {
  const b = rows;
  const fields = TRAIN_STAT_FIELDS;
  for (let l = 0; l < layers; l++) {
    const d = geti(fanOut, l);
    const n = geti(fanIn, l);
    const y = getp(preOf, l);
    const total = b * d;
    let sq = 0.0, sum = 0.0;
    for (let i = 0; i < total; i++) {
      const v = f64At(y, i);
      sq += v * v;
      sum += v;
    }
    const rec = out + (<usize>(l * fields) << 3);
    setF64(rec, 0, f64At(rec, 0) + sq / <f64>d);
    setF64(sumY, l, f64At(sumY, l) + sum / <f64>d);
    const gw = grads + (<usize>geti(offsetOf, l) << 3);
    let gsq = 0.0;
    for (let i = 0; i < d * n; i++) gsq += f64At(gw, i) * f64At(gw, i);
    setF64(rec, 3, f64At(rec, 3) + m * gsq / <f64>(d * n));
  }
  // ∂y per layer: rerun the output gradient and walk down recording it.
  crossEntropy(gradA, 0);
  let upper = gradA;
  let lower = gradB;
  for (let l = layers - 1; l >= 0; l--) {
    const n = geti(fanIn, l);
    const d = geti(fanOut, l);
    const w = params + (<usize>geti(offsetOf, l) << 3);
    const y = getp(preOf, l);
    const total = b * d;
    activateBackward(l, y, upper, total);
    let sq = 0.0;
    for (let i = 0; i < total; i++) sq += f64At(upper, i) * f64At(upper, i);
    const rec = out + (<usize>(l * fields) << 3);
    setF64(rec, 2, f64At(rec, 2) + sq / <f64>d);
    if (l == 0) break;
    if (geti(kindOf, l) == 1) {
      const s = getp(tOf, l) + (<usize>d << 3);
      for (let k = 0; k < b; k++) {
        const r = upper + (<usize>(k * d) << 3);
        for (let i = 0; i < d; i++) setF64(r, i, f64At(r, i) * f64At(s, i));
      }
    }
    gemmStrided(b, n, d, upper, d, 1, w, n, 1, lower, n, false, false, scratch);
    const swap = upper;
    upper = lower;
    lower = swap;
  }
}

/** Fisher–Yates shuffle of `count` i32 values at idx from the active RNG stream. */
export function trainerShuffle(idx: usize, count: i32): void {
  for (let i = count - 1; i > 0; i--) {
    const j = <i32>Math.floor(nextF64() * <f64>(i + 1));
    const a = idx + (<usize>i << 2);
    const b = idx + (<usize>j << 2);
    const v = load<i32>(a);
    store<i32>(a, load<i32>(b));
    store<i32>(b, v);
  }
}
