/**
 * Fixed-bin histograms as plain JSON-serialisable results. Chunks computed by
 * different workers merge by adding counts (exact: integers), so histograms
 * are identical whatever the worker count.
 *
 * Convention (kernels that bin values themselves must follow it): `bins`
 * equal bins over [lo, hi); bin i holds lo + i·w ≤ x < lo + (i+1)·w with
 * w = (hi − lo)/bins, index ⌊(x − lo)·bins/(hi − lo)⌋; x < lo counts as
 * underflow, x ≥ hi as overflow, NaN as nan.
 */
import type { HistogramCounts } from "../wasm/histogram.js";

export interface Histogram {
  lo: number;
  hi: number;
  /** One count per bin; `counts.length` is the number of bins. */
  counts: number[];
  underflow: number;
  overflow: number;
  nan: number;
}

/** An empty histogram of `bins` (integer from 1 to 10^6) equal bins over [lo, hi) (finite, lo < hi). */
export function createHistogram(lo: number, hi: number, bins: number): Histogram {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(lo < hi)) {
    throw new RangeError(`histogram range must be finite numbers lo < hi, got [${lo}, ${hi})`);
  }
  if (!Number.isInteger(bins) || bins < 1 || bins > 1_000_000) {
    throw new RangeError(`bins must be an integer from 1 to 1000000, got ${bins}`);
  }
  return { lo, hi, counts: new Array<number>(bins).fill(0), underflow: 0, overflow: 0, nan: 0 };
}

/** Kernel histogram counts (NaN counted as under) as an experiments Histogram. */
export function fromKernelHistogram(h: HistogramCounts): Histogram {
  return { lo: h.min, hi: h.max, counts: Array.from(h.counts), underflow: h.under, overflow: h.over, nan: 0 };
}

/** Count `values` into `histogram` (mutated and returned). */
export function addToHistogram(histogram: Histogram, values: ArrayLike<number>): Histogram {
  const { lo, hi, counts } = histogram;
  const bins = counts.length;
  const scale = bins / (hi - lo);
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (x < lo) histogram.underflow++;
    else if (x >= hi) histogram.overflow++;
    else if (x === x) {
      // Rounding can give `bins` for x just below hi: that value belongs to the last bin.
      counts[Math.min(bins - 1, Math.floor((x - lo) * scale))]++;
    } else histogram.nan++;
  }
  return histogram;
}

function sameBins(a: Histogram, b: Histogram): boolean {
  return a.lo === b.lo && a.hi === b.hi && a.counts.length === b.counts.length;
}

/** A new histogram with the counts of `a` and `b` added; both must have the same range and bins. */
export function mergeHistograms(a: Histogram, b: Histogram): Histogram {
  if (!sameBins(a, b)) {
    throw new RangeError(
      `histograms must have the same bins to merge: [${a.lo}, ${a.hi}) × ${a.counts.length} vs [${b.lo}, ${b.hi}) × ${b.counts.length}`,
    );
  }
  return {
    lo: a.lo,
    hi: a.hi,
    counts: a.counts.map((c, i) => c + b.counts[i]),
    underflow: a.underflow + b.underflow,
    overflow: a.overflow + b.overflow,
    nan: a.nan + b.nan,
  };
}

/** Merge a non-empty list of histograms in order. */
export function mergeAllHistograms(parts: readonly Histogram[]): Histogram {
  if (parts.length === 0) throw new RangeError("mergeAllHistograms needs at least one histogram");
  return parts.slice(1).reduce(mergeHistograms, parts[0]);
}

/** Every value counted except NaN: bins plus underflow and overflow. */
export function histogramTotal(h: Histogram): number {
  return h.counts.reduce((a, b) => a + b, 0) + h.underflow + h.overflow;
}

/** The bin width (hi − lo)/bins. */
export function binWidth(h: Histogram): number {
  return (h.hi - h.lo) / h.counts.length;
}

/** The bins + 1 bin edges, lo … hi. */
export function binEdges(h: Histogram): number[] {
  const bins = h.counts.length;
  return Array.from({ length: bins + 1 }, (_, i) => (i === bins ? h.hi : h.lo + ((h.hi - h.lo) * i) / bins));
}

/** The bin midpoints. */
export function binCenters(h: Histogram): number[] {
  const bins = h.counts.length;
  return h.counts.map((_, i) => h.lo + ((h.hi - h.lo) * (i + 0.5)) / bins);
}

export interface HistogramDensity {
  centers: number[];
  density: number[];
  width: number;
}

/**
 * The histogram as a probability density estimate, comparable with a pdf:
 * density_i = count_i / (N · width). By default N counts every non-NaN value
 * (out-of-range ones too), so the bars integrate to the fraction of values in
 * range and match the pdf of the whole distribution; `relativeTo: "inRange"`
 * uses only in-range values (bars integrate to 1: the density conditional on
 * the range). An empty histogram gives zeros.
 */
export function histogramDensity(h: Histogram, relativeTo: "all" | "inRange" = "all"): HistogramDensity {
  const inRange = h.counts.reduce((a, b) => a + b, 0);
  const n = relativeTo === "all" ? inRange + h.underflow + h.overflow : inRange;
  const width = binWidth(h);
  return {
    centers: binCenters(h),
    density: h.counts.map((c) => (n > 0 ? c / (n * width) : 0)),
    width,
  };
}
