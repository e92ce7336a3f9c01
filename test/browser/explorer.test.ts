import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error the explorer's server is plain JavaScript (explorer/serve.mjs)
import { serveStatic } from "../../explorer/serve.mjs";
import { runDecay, runSweep, runWeightVariance, Sgnd } from "../../src/index.js";
import { ARTIFACTS, launchChromium } from "./chromium.js";

// The explorer page (explorer/) in Debian's chromium, on the prebuilt browser
// bundle (npm test builds dist/browser/ first), in a 1280-px window. Its
// numbers must be Node's for the same seed and the same forced Wasm build, on
// one Web Worker or two; its commands must give the same numbers from the CLI.
// (d = 12 and width 16: at d = 10 and 24, β = 1.5, the known mean m(d) of the
// control variate B differs in its last bit between Chromium's V8 and Node
// 20's — a Math function of the quadrature — and so does every estimate.)
const QUERY = { d: "12", n: "20", dist: "gnd", beta: "1.5", transform: "sll", qStd: "0.3", depth: "5", width: "16", biasStd: "0.1", samples: "20000", seed: "7", build: "simd" };
const BIN = fileURLToPath(new URL("../../bin/lipvar.js", import.meta.url));
const VIEWPORT = { width: 1280, height: 900 };

interface ExplorerState {
  status: string;
  error: string | null;
  config: Record<string, any>;
  stages: { samples: number; estimate: number; se: number }[];
  variance: Record<string, any>;
  decay: Record<string, any>;
  sweep: Record<string, any>;
  commands: string[];
}

/** A result without its run record (seconds and worker count differ between runs that agree). */
const numbers = (r: Record<string, any>) => ({ ...JSON.parse(JSON.stringify(r)), run: undefined });

/**
 * The page's decay result against Node's: the per-layer Monte Carlo moments
 * (variance, gradVariance and their SEs: Wasm sums merged in a fixed order)
 * bit for bit; every other number (predictions, and summaries computed in
 * JavaScript from logs and square roots, e.g. factors.spread) to 4 units in
 * the last place — Chromium's V8 and Node 20's may round the last bit of a
 * Math function differently.
 */
const EXACT = /^decay\.layers\.\d+\.(variance|varianceSe|gradVariance|gradVarianceSe)$/;
function expectSameDecay(page: Record<string, any>, node: Record<string, any>): void {
  const walk = (a: unknown, b: unknown, path: string): void => {
    if (typeof a === "number" && typeof b === "number" && !EXACT.test(path)) {
      expect(Math.abs(a - b), path).toBeLessThanOrEqual(1e-12 * Math.max(Math.abs(b), 1e-3));
    } else if (a && b && typeof a === "object" && typeof b === "object") {
      expect(Object.keys(a).sort(), path).toEqual(Object.keys(b).sort());
      for (const k of Object.keys(b)) walk((a as any)[k], (b as any)[k], `${path}.${k}`);
    } else {
      expect(a, path).toEqual(b);
    }
  };
  walk(numbers(page), numbers(node), "decay");
}

/** The address bar as the page sees it (Playwright's page.url() may trail a history.replaceState). */
const address = (page: Page) => page.evaluate(() => location.href);

const formValues = (page: Page) => page.evaluate(() => Object.fromEntries([...(document.getElementById("controls") as HTMLFormElement).elements].filter((e: any) => e.name).map((e: any) => [e.name, e.value])));

