/**
 * The one renderer: a Chart.js configuration → PNG (at any pixel scale), SVG
 * or PDF bytes through chartjs-node-canvas (Node only). chartjs-node-canvas — and with it the
 * native `canvas` module — is an optional peer dependency of lipvar
 * (installing lipvar as a library compiles nothing): it is imported lazily,
 * and `rendererMissing()` tells `lipvar report` before any work whether
 * it can draw. Every chart gets a white background,
 * the rich-text (subscripts), error-bar and legend-symbol plugins (plugins.ts), and readable fonts.
 */
import type { ChartConfiguration } from "chart.js";
import { setUpChartJs } from "./chart-setup.js";

export const DEFAULT_WIDTH = 1000;
export const DEFAULT_HEIGHT = 650;

/** The file formats a figure can be written in: raster PNG, or vector SVG and PDF (cairo's, through node-canvas). */
export const FIGURE_FORMATS = ["png", "svg", "pdf"] as const;
export type FigureFormat = (typeof FIGURE_FORMATS)[number];

/** Largest --figure-scale: 8000-pixel-wide images at the default width. */
export const MAX_FIGURE_SCALE = 8;

export interface RenderOptions {
  /** Width in CSS pixels (SVG/PDF: points), an integer from 100 to 8000; default 1000. */
  width?: number;
  /** Height in CSS pixels (SVG/PDF: points), an integer from 100 to 8000; default 650. */
  height?: number;
  /** "png" (default), "svg" or "pdf". */
  format?: FigureFormat;
  /**
   * PNG only: pixels per CSS pixel, a number from 1 to 8 (default 1). 2 gives
   * a 2000×1300 image of the same chart (lines, fonts and markers scaled
   * alike) for high-DPI screens and print; vector formats need none.
   */
  scale?: number;
}

const MIME: Record<FigureFormat, "image/png" | "image/svg+xml" | "application/pdf"> = { png: "image/png", svg: "image/svg+xml", pdf: "application/pdf" };

interface Renderer {
  renderToBuffer(configuration: ChartConfiguration, mimeType?: "image/png"): Promise<Buffer>;
  renderToBufferSync(configuration: ChartConfiguration, mimeType: "image/svg+xml" | "application/pdf"): Buffer;
}

/** How to get the renderer: one line, for `lipvar report` and `generateReport`. */
export const RENDERER_MISSING =
  "the report's figures need the optional package chartjs-node-canvas (it builds the native canvas module): add it with `npm install chartjs-node-canvas` where lipvar is installed";

/** undefined when PNGs can be rendered here, else the one-line reason (RENDERER_MISSING with the cause). */
export async function rendererMissing(): Promise<string | undefined> {
  try {
    // Constructing a renderer loads canvas's native addon too (chartjs-node-canvas requires it lazily); it is kept for the first figure.
    await renderer(DEFAULT_WIDTH, DEFAULT_HEIGHT, "png");
    return undefined;
  } catch (e) {
    const cause = e instanceof Error ? e.message.split("\n")[0] : String(e);
    return `${RENDERER_MISSING} (${cause})`;
  }
}

// One renderer per size and canvas type: constructing one loads a fresh Chart.js.
const renderers = new Map<string, Promise<Renderer>>();

function renderer(width: number, height: number, format: FigureFormat): Promise<Renderer> {
  const key = `${width}x${height}:${format}`;
  let r = renderers.get(key);
  if (!r) {
    r = (async () => {
      const { ChartJSNodeCanvas } = await import("chartjs-node-canvas");
      return new ChartJSNodeCanvas({
        width,
        height,
        // SVG and PDF: a cairo vector surface (text stays text in PDF, glyph outlines in SVG).
        ...(format === "png" ? {} : { type: format }),
        chartCallback: (ChartJS) => setUpChartJs(ChartJS),
      }) as unknown as Renderer;
    })();
    renderers.set(key, r);
    r.catch(() => renderers.delete(key));
  }
  return r;
}

function checkSize(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 100 || value > 8000) {
    throw new RangeError(`${name} must be an integer from 100 to 8000 pixels, got ${value}`);
  }
}

/** The format and scale of RenderOptions, checked (one RangeError naming the option and its range). */
export function checkFigureOutput(format: unknown, scale: unknown): { format: FigureFormat; scale: number } {
  const f = format ?? "png";
  if (!FIGURE_FORMATS.includes(f as FigureFormat)) throw new RangeError(`figure format must be one of ${FIGURE_FORMATS.join(", ")}, got '${String(f)}'`);
  const s = scale ?? 1;
  if (typeof s !== "number" || !Number.isFinite(s) || s < 1 || s > MAX_FIGURE_SCALE) {
    throw new RangeError(`figure scale must be a number from 1 to ${MAX_FIGURE_SCALE}, got ${String(s)}`);
  }
  if (f !== "png" && s !== 1) throw new RangeError(`figure scale applies to PNG figures only (${f} is a vector format), got ${s}`);
  return { format: f as FigureFormat, scale: s };
}

/**
 * Render `config` (default 1000×650, white background) to the bytes of a
 * PNG (× `scale` pixels per side), an SVG or a PDF file.
 */
export async function renderChart(config: ChartConfiguration, options: RenderOptions = {}): Promise<Buffer> {
  const width = options.width ?? DEFAULT_WIDTH;
  const height = options.height ?? DEFAULT_HEIGHT;
  checkSize("width", width);
  checkSize("height", height);
  const { format, scale } = checkFigureOutput(options.format, options.scale);
  if (Math.round(width * scale) > 8000 || Math.round(height * scale) > 8000) {
    throw new RangeError(`figure scale ${scale} makes a ${Math.round(width * scale)}×${Math.round(height * scale)} image: at most 8000 pixels a side`);
  }
  // chartjs-node-canvas mutates options (responsive, animation): render a shallow copy.
  // Chart.js draws at devicePixelRatio device pixels per CSS pixel: the canvas grows, the chart's layout stays.
  const copy = { ...config, options: { ...(config.options ?? {}), devicePixelRatio: scale } } as ChartConfiguration;
  const r = await renderer(width, height, format);
  // Vector canvases are written synchronously (node-canvas' asynchronous toBuffer encodes PNG/JPEG only).
  return format === "png" ? r.renderToBuffer(copy, "image/png") : r.renderToBufferSync(copy, MIME[format] as "image/svg+xml" | "application/pdf");
}
