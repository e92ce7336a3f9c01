import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lineChart } from "../../src/report/charts.js";
import { checkFigureOutput, renderChart } from "../../src/report/render.js";
import { inspectPdf, inspectSvg } from "./vector-files.js";

// Figures land here so a person can open them after a run (rewritten each run).
const OUT = join(tmpdir(), "lipvar-report-test");
mkdirSync(OUT, { recursive: true });

const chart = () =>
  lineChart({
    title: "Var[w̄] against d, V_{G}(d, d)",
    subtitle: "format test",
    x: { label: "layer size d", log: true, ticks: [2, 4, 8, 16] },
    y: { label: "Var[y_{ℓ}]", log: true },
    series: [
      { label: "measured", points: [2, 4, 8, 16].map((d) => ({ x: d, y: 1 / (d + 1), se: 0.01 / d })) },
      { label: "1/d", role: "bound", points: [2, 4, 8, 16].map((d) => ({ x: d, y: 1 / d })) },
    ],
  });

/** Share of non-white pixels in a region of a PNG (decoded by node-canvas), x0..x1 and y0..y1 as fractions of the size. */
async function inked(png: Buffer, [x0, x1, y0, y1]: number[] = [0, 1, 0, 1]): Promise<{ width: number; height: number; share: number }> {
  const { loadImage, createCanvas } = await import("canvas");
  const img = await loadImage(png);
  const ctx = createCanvas(img.width, img.height).getContext("2d");
  ctx.drawImage(img, 0, 0);
  const [left, top] = [Math.floor(x0 * img.width), Math.floor(y0 * img.height)];
  const { data } = ctx.getImageData(left, top, Math.floor(x1 * img.width) - left, Math.floor(y1 * img.height) - top);
  let n = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200) n++;
  return { width: img.width, height: img.height, share: n / (data.length / 4) };
}

describe("figure formats", () => {
  it("writes an SVG document: XML with an <svg> root of the chart's size", async () => {
    const svg = await renderChart(chart(), { format: "svg" });
    writeFileSync(join(OUT, "format-test.svg"), svg);
    const info = inspectSvg(svg.toString("utf8"));
    expect(info.root).toBe("svg");
    expect(info.viewBox).toBe("0 0 1000 650");
    // Vector drawing: lines and glyph outlines as paths, no bitmap (cairo falls back to one embedded image for
    // operations SVG cannot express, e.g. the "destination-over" compositing the background plugin once used).
    expect(info.tags.path).toBeGreaterThan(20);
    expect(info.tags.image ?? 0).toBe(0);
  });

  it("writes a one-page PDF of the chart's size with a consistent cross-reference table", async () => {
    const pdf = await renderChart(chart(), { format: "pdf" });
    writeFileSync(join(OUT, "format-test.pdf"), pdf);
    const info = inspectPdf(pdf);
    expect(info.version).toMatch(/^1\.\d$/);
    expect(info.pages).toBe(1);
    expect(info.mediaBox).toEqual([0, 0, 1000, 650]);
    expect(info.contentBytes).toBeGreaterThan(1000);
    expect(info.images).toBe(0);
  });

  it("the checkers reject broken files", async () => {
    expect(() => inspectSvg('<svg viewBox="0 0 1 1"><g></svg>')).toThrow(/does not close/);
    expect(() => inspectSvg("<svg><path d='x'/></svg><svg/>")).toThrow(/second root/);
    expect(() => inspectSvg("<svg a=1/>")).toThrow(/not closed/);
    expect(() => inspectSvg("<svg>a & b</svg>")).toThrow(/bare '&'/);
    expect(inspectSvg("<?xml version='1.0'?>\n<svg><!-- c --><path d='M 0 0'/></svg>\n")).toMatchObject({ root: "svg", elements: 2 });
    const pdf = await renderChart(chart(), { format: "pdf" });
    expect(() => inspectPdf(pdf.subarray(0, pdf.length - 10))).toThrow(/%%EOF/);
    const shifted = Buffer.concat([Buffer.from("%PDF-1.5\n%"), pdf.subarray(9)]);
    expect(() => inspectPdf(shifted)).toThrow(/startxref|xref: object/);
  });

  it("--figure-scale 2 draws the same chart at twice the pixels per side", async () => {
    const one = await renderChart(chart());
    const two = await renderChart(chart(), { scale: 2 });
    writeFileSync(join(OUT, "format-test@2x.png"), two);
    const a = await inked(one);
    const b = await inked(two);
    expect([a.width, a.height, b.width, b.height]).toEqual([1000, 650, 2000, 1300]);
    // The same layout scaled (not a 1000×650 chart in a corner): the ink covers the same share of the image within 25%,
    // and the bottom-right quarter (plot and x axis) is drawn in the large image too.
    expect(b.share / a.share).toBeGreaterThan(0.75);
    expect(b.share / a.share).toBeLessThan(1.25);
    expect((await inked(two, [0.5, 1, 0.5, 1])).share).toBeGreaterThan(0.5 * (await inked(one, [0.5, 1, 0.5, 1])).share);
  });

  it("refuses unknown formats, scales out of range, a scale for a vector format, and images beyond 8000 pixels", async () => {
    expect(() => checkFigureOutput("jpeg", 1)).toThrow("figure format must be one of png, svg, pdf, got 'jpeg'");
    expect(() => checkFigureOutput("png", 0.5)).toThrow("figure scale must be a number from 1 to 8, got 0.5");
    expect(() => checkFigureOutput("png", Number.NaN)).toThrow("figure scale must be a number from 1 to 8, got NaN");
    expect(() => checkFigureOutput("svg", 2)).toThrow("figure scale applies to PNG figures only (svg is a vector format), got 2");
    expect(checkFigureOutput(undefined, undefined)).toEqual({ format: "png", scale: 1 });
    await expect(renderChart(chart(), { width: 5000, scale: 2 })).rejects.toThrow("figure scale 2 makes a 10000×1300 image: at most 8000 pixels a side");
  });
});
