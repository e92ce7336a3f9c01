/**
 * The one renderer: a Chart.js configuration → PNG bytes through
 * chartjs-node-canvas (Node only). chartjs-node-canvas — and with it the
 * native `canvas` module — is an optional peer dependency of lipvar
 * (installing lipvar as a library compiles nothing): it is imported lazily,
 * and `rendererMissing()` tells `lipvar report` before any work whether
 * it can draw. Every chart gets a white background
 * the error-bar and legend-symbol plugins (plugins.ts), and readable fonts.
 */
import type { ChartConfiguration } from "chart.js";
import { setUpChartJs } from "./chart-setup.js";

export const DEFAULT_WIDTH = 1000;
export const DEFAULT_HEIGHT = 650;

export interface RenderOptions {
  /** Pixels, an integer from 100 to 8000; default 1000. */
  width?: number;
  /** Pixels, an integer from 100 to 8000; default 650. */
  height?: number;
}

interface Renderer {
  renderToBuffer(configuration: ChartConfiguration, mimeType?: "image/png"): Promise<Buffer>;
}

/** How to get the renderer: one line, for `lipvar report` and `generateReport`. */
export const RENDERER_MISSING =
  "the report's figures need the optional package chartjs-node-canvas (it builds the native canvas module): add it with `npm install chartjs-node-canvas` where lipvar is installed";

/** undefined when PNGs can be rendered here, else the one-line reason (RENDERER_MISSING with the cause). */
export async function rendererMissing(): Promise<string | undefined> {
  try {
    // Constructing a renderer loads canvas's native addon too (chartjs-node-canvas requires it lazily); it is kept for the first figure.
    await renderer(DEFAULT_WIDTH, DEFAULT_HEIGHT);
    return undefined;
  } catch (e) {
    const cause = e instanceof Error ? e.message.split("\n")[0] : String(e);
    return `${RENDERER_MISSING} (${cause})`;
  }
}

// One renderer per size: constructing one loads a fresh Chart.js.
const renderers = new Map<string, Promise<Renderer>>();

function renderer(width: number, height: number): Promise<Renderer> {
  const key = `${width}x${height}`;
  let r = renderers.get(key);
  if (!r) {
    r = (async () => {
      const { ChartJSNodeCanvas } = await import("chartjs-node-canvas");
      return new ChartJSNodeCanvas({
        width,
        height,
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

/** Render `config` to PNG bytes (default 1000×650, white background). */
export async function renderChart(config: ChartConfiguration, options: RenderOptions = {}): Promise<Buffer> {
  const width = options.width ?? DEFAULT_WIDTH;
  const height = options.height ?? DEFAULT_HEIGHT;
  checkSize("width", width);
  checkSize("height", height);
  // chartjs-node-canvas mutates options (responsive, animation): render a shallow copy.
  const copy = { ...config, options: { ...(config.options ?? {}) } } as ChartConfiguration;
  return (await renderer(width, height)).renderToBuffer(copy, "image/png");
}
