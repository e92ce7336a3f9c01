/**
 * Plain-TypeScript references for the Lipschitz kernel tests: straight
 * textbook loops with no blocking, written independently of assembly/, and a
 * small seeded generator for test matrices (not the library's RNG).
 */
import { detectFeatures } from "../../src/wasm/features.js";
import type { BuildName } from "../../src/wasm/loader.js";

/** The builds this engine runs, decided at run time: relaxed only where the engine accepts it. */
export function runnableBuilds(): BuildName[] {
  return detectFeatures().relaxedSimd ? ["baseline", "simd", "relaxed"] : ["baseline", "simd"];
}

/** Mulberry32: a tiny seeded generator for test inputs. */
export function testRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A matrix with entries uniform on (−1, 1). */
export function randomMatrix(rows: number, cols: number, seed: number): Float64Array {
  const r = testRandom(seed);
  const m = new Float64Array(rows * cols);
  for (let i = 0; i < m.length; i++) m[i] = 2 * r() - 1;
  return m;
}

/** C = A·B and |A|·|B| (the scale of each element's rounding error). */
export function referenceMatmul(A: Float64Array, B: Float64Array, m: number, k: number, n: number) {
  const C = new Float64Array(m * n);
  const scale = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let a = 0;
      for (let p = 0; p < k; p++) {
        s += A[i * k + p] * B[p * n + j];
        a += Math.abs(A[i * k + p] * B[p * n + j]);
      }
      C[i * n + j] = s;
      scale[i * n + j] = a;
    }
  }
  return { C, scale };
}

/** G = WᵀW for row-major W (d×n), with Σ_k |w_ki w_kj| as the error scale. */
export function referenceGram(W: Float64Array, d: number, n: number) {
  const G = new Float64Array(n * n);
  const scale = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let a = 0;
      for (let k = 0; k < d; k++) {
        s += W[k * n + i] * W[k * n + j];
        a += Math.abs(W[k * n + i] * W[k * n + j]);
      }
      G[i * n + j] = s;
      scale[i * n + j] = a;
    }
  }
  return { G, scale };
}

/** AOL/SLL: t_i = Σ_j |G_ij| q_j/q_i, W̄ = W diag(t)^{-1/2} with 0 for t = 0. */
export function referenceRescale(W: Float64Array, d: number, n: number, q?: ArrayLike<number>) {
  const { G } = referenceGram(W, d, n);
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += Math.abs(G[i * n + j]) * (q ? q[j] / q[i] : 1);
    t[i] = s;
  }
  const scaled = new Float64Array(d * n);
  for (let k = 0; k < d; k++) for (let i = 0; i < n; i++) scaled[k * n + i] = t[i] === 0 ? 0 : W[k * n + i] / Math.sqrt(t[i]);
  return { t, scaled };
}

/** Row convention: W̄ = diag(t)^{-1/2} W with t from the row Gram WWᵀ, i.e. the column rescaling of Wᵀ. */
export function referenceRowRescale(W: Float64Array, d: number, n: number, q?: ArrayLike<number>) {
  const transpose = (A: Float64Array, rows: number, cols: number) => {
    const T = new Float64Array(rows * cols);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) T[c * rows + r] = A[r * cols + c];
    return T;
  };
  const { t, scaled } = referenceRescale(transpose(W, d, n), n, d, q);
  return { t, scaled: transpose(scaled, n, d) };
}

/** Largest |x_i − y_i| / scale_i (scale_i = 0 requires equality). */
export function maxScaledError(x: ArrayLike<number>, y: ArrayLike<number>, scale: ArrayLike<number> | number): number {
  let worst = 0;
  for (let i = 0; i < x.length; i++) {
    const s = typeof scale === "number" ? scale : scale[i];
    const e = Math.abs(x[i] - y[i]);
    if (Number.isNaN(e)) return NaN;
    worst = Math.max(worst, s === 0 ? (e === 0 ? 0 : Infinity) : e / s);
  }
  return worst;
}

/** Bin values like the kernels' documented rule: floor((x − lo)·bins/(hi − lo)), under for < lo or NaN, over for ≥ hi. */
export function referenceHistogram(values: ArrayLike<number>, bins: number, lo: number, hi: number) {
  const counts = new Float64Array(bins);
  let under = 0;
  let over = 0;
  const perUnit = bins / (hi - lo);
  for (let i = 0; i < values.length; i++) {
    const u = (values[i] - lo) * perUnit;
    if (!(u >= 0)) under++;
    else if (u >= bins) over++;
    else counts[Math.floor(u)]++;
  }
  return { counts, under, over };
}

