/**
 * Chart.js plugins the renderer registers for every chart:
 * - `richText` draws subscripts: any text Chart.js writes (title, subtitle,
 *   axis titles, legend, ticks) may contain `_{…}` (as in LaTeX), drawn as a
 *   real subscript — smaller and lowered — in the chart's own font, so
 *   "V_{G}(d, d)" reads V with a subscript G whether or not Unicode has a
 *   subscript form of the letter. It wraps the chart's canvas context's
 *   fillText and measureText, so Chart.js lays the legend out with the true
 *   widths. Text without `_{` is left to the canvas untouched.
 * - `whiteBackground` fills the canvas before drawing: PNGs rendered with a
 *   transparent background look broken in dark image viewers.
 * - `errorBars` draws vertical error bars (with caps) for datasets whose
 *   points carry `yMin`/`yMax` — Chart.js has none built in. Bars are drawn
 *   through the axis' own value→pixel mapping, so they are right on log axes
 *   (a lower end ≤ 0 on a log axis is clipped at the plot's bottom edge).
 * - `legendSymbols` draws each legend entry's symbol as the series looks in
 *   the plot — dash pattern and width for lines, the marker with an error bar
 *   for measurements, a filled box for bars. Chart.js's own legend can show
 *   either stretched markers or solid lines, not both (charts.ts gives the
 *   legend invisible boxes of the right size for this plugin to draw into).
 * Plain objects, no Chart.js import: they work with whichever Chart.js copy
 * chartjs-node-canvas loads.
 */
import type { Chart, Plugin } from "chart.js";

export const BACKGROUND_PLUGIN_ID = "lipvarBackground";
export const RICH_TEXT_PLUGIN_ID = "lipvarRichText";
export const ERROR_BARS_PLUGIN_ID = "lipvarErrorBars";
export const LEGEND_SYMBOLS_PLUGIN_ID = "lipvarLegendSymbols";

/** A data point with an error interval: drawn as a vertical bar from yMin to yMax. */
export interface ErrorBarPoint {
  x: number;
  y: number;
  yMin?: number;
  yMax?: number;
}

