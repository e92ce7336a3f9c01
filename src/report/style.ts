/**
 * The look shared by every figure: a colour-blind-safe palette (Okabe & Ito
 * 2008), one line style per kind of series, font sizes that stay readable at
 * 1000×650, and how "measured ± SE" is shown — markers with vertical error
 * bars (drawn by the errorBars plugin) rather than a shaded band, because
 * measurements are taken at discrete layer sizes and a band would suggest
 * values between them.
 */

/** Okabe–Ito colours (the eighth from Paul Tol's set), in the order series take them. */
export const PALETTE = [
  "#0072B2", // blue
  "#D55E00", // vermillion
  "#009E73", // bluish green
  "#CC79A7", // reddish purple
  "#E69F00", // orange
  "#56B4E9", // sky blue
  "#000000", // black
  "#882255", // wine (Paul Tol's; Okabe–Ito's yellow is too weak on white)
] as const;

/** Neutral grey for bounds and reference lines. */
export const GREY = "#6b6b6b";

export const FONT_FAMILY = "DejaVu Sans, Helvetica, Arial, sans-serif";
export const FONT = { base: 15, title: 20, subtitle: 15, axisTitle: 16, legend: 15 } as const;

/**
 * What a series is, which fixes how it is drawn:
 * - measured: Monte Carlo estimates — markers with ± k·SE error bars, thin joining line;
 * - exact: an exact analytic value — solid line, no markers;
 * - approximation: an approximate closed form (mean-field, the paper's) — dashed line;
 * - bound: an inequality (1/d) — dotted grey line;
 * - reference: anything else drawn for orientation — dash-dot line.
 */
export type SeriesRole = "measured" | "exact" | "approximation" | "bound" | "reference";

export interface SeriesStyle {
  borderColor: string;
  backgroundColor: string;
  borderWidth: number;
  borderDash: number[];
  pointRadius: number;
  pointHoverRadius: number;
  pointStyle: "circle" | "line" | "rect" | "triangle" | "rectRot";
  showLine: boolean;
}

/** Marker shapes for successive measured series, so they differ without colour too. */
const MARKERS: SeriesStyle["pointStyle"][] = ["circle", "rect", "triangle", "rectRot"];

/** The dataset style of the `index`-th series with this role (colour from `color` or the palette). */
export function seriesStyle(role: SeriesRole, index: number, color?: string): SeriesStyle {
  const c = color ?? (role === "bound" ? GREY : PALETTE[index % PALETTE.length]);
  const line = { borderColor: c, backgroundColor: c, pointRadius: 0, pointHoverRadius: 0, pointStyle: "line" as const, showLine: true };
  switch (role) {
    case "measured":
      return { ...line, borderWidth: 1.5, borderDash: [], pointRadius: 4.5, pointHoverRadius: 4.5, pointStyle: MARKERS[index % MARKERS.length] };
    case "exact":
      return { ...line, borderWidth: 2.5, borderDash: [] };
    case "approximation":
      return { ...line, borderWidth: 2.5, borderDash: [9, 5] };
    case "bound":
      return { ...line, borderWidth: 2, borderDash: [2, 4] };
    case "reference":
      return { ...line, borderWidth: 2, borderDash: [10, 4, 2, 4] };
  }
}

/** A translucent version of a #rrggbb colour (histogram bars). */
export function withAlpha(color: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (!m) return color;
  return `rgba(${parseInt(m[1], 16)}, ${parseInt(m[2], 16)}, ${parseInt(m[3], 16)}, ${alpha})`;
}

/** "label (unit)", or the label alone without a unit. */
export function axisTitle(label: string, unit?: string): string {
  return unit ? `${label} (${unit})` : label;
}

/** matplotlib's viridis at 0, 1/9, …, 1 (dark purple → yellow). */
const VIRIDIS = ["#440154", "#482878", "#3e4989", "#31688e", "#26828e", "#1f9e89", "#35b779", "#6ece58", "#b5de2b", "#fde725"];

/**
 * `count` colours for series ordered by a parameter (d = 1, 2, …, 128):
 * viridis from dark to light, stopping short of its yellow end (weak on
 * white), so the order reads from the colour as in matplotlib's colormaps.
 */
export function sequentialColors(count: number): string[] {
  const at = (t: number) => {
    const x = t * (VIRIDIS.length - 1);
    const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
    const f = x - i;
    const a = VIRIDIS[i];
    const b = VIRIDIS[i + 1];
    const channel = (k: number) => Math.round(parseInt(a.slice(1 + 2 * k, 3 + 2 * k), 16) * (1 - f) + parseInt(b.slice(1 + 2 * k, 3 + 2 * k), 16) * f);
    return `#${[0, 1, 2].map((k) => channel(k).toString(16).padStart(2, "0")).join("")}`;
  };
  return Array.from({ length: count }, (_, i) => at(count === 1 ? 0 : (0.85 * i) / (count - 1)));
}