describe("explorer page in Chromium", () => {
  let browser: Browser;
  let server: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    server = await serveStatic({ port: 0 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(query: Record<string, string>): Promise<{ page: Page; state: ExplorerState; pageErrors: string[] }> {
    const context = await browser.newContext({ viewport: VIEWPORT, permissions: ["clipboard-read", "clipboard-write"], acceptDownloads: true });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(`${server.url}/explorer/?${new URLSearchParams(query)}`);
    await page.waitForFunction(() => ["done", "error"].includes((globalThis as any).lipvarExplorer?.status), null, { timeout: 110_000 });
    const state = (await page.evaluate(() => JSON.parse(JSON.stringify((globalThis as any).lipvarExplorer)))) as ExplorerState;
    return { page, state, pageErrors };
  }

  let two: Awaited<ReturnType<typeof open>>;

  it("computes in Web Workers and shows Node's numbers for the same seed and build; two workers equal one; SLL draws an SLL stack of the chosen width", async () => {
    const one = await open({ ...QUERY, workers: "1" });
    two = await open({ ...QUERY, workers: "2" });
    for (const r of [one, two]) {
      expect(r.pageErrors).toEqual([]);
      expect(r.state.error).toBeNull();
      expect(r.state.status).toBe("done");
    }
    expect(one.state.variance.run).toMatchObject({ build: "simd", workers: 1 });
    expect(two.state.variance.run).toMatchObject({ build: "simd", workers: 2 });
    expect(two.state.decay.run).toMatchObject({ build: "simd", workers: 2 });

    // Node, same configuration (the page's: no histogram; an SLL stack — the author’s row-Gram layer, q = exp(θ) — of width 16,
    // 8 networks of 256 inputs; the size sweep over d with n = 20, 4096 matrices per point), same build.
    const nodeVariance = await runWeightVariance(
      { transform: "sll", qStd: 0.3, d: 12, n: 20, dist: "gnd", beta: 1.5, samples: 20000, seed: 7, workers: 1, histogram: false },
      { build: "simd" },
    );
    const nodeDecay = await runDecay(
      { depth: 5, width: 16, transform: "sll", qStd: 0.3, init: "iid", activation: "relu", batch: 256, replicates: 8, seed: 7, dist: "gnd", beta: 1.5, biasStd: 0.1, workers: 1, histogramBins: 0 },
      { build: "simd" },
    );
    const nodeSweep = await runSweep({ transform: "sll", qStd: 0.3, d: [2, 4, 8, 12, 16, 32, 64, 128], n: [20], dist: "gnd", beta: [1.5], seeds: [7], samples: 4096 }, { workers: 1, build: "simd" });
    // Bit for bit: every field of the results but the run record.
    for (const r of [one, two]) {
      expect(numbers(r.state.variance)).toEqual(numbers(nodeVariance));
      expectSameDecay(r.state.decay, nodeDecay);
      expect({ ...numbers(r.state.sweep), points: r.state.sweep.points.map(numbers) }).toEqual({ ...numbers(nodeSweep), points: nodeSweep.points.map((p) => numbers(p)) });
    }
    // The live stages grow to the chosen size: 8192 matrices first, then all 20000.
    expect(two.state.stages.map((s) => s.samples)).toEqual([8192, 20000]);

    // What the reader sees: the table's cells hold these numbers.
    const cell = (key: string) => two.page.locator(`tr[data-key="${key}"] td`).nth(1).textContent();
    expect(await cell("monteCarlo")).toBe(`${nodeVariance.estimate.toPrecision(6)} ± ${nodeVariance.se.toPrecision(6)}`);
    expect(await cell("meanField")).toBe(nodeVariance.meanField.toPrecision(6));
    expect(await cell("upper")).toBe((1 / 12).toPrecision(6));
    expect(await cell("exact")).toBe("—"); // SLL with s > 0 and β ≠ 2: no exact value

    // The depth chart draws the SLL stack of width 16 (not "AOL stack … width 12"), the size chart the sweep, the density chart SGND(1.5).
    const chart = (id: string) =>
      two.page.evaluate((id) => {
        const c = (globalThis as any).Chart.getChart(id);
        return c && { subtitle: [c.config.options.plugins.subtitle.text].flat().join(" | "), title: c.config.options.plugins.title.text, labels: c.data.datasets.map((d: any) => d.label), data: c.data.datasets.map((d: any) => d.data) };
      }, id);
    const depth = (await chart("depth-chart"))!;
    expect(depth.subtitle).toContain("SLL stack (row Gram, log q ~ N(0, 0.3²))");
    expect(depth.subtitle).toContain("width 16,");
    expect(depth.data[0].map((p: any) => p.y)).toEqual(nodeDecay.layers.map((l) => l.variance));
    const size = (await chart("size-chart"))!;
    expect(size.labels).toEqual(["Monte Carlo", "mean-field (q ≡ 1)", "upper bound 1/d"]);
    expect(size.data[0].map((p: any) => [p.x, p.y])).toEqual(nodeSweep.points.map((p) => [p.config.d, p.estimate]));
    const density = (await chart("density-chart"))!;
    expect(density.labels).toEqual(["GND (β = 1.5)", "normal (β = 2)"]);
    const sgnd = new Sgnd({ beta: 1.5, variance: 1 });
    // The page's V8 and Node's may differ in the last bit of Math.pow/exp: 1e-14 relative.
    for (const p of density.data[0].filter((_: unknown, i: number) => i % 50 === 0)) expect(Math.abs(p.y - sgnd.pdf(p.x))).toBeLessThanOrEqual(1e-14 * sgnd.pdf(p.x));
  });

  it("fits a 1280-px window: no horizontal scroll, every chart inside its column", async () => {
    const layout = await two.page.evaluate(() => {
      const results = document.getElementById("results")!.getBoundingClientRect();
      return {
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
        results: { left: results.left, right: results.right },
        canvases: [...document.querySelectorAll(".chart canvas")].map((c) => {
          const r = c.getBoundingClientRect();
          return { left: r.left, right: r.right, width: r.width, height: r.height };
        }),
      };
    });
    expect(layout.innerWidth).toBe(1280);
    expect(layout.scrollWidth).toBeLessThanOrEqual(1280);
    expect(layout.canvases).toHaveLength(3);
    for (const c of layout.canvases) {
      expect(c.left).toBeGreaterThanOrEqual(layout.results.left - 0.5);
      expect(c.right).toBeLessThanOrEqual(layout.results.right + 0.5);
      expect(c.width).toBeGreaterThan(600);
      expect(c.width / c.height).toBeCloseTo(1000 / 650, 1);
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    await two.page.screenshot({ path: fileURLToPath(new URL("explorer.png", ARTIFACTS)), fullPage: true });
  });

  it("writes its settings into the URL on every change, and a page opened from that URL has the same settings", async () => {
    const { page } = two;
    // On load: the query as given, less what equals the defaults.
    // β 1.5 is the form's default, so the URL leaves it out; every other setting of QUERY differs from its default.
    const loaded = Object.fromEntries(new URLSearchParams(new URL(await address(page)).search));
    const { beta, ...rest } = QUERY;
    expect(beta).toBe("1.5");
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    expect(loaded).toEqual({ ...rest, ...(Math.min(64, cores) === 2 ? {} : { workers: "2" }) });
    await page.fill('input[name="d"]', "9");
    expect(new URL(await address(page)).searchParams.get("d")).toBe("9");
    await page.selectOption('select[name="dist"]', "laplace");
    await page.fill('input[name="seed"]', "1"); // the default: dropped from the URL
    const url = new URL(await address(page));
    expect(url.searchParams.get("dist")).toBe("laplace");
    expect(url.searchParams.has("seed")).toBe(false);
    const before = await formValues(page);
    const copy = await browser.newPage({ viewport: VIEWPORT });
    await copy.goto(await address(page));
    expect(await formValues(copy)).toEqual(before);
    expect(await address(copy)).toBe(await address(page));
    await copy.close();
  });

  it("its 'copy the lipvar commands' button gives CLI lines that compute the page's numbers", async () => {
    const fresh = await open(QUERY);
    await fresh.page.click("#copy-command");
    const copied = await fresh.page.evaluate(() => navigator.clipboard.readText());
    expect(copied.split("\n")).toEqual(fresh.state.commands);
    expect(fresh.state.commands.map((c) => c.split(" ").slice(0, 2).join(" "))).toEqual(["lipvar variance", "lipvar decay", "lipvar sweep"]);
    const cli = (line: string) => {
      const r = spawnSync(process.execPath, [BIN, ...line.split(" ").slice(1), "--json"], { encoding: "utf8", timeout: 120_000 });
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout);
    };
    const [variance, decay, sweep] = fresh.state.commands.map(cli);
    // The CLI's Wasm build is the best Node runs (simd on Node 20): bit for bit then; relaxed SIMD's FMA moves the last bits.
    const same = (a: number, b: number, build: string) => (build === "simd" ? expect(a).toBe(b) : expect(a).toBeCloseTo(b, 12));
    same(variance.estimate, fresh.state.variance.estimate, variance.run.build);
    same(variance.se, fresh.state.variance.se, variance.run.build);
    expect(variance.samples).toBe(20000);
    expect(decay.config).toMatchObject({ widths: [16, 16, 16, 16, 16, 16], transform: "sll", qStd: 0.3, gram: "row", init: "iid", activation: "relu", batch: 256, replicates: 8, biasStd: 0.1, beta: 1.5 });
    decay.layers.forEach((l: any, i: number) => {
      same(l.variance, fresh.state.decay.layers[i].variance, decay.run.build);
      same(l.predicted, fresh.state.decay.layers[i].predicted, decay.run.build);
    });
    expect(sweep.points).toHaveLength(fresh.state.sweep.points.length);
    sweep.points.forEach((p: any, i: number) => same(p.estimate, fresh.state.sweep.points[i].estimate, sweep.run.build));
    await fresh.page.context().close();
  });

  it("downloads what it shows as JSON and as a CSV that parses back to the same numbers", async () => {
    const { page, state } = two;
    const fetch = async (button: string) => {
      const [download] = await Promise.all([page.waitForEvent("download"), page.click(button)]);
      return { name: download.suggestedFilename(), text: readFileSync((await download.path())!, "utf8") };
    };
    // The first test's state (the form was changed since, but not run: the downloads hold what the charts show).
    const json = await fetch("#download-json");
    expect(json.name).toBe("lipvar-explorer.json");
    const saved = JSON.parse(json.text);
    expect(saved.variance).toEqual(state.variance);
    expect(saved.decay).toEqual(state.decay);
    expect(saved.sweep).toEqual(state.sweep);
    expect(saved.commands).toEqual(state.commands);

    const csv = await fetch("#download-csv");
    expect(csv.name).toBe("lipvar-explorer.csv");
    const [header, ...rows] = csv.text.trimEnd().split("\n").map((l) => l.split(","));
    expect(header).toEqual(["chart", "series", "x", "y", "se"]);
    const get = (chart: string, series: string) => rows.filter((r) => r[0] === chart && r[1] === series).map((r) => ({ x: Number(r[2]), y: Number(r[3]), se: r[4] === "" ? null : Number(r[4]) }));
    expect(get("variance", "monte carlo")).toEqual([{ x: 12, y: state.variance.estimate, se: state.variance.se }]);
    expect(get("depth", "measured")).toEqual(state.decay.layers.map((l: any) => ({ x: l.layer, y: l.variance, se: l.varianceSe })));
    expect(get("depth", "predicted")).toEqual(state.decay.layers.map((l: any) => ({ x: l.layer, y: l.predicted, se: null })));
    expect(get("size", "monte carlo")).toEqual(state.sweep.points.map((p: any) => ({ x: p.config.d, y: p.estimate, se: p.se })));
    expect(get("size", "upper bound 1/d")).toEqual(state.sweep.points.map((p: any) => ({ x: p.config.d, y: 1 / p.config.d, se: null })));
  });

  it("uses the browser's cores for Web Workers unless the URL says otherwise; draws the remedies (orthogonal weights, MaxMin) with Node's numbers", async () => {
    const r = await open({ d: "4", n: "4", samples: "2048", depth: "3", width: "8", init: "orthogonal", activation: "maxmin", build: "simd" });
    const cores = await r.page.evaluate(() => navigator.hardwareConcurrency);
    expect(r.state.config.workers).toBe(Math.min(64, cores));
    expect(r.state.variance.run.workers).toBe(Math.min(64, cores));
    expect(new URL(await address(r.page)).searchParams.has("workers")).toBe(false);
    // AOL with the remedies: the depth chart names them, and its numbers are Node's; the command line carries them.
    const subtitle = await r.page.evaluate(() => [(globalThis as any).Chart.getChart("depth-chart").config.options.plugins.subtitle.text].flat().join(" "));
    expect(subtitle).toContain("AOL stack, orthogonal (Haar) weights, MaxMin width 8,");
    const node = await runDecay({ depth: 3, width: 8, transform: "aol", qStd: 0, init: "orthogonal", activation: "maxmin", batch: 256, replicates: 8, seed: 1, biasStd: 0, workers: 1, histogramBins: 0 }, { build: "simd" });
    expectSameDecay(r.state.decay, node);
    expect(r.state.commands[1]).toBe("lipvar decay --depth 3 --width 8 --batch 256 --replicates 8 --seed 1 --transform aol --init orthogonal --activation maxmin --bias-std 0");
    await r.page.context().close();
  });

  it("a bad input gets one clear message on the page, not a silent failure", async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/explorer/?${new URLSearchParams({ ...QUERY, d: "0" })}`);
    await page.waitForFunction(() => (globalThis as any).lipvarExplorer?.status === "error", null, { timeout: 60_000 });
    expect(await page.locator("#error").textContent()).toMatch(/\bd\b.*integer/);
  });
});
