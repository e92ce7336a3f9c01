/**
 * Log-axis limits at whole decades around the plotted values (error bars
 * included), so no marker sits on the frame: Chart.js' automatic log range
 * ends exactly at the extreme data point.
 */
export function decadeRange(values: readonly number[]): { min: number; max: number } {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  if (positive.length === 0) return { min: 0.1, max: 1 };
  const lo = Math.min(...positive);
  const hi = Math.max(...positive);
  // At least 0.15 decade of room on each side, so markers near a decade line do not touch the frame.
  return { min: 10 ** Math.floor(Math.log10(lo) - 0.15), max: 10 ** Math.ceil(Math.log10(hi) + 0.15) };
}

/** Every y and y ± se of a list of series points, for decadeRange. */
export function allValues(series: readonly { points: readonly { y: number; se?: number }[] }[]): number[] {
  return series.flatMap((s) => s.points.flatMap((p) => (p.se ? [p.y, p.y - p.se, p.y + p.se] : [p.y])));
}

/** Linear-axis limits at multiples of `step` with at least 0.4·step of room around the values (markers and reference lines off the frame). */
export function paddedLinearRange(values: readonly number[], step: number): { min: number; max: number } {
  const finite = values.filter(Number.isFinite);
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  return { min: Math.floor((lo - 0.4 * step) / step) * step, max: Math.ceil((hi + 0.4 * step) / step) * step };
}
