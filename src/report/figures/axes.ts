/**
 * Log-axis limits around the plotted values (error bars included), so no
 * marker sits on the frame (Chart.js' automatic log range ends exactly at
 * the extreme data point) and the axis spans the data, not whole decades
 * of empty room: values spanning more than four decades get whole decades
 * (at least 0.15 decade of room each side); narrower ones the nearest 1, 2
 * or 5 × 10ᵏ outside 5% of room (0.03–1 → 0.02–2, not 0.01–10).
 */
export function logRange(values: readonly number[]): { min: number; max: number } {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  if (positive.length === 0) return { min: 0.1, max: 1 };
  const lo = Math.min(...positive);
  const hi = Math.max(...positive);
  if (hi / lo > 1e4) return { min: 10 ** Math.floor(Math.log10(lo) - 0.15), max: 10 ** Math.ceil(Math.log10(hi) + 0.15) };
  return { min: niceBelow(lo / 1.05), max: niceAbove(hi * 1.05) };
}

const NICE = [1, 2, 5];

/** The largest 1, 2 or 5 × 10ᵏ ≤ v (v > 0). */
function niceBelow(v: number): number {
  const e = Math.floor(Math.log10(v));
  for (let k = e + 1; k >= e - 1; k--) {
    for (let i = NICE.length - 1; i >= 0; i--) {
      const c = Number((NICE[i] * 10 ** k).toPrecision(12));
      if (c <= v) return c;
    }
  }
  return 10 ** (e - 1);
}

/** The smallest 1, 2 or 5 × 10ᵏ ≥ v (v > 0). */
function niceAbove(v: number): number {
  const e = Math.floor(Math.log10(v));
  for (let k = e - 1; k <= e + 1; k++) {
    for (const m of NICE) {
      const c = Number((m * 10 ** k).toPrecision(12));
      if (c >= v) return c;
    }
  }
  return 10 ** (e + 2);
}

/** Every y and y ± se of a list of series points, for logRange. */
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

/**
 * The measured series (those with error bars) moved side by side around
 * each x: series i of N by (i − (N − 1)/2)·`width`, so error bars at the same
 * x do not sit on one another. Curves and reference lines stay put.
 */
export function dodgeMeasured<S extends { role?: string; points: readonly { x: number }[] }>(series: readonly S[], width: number): S[] {
  const measured = series.filter((s) => s.role === "measured");
  return series.map((s) => {
    const i = measured.indexOf(s);
    if (i < 0) return s;
    const offset = (i - (measured.length - 1) / 2) * width;
    return { ...s, points: s.points.map((p) => ({ ...p, x: p.x + offset })) };
  });
}

/** Limits of an axis of fractions (accuracy): tenths around the values, inside [0, 1]. */
export function unitRange(values: readonly number[]): { min: number; max: number } {
  const { min, max } = paddedLinearRange(values, 0.1);
  return { min: Math.max(0, min), max: Math.min(1, max) };
}
