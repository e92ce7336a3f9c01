/**
 * Builders for the Chart.js configurations of lipvar's figures: line,
 * scatter, bar and histogram-with-curves charts, each with a title, axis
 * titles with units, a legend, optional log axes (decade grid lines, a
 * lighter minor grid), and "measured ± SE" drawn as error bars, said once
 * in the subtitle. Text may carry `_{…}` subscripts (plugins.ts richText). They only shape data the caller already computed; the
 * renderer (render.ts) turns a configuration into a PNG.
 */
import type { Chart, ChartConfiguration, ChartDataset, Scale, ScaleOptions, Tick } from "chart.js";
import { ERROR_BARS_PLUGIN_ID, LEGEND_SYMBOLS_PLUGIN_ID, type ErrorBarPoint } from "./plugins.js";
import { FONT, GREY, PALETTE, axisTitle, seriesStyle, withAlpha, type SeriesRole } from "./style.js";

export interface AxisSpec {
  /** What the axis shows, e.g. "layer size d". */
  label: string;
  /** Its unit, shown in parentheses; omit for dimensionless quantities. */
  unit?: string;
  /** Logarithmic scale (values must be > 0). */
  log?: boolean;
  min?: number;
  max?: number;
  /** Exactly these tick values (e.g. the powers of two measured), instead of automatic ticks. */
  ticks?: number[];
}

export interface PointWithError {
  x: number;
  y: number;
  /** Standard error of y: drawn as an error bar of ± k·se (k = `errorBarSe`). */
  se?: number;
}

export interface SeriesSpec {
  label: string;
  points: PointWithError[];
  /** How the series is drawn (style.ts); default "measured" when any point has an SE, else "exact". */
  role?: SeriesRole;
  color?: string;
}

export interface XYChartSpec {
  title: string;
  /** One line, or several (each its own line). */
  subtitle?: string | string[];
  x: AxisSpec;
  y: AxisSpec;
  series: SeriesSpec[];
  /** Error bars span ± this many standard errors (default 1); the subtitle says so once (withErrorBarNote). */
  errorBarSe?: number;
}

const SUPERSCRIPT: Record<string, string> = { "-": "⁻", "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹" };

/** A log-axis tick label: "0.01"…"1000" written out, other decades as 10ⁿ, with 2× and 5× as "2×10⁻⁵". */
export function formatLogTick(value: number): string {
  if (!(value > 0)) return "";
  const exponent = Math.floor(Math.log10(value) + 1e-9);
  const mantissa = Math.round(value / 10 ** exponent);
  if (exponent >= -2 && exponent <= 3) return String(Number((mantissa * 10 ** exponent).toPrecision(1)));
  const power = `10${String(exponent).replace(/./g, (c) => SUPERSCRIPT[c])}`;
  return mantissa === 1 ? power : `${mantissa}×${power}`;
}

/** The integer m of v = m·10^e, or undefined when v is not such a round value. */
function roundMantissa(v: number): number | undefined {
  if (!(v > 0)) return undefined;
  const exponent = Math.floor(Math.log10(v) + 1e-9);
  const mantissa = Math.round(v / 10 ** exponent);
  return Math.abs(v - mantissa * 10 ** exponent) <= 1e-9 * v ? mantissa : undefined;
}

/** Which log ticks to label: decades always; 2 and 5 too when the axis spans less than 3 decades. */
function logTickCallback(this: Scale, value: number | string): string {
  const v = Number(value);
  const mantissa = roundMantissa(v);
  const span = Math.log10(this.max / this.min);
  // Over more than 12 decades, every third decade: one label per decade would crowd into an unreadable column.
  if (mantissa === 1 && span > 12) return Math.round(Math.log10(v)) % 3 === 0 ? formatLogTick(v) : "";
  if (mantissa === 1 || (span < 3 && (mantissa === 2 || mantissa === 5))) return formatLogTick(v);
  return "";
}

