/**
 * A synthetic data set with Covertype's schema, generated from a seed so the
 * training experiment runs offline:
 *
 *  - 10 continuous columns with roughly Covertype's scales (normal with each
 *    column's mean and standard deviation from the UCI data, rounded to
 *    integers, clipped at 0 except Vertical_Distance_To_Hydrology, the three
 *    hillshades clipped to 0..255) — raw, unstandardised, as the author feeds
 *    Covertype;
 *  - 4 wilderness-area indicators (one-hot; Covertype's area proportions);
 *  - 40 soil-type indicators (one-hot; proportions drawn once from the seed,
 *    Gamma(½)-weighted, so a few soils are common and many rare);
 *  - labels 1–7 (stored 0–6) from a fixed random teacher: a ReLU network
 *    54 → 32 → 7 on the standardised columns, argmax of its logits plus
 *    per-class offsets fitted so the class proportions are Covertype's
 *    (36.5, 48.8, 6.2, 0.5, 1.6, 3.0, 3.5 %, fitted on the first
 *    10,000 rows). A plain network of the
 *    experiment's kind can represent the teacher, so it can learn the labels;
 *    the majority-class rate is ≈ 48.8 %, as on Covertype.
 *
 * Draws (seed S): normals for the measurements from stream 0, uniforms for
 * the indicators from stream 1, the teacher's weights from stream 2, the soil
 * proportions from stream 3. The same (seed, rows) gives the same table.
 */
import { MAX_BLOCK_BYTES, type Kernels } from "../wasm/kernels.js";
import { sampleGamma, sampleNormal } from "../wasm/sampling.js";
import { COVERTYPE, covertypeColumnNames, type TabularData } from "./types.js";

/** Mean and standard deviation of Covertype's 10 measurements (UCI data, rounded). */
const CONTINUOUS_SCALE: [number, number][] = [
  [2959, 280],
  [156, 112],
  [14, 7.5],
  [269, 212],
  [46, 58],
  [2350, 1559],
  [212, 27],
  [223, 20],
  [143, 38],
  [1980, 1324],
];
/** Rows per wilderness area in the UCI data. */
const WILDERNESS_COUNTS = [260796, 29884, 253364, 36968];
const TEACHER_HIDDEN = 32;
const FIT_ROWS = 10000;
const FIT_ROUNDS = 30;

export const SYNTHETIC_STREAMS = { measurements: 0, indicators: 1, teacher: 2, soil: 3 } as const;

function cumulative(weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  return weights.map((w) => (acc += w / total));
}

function pick(cum: readonly number[], u: number): number {
  for (let i = 0; i < cum.length - 1; i++) if (u < cum[i]) return i;
  return cum.length - 1;
}

export interface SyntheticOptions {
  rows: number;
  seed: bigint | number;
}

/** The most rows a synthetic table may have: it goes into Wasm memory whole, as one block of doubles (1 GiB). */
export const SYNTHETIC_MAX_ROWS = Math.floor(MAX_BLOCK_BYTES / (8 * (CONTINUOUS_SCALE.length + COVERTYPE.wilderness + COVERTYPE.soil)));

/**
 * A synthetic table with the Covertype schema (what `lipvar train` trains on
 * without --data): the same from the same seed on every machine and build.
 * 
 * @param k - The kernels, from `await loadKernels()`.
 * @param options - `rows` (1 to SYNTHETIC_MAX_ROWS) and `seed`.
 * @returns The table: 54 features (10 continuous, 4 wilderness and 40 soil indicators) and labels 0–6 from a fixed random teacher network.
 * @throws RangeError naming rows or seed.
 * @example
 * ```ts
 * import { loadKernels, syntheticCovertype } from "lipvar";
 * const t = syntheticCovertype(await loadKernels(), { rows: 100, seed: 1 });
 * t.labels.length; // returns 100
 * ```
 */
export function syntheticCovertype(k: Kernels, options: SyntheticOptions): TabularData {
  const { rows, seed } = options;
  if (!Number.isInteger(rows) || rows < 1) throw new RangeError(`rows must be an integer >= 1, got ${rows}`);
  const nc = CONTINUOUS_SCALE.length;
  const columns = nc + COVERTYPE.wilderness + COVERTYPE.soil;
  const maxRows = SYNTHETIC_MAX_ROWS;
  if (rows > maxRows) throw new RangeError(`rows must be at most ${maxRows} for the ${columns}-column synthetic table to fit in one block of Wasm memory (1 GiB), got ${rows}`);
  const features = new Float64Array(rows * columns);
  const z = sampleNormal(k, { count: rows * nc, seed, stream: SYNTHETIC_STREAMS.measurements });
  k.seed({ seed, stream: SYNTHETIC_STREAMS.indicators });
  const u = k.uniforms(rows * 2);
  const soilWeights = sampleGamma(k, { count: COVERTYPE.soil, shape: 0.5, seed, stream: SYNTHETIC_STREAMS.soil });
  const wildCum = cumulative(WILDERNESS_COUNTS);
  const soilCum = cumulative(Array.from(soilWeights));
  for (let r = 0; r < rows; r++) {
    const row = r * columns;
    for (let j = 0; j < nc; j++) {
      const [mean, sd] = CONTINUOUS_SCALE[j];
      let v = Math.round(mean + sd * z[r * nc + j]);
      if (j !== 4) v = Math.max(0, v);
      if (j >= 6 && j <= 8) v = Math.min(255, v);
      features[row + j] = v;
    }
    features[row + nc + pick(wildCum, u[2 * r])] = 1;
    features[row + nc + COVERTYPE.wilderness + pick(soilCum, u[2 * r + 1])] = 1;
  }
  const logits = teacherLogits(k, features, rows, columns, seed);
  const offsets = fitOffsets(logits, Math.min(rows, FIT_ROWS));
  const labels = new Int32Array(rows);
  for (let r = 0; r < rows; r++) labels[r] = argmaxWithOffsets(logits, r, offsets);
  return {
    features,
    labels,
    columns,
    classes: COVERTYPE.classes,
    columnNames: covertypeColumnNames(),
    continuous: CONTINUOUS_SCALE.map((_, j) => j),
    source: `synthetic Covertype schema (seed ${seed}, ${rows} rows)`,
  };
}