/** y = W̄x + b for every sample (sample-major X: batch × n). */
function layerForward(Wbar: Float64Array, d: number, n: number, b: ArrayLike<number>, X: Float64Array, batch: number): Float64Array {
  const Y = new Float64Array(batch * d);
  for (let s = 0; s < batch; s++) {
    for (let k = 0; k < d; k++) {
      let acc = b[k];
      for (let i = 0; i < n; i++) acc += Wbar[k * n + i] * X[s * n + i];
      Y[s * d + k] = acc;
    }
  }
  return Y;
}

const meanOf = (a: ArrayLike<number>, f: (x: number) => number = (x) => x) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += f(a[i]);
  return s / a.length;
};

/**
 * The activation of one sample's row, written from its definition: ReLU,
 * abs, or GroupSort with groups of K (each group sorted in decreasing order,
 * a last short group on its own), with the Jacobian as a list of (output,
 * input, slope) entries.
 */
export function referenceActivation(y: ArrayLike<number>, activation: string): { x: number[]; jacobian: [number, number, number][] } {
  const d = y.length;
  if (activation === "relu") return { x: Array.from(y, (v) => Math.max(v, 0)), jacobian: Array.from(y, (v, i) => [i, i, v > 0 ? 1 : 0] as [number, number, number]) };
  if (activation === "abs") return { x: Array.from(y, Math.abs), jacobian: Array.from(y, (v, i) => [i, i, Math.sign(v)] as [number, number, number]) };
  const K = activation === "maxmin" ? 2 : Number(activation.split(":")[1]);
  const x = new Array<number>(d);
  const jacobian: [number, number, number][] = [];
  for (let g = 0; g < d; g += K) {
    const idx = [];
    for (let i = g; i < Math.min(g + K, d); i++) idx.push(i);
    idx.sort((a, b) => y[b] - y[a]);
    idx.forEach((src, j) => {
      x[g + j] = y[src];
      jacobian.push([g + j, src, 1]);
    });
  }
  return { x, jacobian };
}

/** Mean over units of the variance across samples (divisor N), and the mean pairwise cosine of the sample rows (pair by pair). */
export function referenceSpread(Y: ArrayLike<number>, batch: number, d: number): { unitVariance: number; meanCosine: number } {
  if (batch < 2) return { unitVariance: 0, meanCosine: 0 };
  let unitVariance = 0;
  for (let k = 0; k < d; k++) {
    let m = 0;
    for (let b = 0; b < batch; b++) m += Y[b * d + k] / batch;
    for (let b = 0; b < batch; b++) unitVariance += (Y[b * d + k] - m) ** 2 / batch / d;
  }
  const norm = (b: number) => Math.sqrt(Array.from({ length: d }, (_, k) => Y[b * d + k] ** 2).reduce((a, c) => a + c, 0));
  let cos = 0;
  for (let a = 0; a < batch; a++) {
    for (let b = 0; b < batch; b++) {
      if (a === b) continue;
      const na = norm(a);
      const nb = norm(b);
      if (na === 0 || nb === 0) continue;
      let dot = 0;
      for (let k = 0; k < d; k++) dot += Y[a * d + k] * Y[b * d + k];
      cos += dot / (na * nb);
    }
  }
  return { unitVariance, meanCosine: cos / (batch * (batch - 1)) };
}

/**
 * Forward and backward through a feed-forward AOL/SLL stack, written from
 * MATH.md §4 directly: per layer the mean and mean square of y, mean square
 * of ReLU(y), of ∂loss/∂y_l and of ∂loss/∂x_{l−1}, and the mean of w̄², and
 * every y_l and ∂loss/∂y_l (gys, for histograms). loss = Σ y_L, or Σ ReLU(y_L) with reluOnOutput.
 */