/** A caller-chosen tick value written exactly: 16 → "16", 1e-5 → "10⁻⁵", 0.125 → "0.125". */
export function formatFixedTick(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e6) return String(v);
  if (roundMantissa(Math.abs(v)) !== undefined && v > 0) return formatLogTick(v);
  return String(Number(v.toPrecision(4)));
}

const GRID_COLOR = "#e3e3e3";
const MINOR_GRID_COLOR = "#f2f2f2";

/** A labelled log tick (a decade, or 2 and 5 on a narrow axis) gets a grid line; the unlabelled ones a lighter minor line. */
function isLabelled(context: { tick?: { value: number; label?: unknown } }): boolean {
  const t = context.tick;
  if (!t) return false;
  const label = Array.isArray(t.label) ? t.label.join("") : t.label;
  return label === undefined ? roundMantissa(Number(t.value)) === 1 : String(label) !== "";
}

interface GridContext {
  tick?: { value: number; label?: unknown };
  scale?: { min: number; max: number };
}

/** Over more than six decades the minor lines (eight per decade) would fill the plot with grey: as matplotlib, none are drawn there. */
function minorGridShown(context: GridContext): boolean {
  const s = context.scale;
  return !s || !(s.min > 0) || Math.log10(s.max / s.min) <= 6;
}

function logGridColor(context: GridContext): string {
  if (isLabelled(context)) return GRID_COLOR;
  return minorGridShown(context) ? MINOR_GRID_COLOR : "rgba(0, 0, 0, 0)";
}

function logGridWidth(context: GridContext): number {
  return isLabelled(context) ? 1 : 0.75;
}

/**
 * Limits of a linear axis with caller-chosen ticks (layer indices, epochs)
 * and no limits of its own: half a tick gap beyond the first and last tick,
 * so the markers there are not cut by the frame.
 */
function paddedTickRange(axis: AxisSpec): { min?: number; max?: number } {
  const t = axis.ticks;
  if (axis.log || !t || t.length < 2 || axis.min !== undefined || axis.max !== undefined) return { min: axis.min, max: axis.max };
  const sorted = [...t].sort((a, b) => a - b);
  const gap = Math.min(...sorted.slice(1).map((v, i) => v - sorted[i]));
  return { min: sorted[0] - gap / 2, max: sorted.at(-1)! + gap / 2 };
}

function scaleOptions(axis: AxisSpec, kind: "x" | "y"): ScaleOptions<"linear" | "logarithmic"> {
  const fixedTicks = axis.ticks;
  const options = {
    type: axis.log ? "logarithmic" : "linear",
    ...paddedTickRange(axis),
    title: { display: true, text: axisTitle(axis.label, axis.unit), font: { size: FONT.axisTitle } },
    // On a log axis Chart.js draws a line at every 1–9 × 10ᵏ: labelled ticks get the grid colour, the rest a lighter, thinner minor grid (as matplotlib's minor grid).
    grid: axis.log && !fixedTicks ? { color: logGridColor, lineWidth: logGridWidth } : { color: GRID_COLOR },
    border: { color: "#444" },
    ticks: {
      font: { size: FONT.base },
      color: "#222",
      ...(axis.log && !fixedTicks ? { callback: logTickCallback, autoSkip: false, maxRotation: 0 } : {}),
      ...(fixedTicks ? { autoSkip: false, maxRotation: 0, callback: (v: number | string) => formatFixedTick(Number(v)) } : {}),
    },
    ...(fixedTicks ? { afterBuildTicks: (scale: Scale) => (scale.ticks = fixedTicks.map((value): Tick => ({ value }))) } : {}),
  };
  void kind;
  return options as unknown as ScaleOptions<"linear" | "logarithmic">;
}

const LEGEND_BOX_WIDTH = 44;

/** Characters of subtitle text that fit one line of a 1000-pixel chart at the subtitle's size. */
export const SUBTITLE_LINE_CHARS = 110;

