import { describe, expect, it } from "vitest";
import { lineChart, withErrorBarNote, wrapSubtitle } from "../../src/report/charts.js";
import { logRange, paddedLinearRange } from "../../src/report/figures/axes.js";
import { enableRichText, parseRichText, plainText, toUnicodeSubscript } from "../../src/report/plugins.js";
import { sequentialColors } from "../../src/report/style.js";

type Scriptable = (context: unknown) => unknown;
const scales = (config: ReturnType<typeof lineChart>) => config.options!.scales as Record<string, { min?: number; max?: number; grid: { color: unknown; lineWidth?: unknown } }>;

describe("figure readability", () => {
  it("fits log axes to the data: 1-2-5 limits for a few decades, whole decades beyond four", () => {
    // The closed-form ratios of figure 6 (0.03 to 1): 0.02–2, not 0.01–10.
    expect(logRange([0.031, 0.5, 1])).toEqual({ min: 0.02, max: 2 });
    expect(logRange([0.8, 2.9])).toEqual({ min: 0.5, max: 5 });
    expect(logRange([1.2e-4, 0.31])).toEqual({ min: 1e-4, max: 0.5 });
    // 5% room: a value on a 1-2-5 step gets the next one.
    expect(logRange([1, 2])).toEqual({ min: 0.5, max: 5 });
    // 13 decades: whole decades.
    expect(logRange([2e-13, 0.1])).toEqual({ min: 1e-13, max: 1 });
    expect(logRange([])).toEqual({ min: 0.1, max: 1 });
    expect(paddedLinearRange([0.83, 0.05], 0.1)).toEqual({ min: 0, max: 0.9 });
  });

  it("says '± k SE' once per chart, in the subtitle, not in the legend", () => {
    expect(withErrorBarNote("setup", 1, true)).toEqual("setup; error bars: ± 1 SE");
    expect(withErrorBarNote("setup; ± 1 SE over 8 networks", 1, true)).toBe("setup; ± 1 SE over 8 networks");
    expect(withErrorBarNote(undefined, 2, true)).toBe("error bars: ± 2 SE");
    expect(withErrorBarNote("no bars", 1, false)).toBe("no bars");
    // A long last line gets the note on its own line (Chart.js would squeeze it).
    expect(withErrorBarNote(["a", "x".repeat(100)], 1, true)).toEqual(["a", "x".repeat(100), "error bars: ± 1 SE"]);
    const config = lineChart({
      title: "t",
      subtitle: "s",
      x: { label: "x" },
      y: { label: "y" },
      series: [{ label: "measured", points: [{ x: 1, y: 1, se: 0.1 }] }, { label: "curve", points: [{ x: 1, y: 1 }] }],
    });
    expect(config.data.datasets.map((d) => d.label)).toEqual(["measured", "curve"]);
    expect((config.options!.plugins!.subtitle as { text: unknown }).text).toBe("s; error bars: ± 1 SE");
  });

  it("wraps a subtitle line longer than a chart's width at '; ', ' · ' or a space, never squeezing it", () => {
    const long = "synthetic Covertype schema · 6000 rows · 8 epochs · 3 seeds · width 64 · bias init · standardised inputs; reduced budget (author: 581,012 rows, 25 epochs, 10 seeds); every remedy on the paper's SLL layers";
    const lines = wrapSubtitle(long, 110) as string[];
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(110);
    // Every word kept, in order; breaks fall on the separators.
    expect(lines.join(" ").replace(/;? · | · |; /g, " ")).toBe(long.replace(/;? · | · |; /g, " "));
    expect(lines[0].endsWith("inputs;") || lines[0].endsWith("init")).toBe(true);
    // Lines of about equal length: no word left alone on the last line.
    const note = "note: the pdf's cusp at 0 (peak 0.250) rises far above the average of the central bin (0.139): bins average it out";
    const two = wrapSubtitle(note, 110) as string[];
    expect(two).toHaveLength(2);
    expect(Math.abs(two[0].length - two[1].length)).toBeLessThan(20);
    expect(wrapSubtitle("short", 110)).toBe("short");
    expect(wrapSubtitle(["a", "b"], 110)).toEqual(["a", "b"]);
    // Charts wrap their subtitles (every figure of a report: generate.test.ts).
    const config = lineChart({ title: "t", subtitle: long, x: { label: "x" }, y: { label: "y" }, series: [{ label: "s", points: [{ x: 1, y: 1 }] }] });
    expect((config.options!.plugins!.subtitle as { text: unknown }).text).toEqual(lines);
  });

  it("draws a light minor grid on log axes (none over more than six decades), the usual grid on labelled ticks", () => {
    const config = lineChart({ title: "t", x: { label: "x" }, y: { label: "y", log: true, min: 0.01, max: 10 }, series: [{ label: "s", points: [{ x: 1, y: 1 }] }] });
    const grid = scales(config).y.grid;
    const color = grid.color as Scriptable;
    const width = grid.lineWidth as Scriptable;
    const narrow = { min: 0.01, max: 10 };
    expect(color({ tick: { value: 1, label: "1" }, scale: narrow })).toBe("#e3e3e3");
    expect(color({ tick: { value: 3, label: "" }, scale: narrow })).toBe("#f2f2f2");
    expect(width({ tick: { value: 3, label: "" }, scale: narrow })).toBeLessThan(width({ tick: { value: 1, label: "1" }, scale: narrow }) as number);
    expect(color({ tick: { value: 3e-7, label: "" }, scale: { min: 1e-13, max: 1 } })).toBe("rgba(0, 0, 0, 0)");
    // Linear axes keep one grid colour.
    expect(scales(config).x.grid.color).toBe("#e3e3e3");
  });

  it("pads a linear axis with fixed ticks by half a tick gap, so end markers are not cut by the frame", () => {
    const config = lineChart({ title: "t", x: { label: "layer", ticks: [1, 2, 3, 4] }, y: { label: "y" }, series: [{ label: "s", points: [{ x: 1, y: 1 }] }] });
    expect([scales(config).x.min, scales(config).x.max]).toEqual([0.5, 4.5]);
    const fixed = lineChart({ title: "t", x: { label: "layer", ticks: [1, 2], min: 0, max: 3 }, y: { label: "y" }, series: [{ label: "s", points: [{ x: 1, y: 1 }] }] });
    expect([scales(fixed).x.min, scales(fixed).x.max]).toEqual([0, 3]);
  });

  it("parses _{…} subscripts, and writes them plainly where no renderer draws them", () => {
    expect(parseRichText("V_{G}(d, d)")).toEqual([{ text: "V", sub: false }, { text: "G", sub: true }, { text: "(d, d)", sub: false }]);
    expect(parseRichText("Var[y_{ℓ}] and σ_{b}")).toEqual([{ text: "Var[y", sub: false }, { text: "ℓ", sub: true }, { text: "] and σ", sub: false }, { text: "b", sub: true }]);
    expect(parseRichText("a_{b")).toEqual([{ text: "a_{b", sub: false }]);
    expect(toUnicodeSubscript("ℓ−1")).toBeUndefined();
    expect(toUnicodeSubscript("n2")).toBe("ₙ₂");
    expect(plainText("x_{n2} / V_{G}")).toBe("xₙ₂ / VG");
  });

  it("draws _{…} as a smaller, lowered run in the canvas, measured at its true width", async () => {
    const { createCanvas } = await import("canvas");
    const canvas = createCanvas(300, 100);
    const ctx = canvas.getContext("2d") as unknown as CanvasRenderingContext2D;
    ctx.font = "40px DejaVu Sans";
    const plain = ctx.measureText("VG(d)").width;
    enableRichText(ctx);
    const rich = ctx.measureText("V_{G}(d)").width;
    // The subscript G is narrower than a full-size one (TeX's script size 0.7), and no '_', '{', '}' is drawn.
    expect(rich).toBeLessThan(plain);
    expect(rich).toBeGreaterThan(ctx.measureText("V(d)").width);
    // Drawn centred at x = 150: the ink is centred too, and the subscript reaches below the baseline of the rest.
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, 300, 100);
    ctx.fillStyle = "#000";
    ctx.textAlign = "center";
    ctx.textBaseline = "alphabetic";
    ctx.fillText("V_{G}", 150, 60);
    const { data } = ctx.getImageData(0, 0, 300, 100);
    let left = 300;
    let right = 0;
    let bottom = 0;
    for (let y = 0; y < 100; y++) {
      for (let x = 0; x < 300; x++) {
        if (data[4 * (y * 300 + x)] < 128) {
          left = Math.min(left, x);
          right = Math.max(right, x);
          bottom = Math.max(bottom, y);
        }
      }
    }
    expect(Math.abs((left + right) / 2 - 150)).toBeLessThan(6);
    expect(bottom).toBeGreaterThan(60 + 5); // the G sits 0.25 em (10 px) lower than V's baseline
  });

  it("gives ordered series a sequential colour map from dark to light", () => {
    const c = sequentialColors(8);
    expect(c).toHaveLength(8);
    expect(c[0]).toBe("#440154");
    const lightness = (h: string) => [1, 3, 5].reduce((s, i) => s + parseInt(h.slice(i, i + 2), 16), 0);
    for (let i = 1; i < c.length; i++) expect(lightness(c[i])).toBeGreaterThan(lightness(c[i - 1]) - 40);
    expect(lightness(c[7])).toBeGreaterThan(lightness(c[0]) + 200);
  });
});
