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
  // Branch-free: the slot is picked by selects, not jumps (values near the
  // range ends would make branches mispredict). <i32>u saturates, so huge u is safe.
  const inside = select<i32>(<i32>u, bins + 1, u < <f64>bins);
  const slot = select<i32>(inside, bins, u >= 0.0);
  const p = counts + (<usize>slot << 3);
  store<f64>(p, load<f64>(p) + 1.0);
}
