import { describe, expect, it } from "vitest";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateReport } from "../../src/report/generate.js";
import { TINY } from "./tiny-config.js";
import { STAGES, type ReportResults } from "../../src/report/results.js";
import { allFigures } from "../../src/report/figures/index.js";
import { SUBTITLE_LINE_CHARS } from "../../src/report/charts.js";
import { RATIO_DODGE } from "../../src/report/figures/layer-ratios.js";
import { inspectPdf, inspectSvg } from "./vector-files.js";

/** Figures added by the claims' own stages (10: bias fixed point, Gram conventions; 11: the author's settings). */
const FIGURES_10_11 = 2 + 2;
/** Figures of the Remedies stage (13: E[y²] and the mean cosine with depth). */
const FIGURES_13 = 2;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** results.json without wall times and rates (the only fields allowed to differ between runs of the same stages). */
function withoutSeconds(text: string): unknown {
  return JSON.parse(text, (k, v) => (["seconds", "epochSeconds", "stepsPerSecond"].includes(k) ? 0 : v));
}

async function files(dir: string): Promise<Record<string, Buffer>> {
  const out: Record<string, Buffer> = {};
  for (const name of ["index.md", "results.json", "README.md"]) out[name] = await readFile(join(dir, name));
  for (const name of await readdir(join(dir, "figures"))) out[`figures/${name}`] = await readFile(join(dir, "figures", name));
  return out;
}

/** Every string a reader sees in a figure: title, subtitle, axis titles, legend labels. */
function figureTexts(config: { data: { datasets: { label?: string }[] }; options?: Record<string, any> }): string[] {
  const o = config.options ?? {};
  const subtitle = o.plugins?.subtitle?.text ?? [];
  return [
    o.plugins?.title?.text,
    ...(Array.isArray(subtitle) ? subtitle : [subtitle]),
    ...Object.values(o.scales ?? {}).map((s: any) => s.title?.text),
    ...config.data.datasets.map((d) => d.label),
  ].filter((t): t is string => typeof t === "string");
}

/** What a reader of the paper needs from every figure of a report (issue 20). */
function figureChecks(results: ReportResults): void {
  const figures = allFigures(results);
  for (const f of figures) {
    const texts = figureTexts(f.config as never);
    for (const t of texts) {
      // No raw pseudo-LaTeX: an underscore only as the renderer's _{…} subscript markup.
      expect(t.replace(/_\{[^}]*\}/g, ""), `${f.name}: '${t}'`).not.toContain("_");
    }
    // "± 1 SE" once per chart (title or subtitle), never in legend entries.
    for (const d of f.config.data.datasets) expect(String(d.label), f.name).not.toMatch(/SE\b/);
    const withBars = f.config.data.datasets.some((d) => (d.data as any[]).some((p) => p && typeof p === "object" && "yMin" in p && p.yMax > p.yMin));
    // Subtitle lines fit the chart's width (a longer one is squeezed into a condensed font).
    const subtitle = (f.config.options as any).plugins.subtitle.text;
    if (withBars) expect([(f.config.options as any).plugins.title.text, ...(Array.isArray(subtitle) ? subtitle : [subtitle])].join(" "), f.name).toMatch(/± \d SE/);
    for (const line of Array.isArray(subtitle) ? subtitle : [subtitle]) expect([...String(line)].length, `${f.name}: '${line}'`).toBeLessThanOrEqual(SUBTITLE_LINE_CHARS);
  }
  // The accuracy-against-depth figures: measured series side by side at each depth, never on one x.
  for (const name of ["09-training-accuracy-vs-depth", "13-remedies-accuracy-vs-depth"]) {
    const f = figures.find((g) => g.name === name)!;
    expect(f, name).toBeDefined();
    const measured = f.config.data.datasets.filter((d) => (d.data as any[]).some((p) => "yMin" in p));
    const xs = measured.flatMap((d) => (d.data as { x: number }[]).map((p) => p.x));
    expect(new Set(xs).size, name).toBe(xs.length);
  }
  // Figure 5's ratios: the four series sit side by side, never on one x.
  const ratios = figures.find((f) => f.name === "05-measured-over-predicted")!;
  const xs = ratios.config.data.datasets.slice(0, 4).map((d) => (d.data as { x: number }[]).map((p) => p.x));
  const layers = results.stages.decay.noBias.layers.map((l) => l.layer);
  xs.forEach((series, k) => expect(series).toEqual(layers.map((l) => l + RATIO_DODGE[k])));
  expect(new Set(xs.flat()).size).toBe(4 * layers.length);
  // Figure 6: a log axis fitted to the ratios (1-2-5 limits), not whole decades of empty room.
  for (const f of figures.filter((f) => f.name.startsWith("06-"))) {
    const y = (f.config.options as any).scales.y;
    const values = f.config.data.datasets.flatMap((d) => (d.data as { y: number; yMin?: number; yMax?: number }[]).flatMap((p) => [p.y, p.yMin ?? p.y, p.yMax ?? p.y]));
    if (y.type === "logarithmic") {
      expect(y.max / Math.max(...values)).toBeLessThan(2.6);
      expect(Math.min(...values) / y.min).toBeLessThan(2.6);
    }
  }
}

