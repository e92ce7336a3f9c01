import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exactGaussianVariance, meanFieldVariance, upperBound } from "../../src/analytic/variance.js";
import { addToHistogram, createHistogram, histogramDensity } from "../../src/experiments/histogram.js";
import { barChart, formatFixedTick, formatLogTick, histogramChart, lineChart, scatterChart } from "../../src/report/charts.js";
import { renderChart } from "../../src/report/render.js";
import { kernels } from "../helpers.js";

// Figures land here so a person can open them after a run (rewritten each run).
const OUT = join(tmpdir(), "lipvar-report-test");
mkdirSync(OUT, { recursive: true });

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width, height from the IHDR chunk; the corner pixel and the share of non-white pixels, decoded by node-canvas. */
async function inspectPng(png: Buffer) {
  expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  expect(png.subarray(12, 16).toString("latin1")).toBe("IHDR");
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const { loadImage, createCanvas } = await import("canvas");
  const img = await loadImage(png);
  const ctx = createCanvas(width, height).getContext("2d");
  ctx.drawImage(img, 0, 0);
  const { data } = ctx.getImageData(0, 0, width, height);
  let inked = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200) inked++;
  return { width, height, corner: [...data.subarray(0, 4)], inkedShare: inked / (width * height) };
}

describe("renderChart", () => {
  it("draws a histogram of Box–Muller normals from the Wasm RNG against the N(0,1) pdf, as an opaque 1000×650 PNG", async () => {
    const k = await kernels();
    k.seed({ seed: 11, stream: 0 });
    const u = k.uniforms(200_000);
    const z = new Float64Array(u.length);
    for (let i = 0; i < u.length; i += 2) {
      const r = Math.sqrt(-2 * Math.log(1 - u[i])); // 1 − u ∈ (0, 1]
      z[i] = r * Math.cos(2 * Math.PI * u[i + 1]);
      z[i + 1] = r * Math.sin(2 * Math.PI * u[i + 1]);
    }
    const h = histogramDensity(addToHistogram(createHistogram(-4, 4, 64), z));
    const xs = Array.from({ length: 161 }, (_, i) => -4 + i * 0.05);
    const config = histogramChart({
      title: "Box–Muller normals from xoshiro256** stream 0 of seed 11",
      subtitle: "200 000 draws, 64 bins; density relative to all draws",
      x: { label: "z" },
      y: { label: "probability density" },
      histograms: [{ label: "histogram of draws", centers: h.centers, heights: h.density, width: h.width }],
      curves: [{ label: "N(0, 1) pdf", points: xs.map((x) => ({ x, y: Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI) })) }],
    });
    const png = await renderChart(config);
    writeFileSync(join(OUT, "gaussian-histogram.png"), png);
    const info = await inspectPng(png);
    expect([info.width, info.height]).toEqual([1000, 650]);
    expect(info.corner).toEqual([255, 255, 255, 255]); // white, opaque
    expect(info.inkedShare).toBeGreaterThan(0.02); // bars, axes and text were drawn
    expect(info.inkedShare).toBeLessThan(0.6);
  });

  it("draws log–log lines with error bars (Var[w̄] against layer size) at a custom size", async () => {
    const ds = [2, 4, 8, 16, 32, 64, 128, 256];
    // Synthetic 'measurements': exact values scaled by fixed factors, with an SE of 8% — a styling demo, not data.
    const wobble = [1.02, 0.97, 1.01, 1.04, 0.98, 1.0, 1.03, 0.99];
    const config = lineChart({
      title: "Rescaled-weight variance of square AOL layers (n = d)",
      subtitle: "rendering demo: the 'measured' points are synthetic",
      x: { label: "layer size d = n", log: true, ticks: ds },
      y: { label: "Var[w̄]", log: true },
      series: [
        { label: "synthetic measurement", points: ds.map((d, i) => ({ x: d, y: exactGaussianVariance(d, d) * wobble[i], se: 0.08 * exactGaussianVariance(d, d) })) },
        { label: "exact (Gaussian)", points: ds.map((d) => ({ x: d, y: exactGaussianVariance(d, d) })) },
        { label: "mean-field", role: "approximation", points: ds.map((d) => ({ x: d, y: meanFieldVariance(d, d, 2) })) },
        { label: "upper bound 1/d", role: "bound", points: ds.map((d) => ({ x: d, y: upperBound(d, d) })) },
      ],
    });
    const png = await renderChart(config, { width: 900, height: 600 });
    writeFileSync(join(OUT, "loglog-variance.png"), png);
    const info = await inspectPng(png);
    expect([info.width, info.height]).toEqual([900, 600]);
    expect(info.corner).toEqual([255, 255, 255, 255]);
    expect(info.inkedShare).toBeGreaterThan(0.01);
  });

  it("draws scatter and bar charts", async () => {
    const scatter = scatterChart({
      title: "Scatter: measured points with ± 2 SE bars over a linear curve",
      x: { label: "layer", unit: "index" },
      y: { label: "ratio measured / predicted" },
      errorBarSe: 2,
      series: [
        { label: "measured", points: [1, 2, 3, 4, 5, 6].map((l) => ({ x: l, y: 1 + 0.01 * Math.sin(l), se: 0.01 })) },
        { label: "prediction", role: "reference", points: [{ x: 1, y: 1 }, { x: 6, y: 1 }] },
      ],
    });
    const bar = barChart({
      title: "Bars: grouped categories",
      categories: ["Laplace", "normal", "uniform"],
      x: { label: "weight distribution" },
      y: { label: "d · Var[w̄]" },
      series: [
        { label: "d = 8", values: [0.31, 0.34, 0.36] },
        { label: "d = 64", values: [0.17, 0.18, 0.19] },
      ],
    });
    for (const [name, config] of [["scatter", scatter], ["bars", bar]] as const) {
      const png = await renderChart(config);
      writeFileSync(join(OUT, `${name}.png`), png);
      const info = await inspectPng(png);
      expect([info.width, info.height, ...info.corner]).toEqual([1000, 650, 255, 255, 255, 255]);
    }
  });

  it("rejects values a log axis cannot show, and bad sizes", async () => {
    expect(() => lineChart({ title: "t", x: { label: "x" }, y: { label: "y", log: true }, series: [{ label: "s", points: [{ x: 1, y: 0 }] }] })).toThrow(
      "series 's' has y = 0 on a log y axis (must be > 0)",
    );
    await expect(renderChart({ type: "line", data: { datasets: [] } }, { width: 10 })).rejects.toThrow("width must be an integer from 100 to 8000 pixels, got 10");
  });

  it("writes caller-chosen ticks exactly", () => {
    expect([16, 1024, 0.125, 1e-5, 3e-7].map(formatFixedTick)).toEqual(["16", "1024", "0.125", "10⁻⁵", "3×10⁻⁷"]);
  });

  it("labels log ticks as numbers near 1 and as powers of ten elsewhere", () => {
    expect([1e-5, 2e-5, 0.01, 0.5, 1, 1000, 1e4, 5e6].map(formatLogTick)).toEqual(["10⁻⁵", "2×10⁻⁵", "0.01", "0.5", "1", "1000", "10⁴", "5×10⁶"]);
  });

  it("loads chartjs-node-canvas and canvas only on the first render", () => {
    const hooks = new URL("../../scripts/ts-worker-hooks.mjs", import.meta.url).href;
    const render = new URL("../../src/report/render.ts", import.meta.url).href;
    const charts = new URL("../../src/report/charts.ts", import.meta.url).href;
    const script = `
      import { createRequire } from "node:module";
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).filter((k) => /node_modules[\\/](canvas|chart\\.js|chartjs-node-canvas)[\\/]/.test(k)).length;
      const { renderChart } = await import(${JSON.stringify(render)});
      const { lineChart } = await import(${JSON.stringify(charts)});
      const before = loaded();
      await renderChart(lineChart({ title: "t", x: { label: "x" }, y: { label: "y" }, series: [{ label: "s", points: [{ x: 1, y: 1 }] }] }));
      console.log(JSON.stringify({ before, after: loaded() }));
    `;
    const register = `data:text/javascript,import{register}from"node:module";register(${JSON.stringify(hooks)})`;
    const child = spawnSync(process.execPath, ["--import", register, "--input-type=module", "-e", script], { encoding: "utf8", timeout: 60_000 });
    expect(child.status, child.stderr).toBe(0);
    const { before, after } = JSON.parse(child.stdout.trim());
    expect(before).toBe(0);
    expect(after).toBeGreaterThan(0);
  });
});
