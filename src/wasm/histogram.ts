/**
 * Fixed-range histograms filled inside the kernels (assembly/histogram.ts):
 * the request and result types, and the checks and readers the wrappers use.
 */

/** A fixed-range histogram request: `bins` equal bins over [min, max). */
export interface HistogramSpec {
  min: number;
  max: number;
  bins: number;
}

/** Per-layer ranges: one number for every layer, or one per layer. */
export interface LayerHistogramSpec {
  min: number | readonly number[];
  max: number | readonly number[];
  bins: number;
}

/** Counts of a fixed-range histogram; values below `min` (and NaN) are `under`, at or above `max` are `over`. */
export interface HistogramCounts {
  min: number;
  max: number;
  counts: Float64Array;
  under: number;
  over: number;
}

/** Largest bin count accepted: far beyond any figure, small enough to keep the buffers trivial. */
const MAX_BINS = 1 << 24;

export function checkBins(name: string, bins: number): void {
  if (typeof bins !== "number" || !Number.isInteger(bins) || bins < 1 || bins > MAX_BINS) {
    throw new RangeError(`${name} must be an integer in [1, ${MAX_BINS}], got ${bins}`);
  }
}

export function checkRange(name: string, min: number, max: number): void {
  if (!Number.isFinite(min) || !Number.isFinite(max) || !(min < max)) {
    throw new RangeError(`${name} must be finite numbers with min < max, got [${min}, ${max})`);
  }
}

/** Resolve per-layer ranges (validated) for `count` layers or blocks. */
export function layerRanges(spec: LayerHistogramSpec, count: number, option = "histogram"): { lo: number[]; hi: number[] } {
  checkBins(`${option}.bins`, spec.bins);
  const pick = (v: number | readonly number[], name: string): number[] => {
    if (typeof v === "number") return new Array<number>(count).fill(v);
    if (!Array.isArray(v) || v.length !== count) {
      throw new RangeError(`${option}.${name} must be a number or an array of ${count} numbers, got ${Array.isArray(v) ? `${v.length} numbers` : typeof v}`);
    }
    return v.slice();
  };
  const lo = pick(spec.min, "min");
  const hi = pick(spec.max, "max");
  for (let i = 0; i < count; i++) checkRange(`${option} range ${i}`, lo[i], hi[i]);
  return { lo, hi };
}

export function readHistogram(view: Float64Array, bins: number, min: number, max: number): HistogramCounts {
  return { min, max, counts: view.slice(0, bins), under: view[bins], over: view[bins + 1] };
}