describe("generateReport", () => {
  it("writes index.md, results.json and every figure as a PNG; resume and interruption keep reports consistent", async () => {
    const root = await mkdtemp(join(tmpdir(), "lipvar-report-"));
    try {
      const a = join(root, "a");
      await generateReport({ outDir: a, config: TINY, seed: 5, workers: 1 });

      const results = JSON.parse(await readFile(join(a, "results.json"), "utf8"));
      expect(Object.keys(results).sort()).toEqual(["config", "meta", "stages"]);
      expect(Object.keys(results.stages).sort()).toEqual([...STAGES].sort());
      expect(results.meta).toMatchObject({ lipvarVersion: "0.1.0", nodeVersion: process.version, seed: "5" });
      expect(typeof results.meta.wasmBuild).toBe("string");
      expect(results.config).toEqual(TINY);

      const figureNames = (await readdir(join(a, "figures"))).sort();
      // Figures 1–13: 1, 2, 3 (×2), 4, 5 (×4: gradient histograms ×2, variance, ratios), 6 (×3), 7, 8 (one histogram per β, CF, MGF), 9 (×4 training), 10 (×2: fixed point, conventions), 11 (×2: the author's settings), 12, 13 (remedies' accuracy against depth; E[y²] and the mean cosine with depth).
      expect(figureNames).toHaveLength(1 + 1 + 2 + 1 + 4 + 3 + 1 + TINY.sampler.betas.length + 2 + 4 + FIGURES_10_11 + 1 + 1 + FIGURES_13);
      expect(figureNames).toContain("13-remedies-accuracy-vs-depth.png");
      expect(figureNames).toContain("12-precise-shape-effect.png");
      expect(figureNames).toContain("09-training-accuracy-vs-depth.png");
      expect(figureNames).toContain("05-gradient-histograms-no-bias.png");
      expect(figureNames).toContain("05-gradient-histograms-bias.png");
      // Zero-padded numbers: the names sort in figure order (01 … 13), as a file browser lists them.
      for (const name of figureNames) expect(name).toMatch(/^\d{2}-[a-z0-9.-]+\.png$/);
      const numbers = figureNames.map((n) => Number(n.slice(0, 2)));
      expect(numbers).toEqual([...numbers].sort((x, y) => x - y));
      expect(new Set(numbers)).toEqual(new Set(Array.from({ length: 13 }, (_, i) => i + 1)));
      for (const name of figureNames) {
        const png = await readFile(join(a, "figures", name));
        expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
        // IHDR: width and height at bytes 16–23 (render.ts default 1000 × 650).
        expect(png.readUInt32BE(16)).toBe(1000);
        expect(png.readUInt32BE(20)).toBe(650);
        expect(png.length).toBeGreaterThan(15_000);
      }
      const index = await readFile(join(a, "index.md"), "utf8");
      for (const name of figureNames) expect(index).toContain(`figures/${name}`);
      // Math subscripts are <sub>, not raw underscores, outside code spans and link targets (σ_b, y_ℓ, t_i, V_Gaussian).
      const prose = index.replace(/`[^`\n]*`|\]\([^)\n]*\)/g, "");
      expect(prose.match(/(^|[^\p{L}\p{N}_])\p{L}_[\p{L}\p{Nd}{]/gmu) ?? []).toEqual([]);
      expect(index).toContain("σ<sub>b</sub>");
      // Two tables: the paper's claims (each with a source) and lipvar's findings; every row states what its test could detect.
      const section = (title: string) => index.split(`## ${title}`)[1].split("\n## ")[0];
      const rows = (text: string) => text.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| claim") && !l.startsWith("| finding") && !l.startsWith("| ---"));
      for (const title of ["The paper's claims", "lipvar's own findings"]) {
        const body = rows(section(title));
        expect(body.length).toBeGreaterThan(5);
        for (const row of body) {
          const cells = row.split(" | ").map((c) => c.trim());
          expect(cells[1]).toMatch(/arXiv 2503\.00240|SLLLipschitzInitialization|lipvar/);
          expect(cells[2]).toMatch(/^\*\*(holds|holds approximately|fails|identity|not measured)\*\*$/);
          expect(cells[4].replace(/\s*\|$/, "")).toMatch(/would flag|rejected|identity|exact comparison|deterministic|—/);
        }
      }
      expect(section("The paper's claims")).toMatch(/Exact Var\[w̄\]\(d, n\) for Gaussian weights .*\*\*(holds|holds approximately|fails)\*\*/);
      expect(section("The paper's claims")).toMatch(/Var\[w̄\] ≤ 1\/d \(Gaussian upper bound\).*\*\*identity\*\*/);
      expect(index).toContain("generalized_normal_plots.py");
      expect(index).toMatch(/\*\*Verdict: (holds|fails|inconclusive)\.\*\*/);
      // The remedies' training table: the paper's two networks, then each remedy with its verdict.
      const remedies = rows(section("Remedies: do deep 1-Lipschitz nets train?")).filter((l) => !l.startsWith("| network"));
      expect(remedies).toHaveLength(3);
      expect(remedies[2]).toMatch(/^\| SLL, orthogonal W, MaxMin +\|.*\*\*(lets the deepest nets train|helps|does not help|hurts)\*\* *\|$/);

      // The README describes this folder and the command that wrote it, not the repository's reports/.
      const readme = await readFile(join(a, "README.md"), "utf8");
      expect(readme.split("\n")[0]).toBe(`# ${a}/`);
      expect(readme).toContain(`\`lipvar report --out ${a} --seed 5\``);
      expect(readme).not.toMatch(/reports\/|committed/);
      expect(index).toContain(`Written by \`lipvar report --out ${a} --seed 5\``);

      figureChecks(results);

      // Interrupted run (without --resume) into the same directory: the previous report stays as it was.
      const before = await files(a);
      await expect(generateReport({ outDir: a, config: TINY, seed: 6, workers: 1, failAfterStage: "decay" })).rejects.toThrow(/interrupted after stage decay/);
      expect(await files(a)).toEqual(before);

      // Interrupt a fresh run, then resume: cached stages are reused verbatim (same wall time recorded),
      // and the numbers equal an uninterrupted run with the same seed.
      const b = join(root, "b");
      await expect(generateReport({ outDir: b, config: TINY, seed: 5, workers: 1, failAfterStage: "mean-field" })).rejects.toThrow(/interrupted/);
      const cachedText = await readFile(join(b, ".partial", "paper-grid.json"), "utf8");
      await generateReport({ outDir: b, config: TINY, seed: 5, workers: 1, resume: true });
      const resumed = JSON.parse(await readFile(join(b, "results.json"), "utf8"));
      expect(resumed.stages["paper-grid"]).toEqual(JSON.parse(cachedText).result);
      expect(withoutSeconds(await readFile(join(b, "results.json"), "utf8"))).toEqual(withoutSeconds(await readFile(join(a, "results.json"), "utf8")));

      // Resuming a complete report recomputes nothing: results.json is byte-identical.
      const first = await readFile(join(b, "results.json"), "utf8");
      await generateReport({ outDir: b, config: TINY, seed: 5, workers: 1, resume: true });
      expect(await readFile(join(b, "results.json"), "utf8")).toBe(first);

      // The same report with SVG, then PDF figures (resumed: only the figures are drawn again). Every file is a valid
      // document of its kind; index.md shows SVGs as images and links PDFs; the README names the format and the command.
      for (const format of ["svg", "pdf"] as const) {
        await generateReport({ outDir: b, config: TINY, seed: 5, workers: 1, resume: true, figureFormat: format });
        expect(await readFile(join(b, "results.json"), "utf8")).toBe(first);
        const names = (await readdir(join(b, "figures"))).sort();
        expect(names.map((n) => n.replace(/\.(svg|pdf)$/, ".png"))).toEqual(figureNames);
        for (const name of names) {
          expect(name.endsWith(`.${format}`)).toBe(true);
          const data = await readFile(join(b, "figures", name));
          if (format === "svg") {
            expect(inspectSvg(data.toString("utf8"))).toMatchObject({ root: "svg", viewBox: "0 0 1000 650" });
          } else {
            expect(inspectPdf(data)).toMatchObject({ pages: 1, mediaBox: [0, 0, 1000, 650], images: 0 });
          }
        }
        const indexText = await readFile(join(b, "index.md"), "utf8");
        expect(indexText).toContain(format === "svg" ? "](figures/01-variance-vs-size.svg)" : "(PDF)](figures/01-variance-vs-size.pdf)");
        expect(indexText).not.toContain(".png)");
        expect(await readFile(join(b, "README.md"), "utf8")).toContain(`\`lipvar report --out ${b} --seed 5 --figure-format ${format}\``);
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }, 150_000);
});