/**
 * Subtitle lines no longer than `max` characters: a longer line is cut into
 * as few lines as it needs, of about equal length — at a "; " or " · " near
 * each cut when there is one, else at the space nearest to it (Chart.js would
 * squeeze a long line into a condensed font the width of the chart; a greedy
 * cut can leave one word alone on the last line).
 */
export function wrapSubtitle(subtitle: string | string[] | undefined, max = SUBTITLE_LINE_CHARS): string | string[] | undefined {
  if (subtitle === undefined) return undefined;
  const out: string[] = [];
  for (let rest of Array.isArray(subtitle) ? subtitle : [subtitle]) {
    while (rest.length > max) {
      const target = Math.ceil(rest.length / Math.ceil(rest.length / max));
      const cuts = (re: RegExp) => [...rest.slice(0, max + 1).matchAll(re)].map((m) => m.index!);
      const nearest = (at: number[]) => at.reduce((best, i) => (Math.abs(i - target) < Math.abs(best - target) ? i : best), -1);
      const separators = cuts(/; | · /g).filter((i) => i >= 0.5 * target);
      const cut = separators.length > 0 ? nearest(separators) : nearest(cuts(/ /g).filter((i) => i > 0));
      if (cut <= 0) break;
      out.push(rest.slice(0, cut + (rest[cut] === ";" ? 1 : 0)));
      rest = rest.slice(cut).replace(/^(; | · | )/, "");
    }
    out.push(rest);
  }
  return out.length === 1 ? out[0] : out;
}

function commonOptions(spec: { title: string; subtitle?: string | string[] }) {
  const subtitle = wrapSubtitle(spec.subtitle);
  return {
    responsive: false,
    animation: false as const,
    layout: { padding: { top: 6, right: 18, bottom: 6, left: 6 } },
    plugins: {
      title: { display: true, text: spec.title, font: { size: FONT.title, weight: "bold" as const }, color: "#111", padding: { top: 6, bottom: subtitle ? 2 : 10 } },
      subtitle: { display: Boolean(subtitle), text: subtitle ?? "", font: { size: FONT.subtitle }, color: "#444", padding: { bottom: 10 } },
      legend: {
        display: true,
        position: "top" as const,
        // Invisible boxes in dataset order; the legendSymbols plugin draws each series' symbol into them.
        labels: {
          boxWidth: LEGEND_BOX_WIDTH,
          boxHeight: 14,
          padding: 18,
          font: { size: FONT.legend },
          color: "#222",
          generateLabels: (chart: Chart) =>
            chart.data.datasets.map((ds, i) => ({
              text: String(ds.label ?? ""),
              fillStyle: "rgba(0,0,0,0)",
              strokeStyle: "rgba(0,0,0,0)",
              lineWidth: 0,
              hidden: !chart.isDatasetVisible(i),
              datasetIndex: i,
            })),
        },
      },
      [LEGEND_SYMBOLS_PLUGIN_ID]: { boxWidth: LEGEND_BOX_WIDTH },
      tooltip: { enabled: false },
      [ERROR_BARS_PLUGIN_ID]: { capWidth: 8, lineWidth: 1.5 },
    },
  };
}

function checkSeries(series: SeriesSpec[], yLog: boolean | undefined, xLog: boolean | undefined): void {
  for (const s of series) {
    for (const p of s.points) {
      if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) throw new RangeError(`series '${s.label}' has a non-finite point (${p.x}, ${p.y})`);
      if (xLog && p.x <= 0) throw new RangeError(`series '${s.label}' has x = ${p.x} on a log x axis (must be > 0)`);
      if (yLog && p.y <= 0) throw new RangeError(`series '${s.label}' has y = ${p.y} on a log y axis (must be > 0)`);
    }
  }
}