export const whiteBackground: Plugin = {
  id: BACKGROUND_PLUGIN_ID,
  beforeDraw(chart: Chart, _args: unknown, options: { color?: string }) {
    const { ctx, width, height } = chart;
    ctx.save();
    // Nothing is drawn yet at beforeDraw, so a plain fill lies under everything. (Not "destination-over": cairo cannot
    // express that in SVG or PDF and would fall back to one embedded bitmap of the whole chart.)
    ctx.fillStyle = options?.color ?? "#ffffff";
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

/** One run of text: plain, or a subscript. */
export interface TextRun {
  text: string;
  sub: boolean;
}

/** Split "V_{G}(d, d)" into runs [V][G, sub][(d, d)]; an unclosed "_{" is kept as plain text. */
export function parseRichText(text: string): TextRun[] {
  const runs: TextRun[] = [];
  let rest = text;
  for (;;) {
    const open = rest.indexOf("_{");
    const close = open < 0 ? -1 : rest.indexOf("}", open + 2);
    if (open < 0 || close < 0) {
      if (rest) runs.push({ text: rest, sub: false });
      return runs;
    }
    if (open > 0) runs.push({ text: rest.slice(0, open), sub: false });
    runs.push({ text: rest.slice(open + 2, close), sub: true });
    rest = rest.slice(close + 1);
  }
}

/** The text as a reader without the renderer sees it: subscripts written plainly ("V_{G}(d, d)" → "VG(d, d)"; Unicode subscripts where every character has one). */
export function plainText(text: string): string {
  return parseRichText(text)
    .map((r) => (r.sub ? toUnicodeSubscript(r.text) ?? r.text : r.text))
    .join("");
}

const SUBSCRIPTS: Record<string, string> = {
  "0": "₀", "1": "₁", "2": "₂", "3": "₃", "4": "₄", "5": "₅", "6": "₆", "7": "₇", "8": "₈", "9": "₉",
  "+": "₊", "−": "₋", "-": "₋", "=": "₌", "(": "₍", ")": "₎",
  a: "ₐ", e: "ₑ", h: "ₕ", i: "ᵢ", j: "ⱼ", k: "ₖ", l: "ₗ", m: "ₘ", n: "ₙ", o: "ₒ", p: "ₚ", r: "ᵣ", s: "ₛ", t: "ₜ", u: "ᵤ", v: "ᵥ", x: "ₓ",
  β: "ᵦ", γ: "ᵧ", ρ: "ᵨ", φ: "ᵩ", χ: "ᵪ",
};

/** Unicode subscript characters for `text`, or undefined when one has none (most capitals, b, ℓ). */
export function toUnicodeSubscript(text: string): string | undefined {
  let out = "";
  for (const c of text) {
    const s = SUBSCRIPTS[c];
    if (s === undefined) return undefined;
    out += s;
  }
  return out;
}

/** Subscript size and drop, as fractions of the font size (TeX's script size is 0.7). */
const SUB_SIZE = 0.7;
const SUB_DROP = 0.25;

function fontSize(font: string): number {
  const m = /(\d+(?:\.\d+)?)px/.exec(font);
  return m ? Number(m[1]) : 12;
}

type TextContext = CanvasRenderingContext2D & { lipvarRichText?: true };

/** Make `ctx` draw and measure `_{…}` as subscripts (idempotent). */
export function enableRichText(ctx: CanvasRenderingContext2D): void {
  const c = ctx as TextContext;
  if (c.lipvarRichText) return;
  c.lipvarRichText = true;
  const fillText = c.fillText.bind(c);
  const measureText = c.measureText.bind(c);
  const subFont = (font: string) => font.replace(/(\d+(?:\.\d+)?)px/, (_m, px: string) => `${(Number(px) * SUB_SIZE).toFixed(2)}px`);
  const runWidths = (runs: TextRun[]) => {
    const font = c.font;
    const widths = runs.map((r) => {
      if (!r.sub) return measureText(r.text).width;
      c.font = subFont(font);
      const w = measureText(r.text).width;
      c.font = font;
      return w;
    });
    return widths;
  };
  c.measureText = (text: string): TextMetrics => {
    if (typeof text !== "string" || !text.includes("_{")) return measureText(text);
    const runs = parseRichText(text);
    const width = runWidths(runs).reduce((a, b) => a + b, 0);
    const m = measureText(runs.map((r) => r.text).join(""));
    return {
      width,
      actualBoundingBoxLeft: m.actualBoundingBoxLeft,
      actualBoundingBoxRight: width - m.actualBoundingBoxLeft,
      actualBoundingBoxAscent: m.actualBoundingBoxAscent,
      actualBoundingBoxDescent: Math.max(m.actualBoundingBoxDescent, SUB_DROP * fontSize(c.font)),
      fontBoundingBoxAscent: m.fontBoundingBoxAscent,
      fontBoundingBoxDescent: m.fontBoundingBoxDescent,
    } as TextMetrics;
  };
  c.fillText = (text: string, x: number, y: number, maxWidth?: number): void => {
    if (typeof text !== "string" || !text.includes("_{")) return maxWidth === undefined ? fillText(text, x, y) : fillText(text, x, y, maxWidth);
    const runs = parseRichText(text);
    const widths = runWidths(runs);
    const total = widths.reduce((a, b) => a + b, 0);
    const align = c.textAlign;
    const rtl = c.direction === "rtl";
    const leftAligned = align === "left" || (align === "start" && !rtl) || (align === "end" && rtl);
    const start = leftAligned ? x : align === "center" ? x - total / 2 : x - total;
    const font = c.font;
    const drop = SUB_DROP * fontSize(font);
    c.save();
    c.textAlign = "left";
    let at = start;
    runs.forEach((r, i) => {
      c.font = r.sub ? subFont(font) : font;
      fillText(r.text, at, r.sub ? y + drop : y);
      at += widths[i];
    });
    c.restore();
  };
}

export const richText: Plugin = {
  id: RICH_TEXT_PLUGIN_ID,
  beforeInit(chart: Chart) {
    if (chart.ctx) enableRichText(chart.ctx);
  },
};

export const errorBars: Plugin = {
  id: ERROR_BARS_PLUGIN_ID,
  afterDatasetsDraw(chart: Chart, _args: unknown, options: { capWidth?: number; lineWidth?: number }) {
    const { ctx, chartArea } = chart;
    const cap = options?.capWidth ?? 8;
    chart.data.datasets.forEach((dataset, i) => {
      const meta = chart.getDatasetMeta(i);
      if (!chart.isDatasetVisible(i) || meta.type !== "line" && meta.type !== "scatter") return;
      const yScale = chart.scales[meta.yAxisID ?? "y"];
      if (!yScale) return;
      const color = String((dataset as { borderColor?: unknown }).borderColor ?? "#000");
      ctx.save();
      ctx.beginPath();
      // Clip vertically only: bars on the first and last x must keep both caps.
      ctx.rect(chartArea.left - cap, chartArea.top, chartArea.right - chartArea.left + 2 * cap, chartArea.bottom - chartArea.top);
      ctx.clip();
      ctx.strokeStyle = color;
      ctx.lineWidth = options?.lineWidth ?? 1.5;
      ctx.setLineDash([]);
      meta.data.forEach((element, j) => {
        const raw = dataset.data[j] as ErrorBarPoint | null | undefined;
        if (!raw || typeof raw !== "object" || raw.yMin === undefined || raw.yMax === undefined) return;
        if (!Number.isFinite(raw.yMin) || !Number.isFinite(raw.yMax)) return;
        const logAxis = yScale.type === "logarithmic";
        const top = yScale.getPixelForValue(raw.yMax);
        const bottom = logAxis && raw.yMin <= 0 ? chartArea.bottom : yScale.getPixelForValue(raw.yMin);
        const x = element.x;
        ctx.beginPath();
        ctx.moveTo(x, top);
        ctx.lineTo(x, bottom);
        ctx.moveTo(x - cap / 2, top);
        ctx.lineTo(x + cap / 2, top);
        if (!(logAxis && raw.yMin <= 0)) {
          ctx.moveTo(x - cap / 2, bottom);
          ctx.lineTo(x + cap / 2, bottom);
        }
        ctx.stroke();
      });
      ctx.restore();
    });
  },
};

type Ctx = CanvasRenderingContext2D;

/** A point marker like Chart.js draws it: circle, rect, triangle or rectRot (diamond), radius r. */
function drawMarker(ctx: Ctx, style: string, x: number, y: number, r: number): void {
  ctx.beginPath();
  switch (style) {
    case "rect": {
      const h = r * Math.SQRT1_2;
      ctx.rect(x - h, y - h, 2 * h, 2 * h);
      break;
    }
    case "rectRot":
      ctx.moveTo(x, y - r);
      ctx.lineTo(x + r, y);
      ctx.lineTo(x, y + r);
      ctx.lineTo(x - r, y);
      ctx.closePath();
      break;
    case "triangle":
      ctx.moveTo(x, y - r);
      ctx.lineTo(x + r * 0.866, y + r * 0.5);
      ctx.lineTo(x - r * 0.866, y + r * 0.5);
      ctx.closePath();
      break;
    default:
      ctx.arc(x, y, r, 0, 2 * Math.PI);
  }
  ctx.fill();
  ctx.stroke();
}

interface LegendDataset {
  type?: string;
  borderColor?: unknown;
  backgroundColor?: unknown;
  borderWidth?: unknown;
  borderDash?: unknown;
  pointRadius?: unknown;
  pointStyle?: unknown;
  showLine?: boolean;
  data: unknown[];
}

/** Room between a top legend and the plot, so the top tick label of the y axis does not sit under the legend. */
export const LEGEND_GAP = 14;

export const legendSymbols: Plugin = {
  id: LEGEND_SYMBOLS_PLUGIN_ID,
  beforeLayout(chart: Chart) {
    const legend = chart.legend as unknown as { fit: () => void; height: number; options?: { position?: string }; lipvarGap?: boolean } | undefined;
    if (!legend || legend.lipvarGap) return;
    const fit = legend.fit;
    legend.fit = function (this: typeof legend) {
      fit.call(this);
      if (this!.options?.position === "top") this!.height += LEGEND_GAP;
    };
    legend.lipvarGap = true;
  },
  afterDraw(chart: Chart, _args: unknown, options: { boxWidth?: number }) {
    const legend = chart.legend as unknown as {
      options?: { display?: boolean };
      legendItems?: { datasetIndex?: number; hidden?: boolean }[];
      legendHitBoxes?: { left: number; top: number; width: number; height: number }[];
    };
    if (!legend?.options?.display || !legend.legendItems || !legend.legendHitBoxes) return;
    const boxWidth = options?.boxWidth ?? 44;
    const { ctx } = chart;
    legend.legendItems.forEach((item, k) => {
      const box = legend.legendHitBoxes![k];
      if (!box || item.datasetIndex === undefined) return;
      const ds = chart.data.datasets[item.datasetIndex] as unknown as LegendDataset;
      const color = String(ds.borderColor ?? "#000");
      const x0 = box.left;
      const x1 = box.left + boxWidth;
      const cy = box.top + box.height / 2;
      ctx.save();
      if (item.hidden) ctx.globalAlpha = 0.35;
      const type = ds.type ?? (chart.config as { type?: string }).type;
      if (type === "bar") {
        ctx.fillStyle = String(ds.backgroundColor ?? color);
        ctx.strokeStyle = color;
        ctx.lineWidth = 1;
        ctx.fillRect(x0 + 4, cy - 7, boxWidth - 8, 14);
        ctx.strokeRect(x0 + 4, cy - 7, boxWidth - 8, 14);
        ctx.restore();
        return;
      }
      ctx.strokeStyle = color;
      ctx.fillStyle = String(ds.backgroundColor ?? color);
      if (ds.showLine !== false) {
        ctx.lineWidth = Number(ds.borderWidth ?? 2);
        ctx.setLineDash(Array.isArray(ds.borderDash) ? (ds.borderDash as number[]) : []);
        ctx.beginPath();
        ctx.moveTo(x0, cy);
        ctx.lineTo(x1, cy);
        ctx.stroke();
      }
      ctx.setLineDash([]);
      const cx = (x0 + x1) / 2;
      const hasErrorBars = ds.data.some((p) => p !== null && typeof p === "object" && "yMin" in (p as object));
      if (hasErrorBars) {
        ctx.lineWidth = 1.5;
        ctx.beginPath();
        ctx.moveTo(cx, cy - 9);
        ctx.lineTo(cx, cy + 9);
        ctx.moveTo(cx - 4, cy - 9);
        ctx.lineTo(cx + 4, cy - 9);
        ctx.moveTo(cx - 4, cy + 9);
        ctx.lineTo(cx + 4, cy + 9);
        ctx.stroke();
      }
      const r = Number(ds.pointRadius ?? 0);
      if (r > 0) {
        ctx.lineWidth = 1;
        drawMarker(ctx, String(ds.pointStyle ?? "circle"), cx, cy, r);
      }
      ctx.restore();
    });
  },
};
