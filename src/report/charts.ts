/**
 * Builders for the Chart.js configurations of lipvar's figures: line,
 * scatter, bar and histogram-with-curves charts, each with a title, axis
 * titles with units, a legend, optional log axes, and "measured ± SE" drawn
 * as error bars. They only shape data the caller already computed; the
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
  /** Error bars span ± this many standard errors (default 1); the legend says so. */
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

function scaleOptions(axis: AxisSpec, kind: "x" | "y"): ScaleOptions<"linear" | "logarithmic"> {
  const fixedTicks = axis.ticks;
  const options = {
    type: axis.log ? "logarithmic" : "linear",
    min: axis.min,
    max: axis.max,
    title: { display: true, text: axisTitle(axis.label, axis.unit), font: { size: FONT.axisTitle } },
    grid: { color: "#e3e3e3" },
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

function commonOptions(spec: { title: string; subtitle?: string | string[] }) {
  return {
    responsive: false,
    animation: false as const,
    layout: { padding: { top: 6, right: 18, bottom: 6, left: 6 } },
    plugins: {
      title: { display: true, text: spec.title, font: { size: FONT.title, weight: "bold" as const }, color: "#111", padding: { top: 6, bottom: spec.subtitle ? 2 : 10 } },
      subtitle: { display: Boolean(spec.subtitle), text: spec.subtitle ?? "", font: { size: FONT.subtitle }, color: "#444", padding: { bottom: 10 } },
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
      label: hasSe ? `${s.label} (± ${k} SE)` : s.label,
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

function xyChart(spec: XYChartSpec, pointsOnly: boolean): ChartConfiguration<"line", ErrorBarPoint[]> {
  checkSeries(spec.series, spec.y.log, spec.x.log);
  return {
    type: "line",
    data: { datasets: xyDatasets(spec, pointsOnly) },
    options: { ...commonOptions(spec), scales: { x: scaleOptions(spec.x, "x"), y: yScaleWithErrorBars(spec) } },
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