function xyDatasets(spec: XYChartSpec, pointsOnly: boolean): ChartDataset<"line", ErrorBarPoint[]>[] {
  const k = spec.errorBarSe ?? 1;
  const counters = new Map<string, number>();
  let colorIndex = 0;
  return spec.series.map((s) => {
    const hasSe = s.points.some((p) => p.se !== undefined);
    const role: SeriesRole = s.role ?? (hasSe ? "measured" : "exact");
    const nth = counters.get(role) ?? 0;
    counters.set(role, nth + 1);
    const style = seriesStyle(role, role === "bound" ? nth : colorIndex++, s.color);
    return {
      label: s.label,
      data: s.points.map((p) => (p.se === undefined ? { x: p.x, y: p.y } : { x: p.x, y: p.y, yMin: p.y - k * p.se, yMax: p.y + k * p.se })),
      ...style,
      showLine: pointsOnly ? role !== "measured" : style.showLine,
      fill: false,
      tension: 0,
      // Draw measurements above curves.
      order: role === "measured" ? 0 : 1,
    };
  });
}

/**
 * The y scale, widened to hold whole error bars: Chart.js fits the axis to
 * the y values only, which would let bars run off the plot.
 */
function yScaleWithErrorBars(spec: XYChartSpec): ScaleOptions<"linear" | "logarithmic"> {
  const y = scaleOptions(spec.y, "y");
  const k = spec.errorBarSe ?? 1;
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of spec.series) {
    for (const p of s.points) {
      const ends = p.se === undefined ? [p.y] : [p.y - k * p.se, p.y + k * p.se];
      for (const v of ends) {
        if (!Number.isFinite(v) || (spec.y.log && v <= 0)) continue;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
  }
  const widened = y as { suggestedMin?: number; suggestedMax?: number };
  if (spec.y.min === undefined && lo < Infinity) widened.suggestedMin = lo;
  if (spec.y.max === undefined && hi > -Infinity) widened.suggestedMax = hi;
  return y;
}

/**
 * The subtitle with the error bars' meaning said once for the whole chart
 * (not in every legend entry): "error bars: ± k SE" is added unless the
 * subtitle already says "± k SE".
 */
export function withErrorBarNote(subtitle: string | string[] | undefined, k: number, hasErrorBars: boolean): string | string[] | undefined {
  if (!hasErrorBars) return subtitle;
  const lines = subtitle === undefined ? [] : Array.isArray(subtitle) ? subtitle : [subtitle];
  if (lines.some((l) => l.includes(`± ${k} SE`))) return subtitle;
  const note = `error bars: ± ${k} SE`;
  if (lines.length === 0) return note;
  // A long last line gets the note on a line of its own: Chart.js squeezes a line wider than the chart into a condensed font.
  const last = lines.at(-1)!;
  const out = last.length + note.length > 110 ? [...lines, note] : [...lines.slice(0, -1), `${last}; ${note}`];
  return out.length === 1 ? out[0] : out;
}

function xyChart(spec: XYChartSpec, pointsOnly: boolean): ChartConfiguration<"line", ErrorBarPoint[]> {
  checkSeries(spec.series, spec.y.log, spec.x.log);
  const hasErrorBars = spec.series.some((s) => s.points.some((p) => p.se !== undefined && p.se > 0));
  const subtitle = withErrorBarNote(spec.subtitle, spec.errorBarSe ?? 1, hasErrorBars);
  return {
    type: "line",
    data: { datasets: xyDatasets(spec, pointsOnly) },
    options: { ...commonOptions({ ...spec, subtitle }), scales: { x: scaleOptions(spec.x, "x"), y: yScaleWithErrorBars(spec) } },
  } as ChartConfiguration<"line", ErrorBarPoint[]>;
}

/** Lines through (x, y) points on numeric axes; measured series get markers and error bars. */
export function lineChart(spec: XYChartSpec): ChartConfiguration<"line", ErrorBarPoint[]> {
  return xyChart(spec, false);
}

/** Like lineChart, but measured series are unjoined markers (with error bars); curves stay lines. */
export function scatterChart(spec: XYChartSpec): ChartConfiguration<"line", ErrorBarPoint[]> {
  return xyChart(spec, true);
}

export interface BarChartSpec {
  title: string;
  /** One line, or several (each its own line). */
  subtitle?: string | string[];
  /** Category names along x. */
  categories: string[];
  x: AxisSpec;
  y: AxisSpec;
  series: { label: string; values: number[]; color?: string }[];
}

/** Grouped bars, one group per category. */
export function barChart(spec: BarChartSpec): ChartConfiguration<"bar"> {
  for (const s of spec.series) {
    if (s.values.length !== spec.categories.length) {
      throw new RangeError(`series '${s.label}' has ${s.values.length} values for ${spec.categories.length} categories`);
    }
  }
  const x = { ...scaleOptions({ ...spec.x, log: false }, "x"), type: "category" };
  return {
    type: "bar",
    data: {
      labels: spec.categories,
      datasets: spec.series.map((s, i) => {
        const c = s.color ?? PALETTE[i % PALETTE.length];
        return { label: s.label, data: s.values, backgroundColor: withAlpha(c, 0.75), borderColor: c, borderWidth: 1.5 };
      }),
    },
    options: {
      ...commonOptions(spec),
      scales: { x, y: scaleOptions(spec.y, "y") },
    },
  } as unknown as ChartConfiguration<"bar">;
}

export interface HistogramSeries {
  label: string;
  /** Bin centres and heights (e.g. from histogramDensity), equal bin width `width`. */
  centers: number[];
  heights: number[];
  width: number;
  color?: string;
}

export interface HistogramChartSpec {
  title: string;
  /** One line, or several (each its own line). */
  subtitle?: string | string[];
  x: AxisSpec;
  y: AxisSpec;
  histograms: HistogramSeries[];
  /** Curves drawn over the bars, e.g. a pdf (role "exact" by default). */
  curves?: SeriesSpec[];
}

/**
 * Histograms as touching translucent bars on a numeric x axis, with curves
 * (pdfs, predictions) drawn on top.
 */
export function histogramChart(spec: HistogramChartSpec): ChartConfiguration {
  const curves = spec.curves ?? [];
  checkSeries(curves, spec.y.log, spec.x.log);
  const bars = spec.histograms.map((h, i) => {
    if (h.centers.length !== h.heights.length) throw new RangeError(`histogram '${h.label}' has ${h.centers.length} centres and ${h.heights.length} heights`);
    const c = h.color ?? PALETTE[i % PALETTE.length];
    return {
      type: "bar" as const,
      label: h.label,
      data: h.centers.map((x, j) => ({ x, y: h.heights[j] })),
      backgroundColor: withAlpha(c, spec.histograms.length > 1 ? 0.35 : 0.45),
      borderColor: withAlpha(c, 0.9),
      borderWidth: 1,
      barPercentage: 1,
      categoryPercentage: 1,
      grouped: false,
      order: 2,
      pointStyle: "rect" as const,
    };
  });
  const lines = xyDatasets({ ...spec, series: curves }, false).map((d, i) => ({
    ...d,
    type: "line" as const,
    // Curves default to palette colours after the histograms' own.
    ...(curves[i].color ? {} : { borderColor: i === 0 && spec.histograms.length === 1 ? "#000000" : PALETTE[(spec.histograms.length + i) % PALETTE.length] }),
    order: 0,
  }));
  const base = commonOptions(spec);
  return {
    type: "bar",
    data: { datasets: [...bars, ...lines] },
    options: {
      ...base,
      scales: { x: { ...scaleOptions(spec.x, "x"), offset: false }, y: { ...scaleOptions(spec.y, "y"), beginAtZero: !spec.y.log } },
    },
  } as unknown as ChartConfiguration;
}

export { GREY };
