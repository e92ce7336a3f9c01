// Fixed-range histograms accumulated into host buffers, so chunks merge by
// adding their arrays. A histogram with `bins` bins over [lo, hi) occupies
// bins + 2 doubles: counts[0..bins−1], then counts[bins] = values below lo
// (and NaN), counts[bins+1] = values at or above hi. Bin of x:
// floor((x − lo)·bins/(hi − lo)); a value just below hi whose scaled position
// rounds up to bins counts as overflow. Counts are doubles (exact to 2^53).

/** Add one value to the histogram at `counts` (see the file comment for the layout). */
// @ts-ignore: decorator
@inline export function histogramAdd(counts: usize, bins: i32, lo: f64, perUnit: f64, x: f64): void {
  const u = (x - lo) * perUnit;
  let slot: i32;
  if (!(u >= 0.0)) slot = bins;
  else if (u >= <f64>bins) slot = bins + 1;
  else slot = <i32>u;
  const p = counts + (<usize>slot << 3);
  store<f64>(p, load<f64>(p) + 1.0);
}