/** The teacher's logits (rows × 7): ReLU(W1 x̃ + b1), then W2 h + b2, x̃ the standardised row. */
function teacherLogits(k: Kernels, features: Float64Array, rows: number, columns: number, seed: bigint | number): Float64Array {
  const h = TEACHER_HIDDEN;
  const c = COVERTYPE.classes;
  const count = h * columns + h + c * h + c;
  const w = sampleNormal(k, { count, seed, stream: SYNTHETIC_STREAMS.teacher });
  const w1 = w.subarray(0, h * columns);
  const b1 = w.subarray(h * columns, h * columns + h);
  const w2 = w.subarray(h * columns + h, h * columns + h + c * h);
  const b2 = w.subarray(h * columns + h + c * h);
  const s1 = Math.sqrt(2 / columns);
  const s2 = Math.sqrt(2 / h);
  const x = new Float64Array(columns);
  const hidden = new Float64Array(h);
  const out = new Float64Array(rows * c);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < columns; j++) {
      const v = features[r * columns + j];
      // Measurements standardised by the generating scale; indicators scaled up so area and soil matter.
      x[j] = j < CONTINUOUS_SCALE.length ? (v - CONTINUOUS_SCALE[j][0]) / CONTINUOUS_SCALE[j][1] : 3 * v;
    }
    for (let i = 0; i < h; i++) {
      let s = 0;
      for (let j = 0; j < columns; j++) s += w1[i * columns + j] * x[j];
      hidden[i] = Math.max(0, s1 * s + 0.5 * b1[i]);
    }
    for (let i = 0; i < c; i++) {
      let s = 0;
      for (let j = 0; j < h; j++) s += w2[i * h + j] * hidden[j];
      out[r * c + i] = s2 * s + 0.5 * b2[i];
    }
  }
  return out;
}

function argmaxWithOffsets(logits: Float64Array, r: number, offsets: readonly number[]): number {
  const c = offsets.length;
  let best = 0;
  let top = -Infinity;
  for (let i = 0; i < c; i++) {
    const v = logits[r * c + i] + offsets[i];
    if (v > top) {
      top = v;
      best = i;
    }
  }
  return best;
}

/**
 * Per-class offsets making the argmax proportions over the first `rows` rows
 * match Covertype's: iterative proportional fitting of the mean softmax of
 * (logits + offsets)/T, annealed from T = the logits' spread down to 1/100
 * of it, where the softmax is close to the argmax. (Fitting the argmax
 * counts directly oscillates when two classes trade the rows between them.)
 */
function fitOffsets(logits: Float64Array, rows: number): number[] {
  const c = COVERTYPE.classes;
  const total = COVERTYPE.classCounts.reduce((a, b) => a + b, 0);
  const target = COVERTYPE.classCounts.map((n) => n / total);
  const offsets = new Array<number>(c).fill(0);
  let mean = 0;
  let sq = 0;
  for (let i = 0; i < rows * c; i++) {
    mean += logits[i];
    sq += logits[i] * logits[i];
  }
  mean /= rows * c;
  const spread = Math.sqrt(Math.max(sq / (rows * c) - mean * mean, 1e-12));
  const p = new Array<number>(c);
  for (const t of [1, 0.3, 0.1, 0.03, 0.01].map((f) => f * spread)) {
    for (let round = 0; round < FIT_ROUNDS; round++) {
      const share = new Array<number>(c).fill(0);
      for (let r = 0; r < rows; r++) {
        let top = -Infinity;
        for (let i = 0; i < c; i++) top = Math.max(top, (logits[r * c + i] + offsets[i]) / t);
        let sum = 0;
        for (let i = 0; i < c; i++) sum += p[i] = Math.exp((logits[r * c + i] + offsets[i]) / t - top);
        for (let i = 0; i < c; i++) share[i] += p[i] / sum;
      }
      for (let i = 0; i < c; i++) offsets[i] += t * Math.log(target[i] / Math.max(share[i] / rows, 1e-300));
    }
  }
  return offsets;
}