export function referenceForwardBackward(
  widths: number[], batch: number, inputs: Float64Array,
  W: Float64Array[], q: Float64Array[], bias: Float64Array[], reluOnOutput = false, gram: "column" | "row" = "column", activation = "relu",
) {
  const L = widths.length - 1;
  const Wbar: Float64Array[] = [];
  const ys: Float64Array[] = [];
  const jacobians: [number, number, number][][][] = [];
  const layers = [];
  let X = inputs;
  for (let l = 1; l <= L; l++) {
    const [n, d] = [widths[l - 1], widths[l]];
    const { scaled } = (gram === "row" ? referenceRowRescale : referenceRescale)(W[l - 1], d, n, q[l - 1]);
    Wbar.push(scaled);
    const Y = layerForward(scaled, d, n, bias[l - 1], X, batch);
    ys.push(Y);
    const next = new Float64Array(batch * d);
    const jac: [number, number, number][][] = [];
    for (let b = 0; b < batch; b++) {
      const a = referenceActivation(Y.subarray(b * d, (b + 1) * d), activation);
      next.set(a.x, b * d);
      jac.push(a.jacobian);
    }
    jacobians.push(jac);
    X = next;
    layers.push({
      mean: meanOf(Y),
      variance: meanOf(Y, (y) => y * y),
      activationMeanSquare: meanOf(X, (x) => x * x),
      weightMeanSquare: meanOf(scaled, (w) => w * w),
      gradOutputMeanSquare: 0,
      gradInputMeanSquare: 0,
      ...referenceSpread(Y, batch, d),
    });
  }
  // ∂y = Jᵀ ∂x for layer l's activation (row by row).
  const back = (l: number, gx: Float64Array, d: number) => {
    const gy = new Float64Array(batch * d);
    for (let b = 0; b < batch; b++) for (const [out, src, slope] of jacobians[l - 1][b]) gy[b * d + src] += slope * gx[b * d + out];
    return gy;
  };
  let gy = reluOnOutput ? back(L, new Float64Array(batch * widths[L]).fill(1), widths[L]) : new Float64Array(batch * widths[L]).fill(1);
  const gys: Float64Array[] = new Array<Float64Array>(L);
  for (let l = L; l >= 1; l--) {
    gys[l - 1] = gy;
    const [n, d] = [widths[l - 1], widths[l]];
    const gx = new Float64Array(batch * n);
    for (let s = 0; s < batch; s++) {
      for (let i = 0; i < n; i++) {
        let acc = 0;
        for (let k = 0; k < d; k++) acc += Wbar[l - 1][k * n + i] * gy[s * d + k];
        gx[s * n + i] = acc;
      }
    }
    layers[l - 1].gradOutputMeanSquare = meanOf(gy, (g) => g * g);
    layers[l - 1].gradInputMeanSquare = meanOf(gx, (g) => g * g);
    if (l > 1) gy = back(l - 1, gx, n);
  }
  return { input: { mean: meanOf(inputs), meanSquare: meanOf(inputs, (x) => x * x) }, layers, ys, gys };
}

/** SLL residual blocks h(x) = x − 2 Pᵀ diag(s)^{-1} ReLU(P x + b), s_i = Σ_j |(PPᵀ)_ij| q_j/q_i (MATH.md §1). */
export function referenceResidual(
  width: number, inner: number, batch: number, inputs: Float64Array,
  P: Float64Array[], q: Float64Array[], bias: Float64Array[],
) {
  let X = inputs.slice();
  const blocks = [];
  const outputs: Float64Array[] = [];
  for (let j = 0; j < P.length; j++) {
    // PPᵀ is the Gram of Pᵀ (width × inner).
    const Pt = new Float64Array(width * inner);
    for (let i = 0; i < inner; i++) for (let c = 0; c < width; c++) Pt[c * inner + i] = P[j][i * width + c];
    const { t: s } = referenceRescale(Pt, width, inner, q[j]);
    const next = new Float64Array(batch * width);
    let zSq = 0;
    let dSq = 0;
    for (let b = 0; b < batch; b++) {
      const r = new Float64Array(inner);
      for (let i = 0; i < inner; i++) {
        let z = bias[j][i];
        for (let c = 0; c < width; c++) z += P[j][i * width + c] * X[b * width + c];
        zSq += z * z;
        r[i] = z > 0 && s[i] !== 0 ? (2 * z) / s[i] : 0;
      }
      for (let c = 0; c < width; c++) {
        let branch = 0;
        for (let i = 0; i < inner; i++) branch += P[j][i * width + c] * r[i];
        dSq += branch * branch;
        next[b * width + c] = X[b * width + c] - branch;
      }
    }
    X = next;
    outputs.push(X);
    blocks.push({
      mean: meanOf(X),
      meanSquare: meanOf(X, (x) => x * x),
      preactivationMeanSquare: zSq / (batch * inner),
      branchMeanSquare: dSq / (batch * width),
      ...referenceSpread(X, batch, width),
    });
  }
  return { blocks, outputs };
}
