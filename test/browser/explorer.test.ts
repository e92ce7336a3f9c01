import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error the explorer's server is plain JavaScript (explorer/serve.mjs)
import { serveStatic } from "../../explorer/serve.mjs";
import { runDecay, runWeightVariance } from "../../src/index.js";
import { ARTIFACTS, launchChromium } from "./chromium.js";

// The explorer page (explorer/) in Debian's chromium, on the prebuilt browser
// bundle (npm test builds dist/browser/ first). Its numbers must be Node's for
// the same seed and the same forced Wasm build, on one Web Worker or two.
const QUERY = { d: "12", n: "20", dist: "gnd", beta: "1.5", transform: "sll", qStd: "0.3", depth: "5", biasStd: "0.1", samples: "20000", seed: "7", build: "simd" };

interface ExplorerState {
  status: string;
  error: string | null;
  stages: { samples: number; estimate: number; se: number }[];
  variance: Record<string, any>;
  decay: Record<string, any>;
}

/** A result without its run record (seconds and worker count differ between runs that agree). */
const numbers = (r: Record<string, any>) => ({ ...JSON.parse(JSON.stringify(r)), run: undefined });

describe("explorer page in Chromium", () => {
  let browser: Browser;
  let server: { url: string; close(): Promise<void> };
  const pages: Page[] = [];

  beforeAll(async () => {
    server = await serveStatic({ port: 0 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function explore(workers: number): Promise<{ page: Page; state: ExplorerState; pageErrors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    pages.push(page);
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(`${server.url}/explorer/?${new URLSearchParams({ ...QUERY, workers: String(workers) })}`);
    await page.waitForFunction(() => ["done", "error"].includes((globalThis as any).lipvarExplorer?.status), null, { timeout: 110_000 });
    const state = (await page.evaluate(() => JSON.parse(JSON.stringify((globalThis as any).lipvarExplorer)))) as ExplorerState;
    return { page, state, pageErrors };
  }

  it("loads, computes in Web Workers, and shows Node's numbers for the same seed and build; two workers equal one", async () => {
    const one = await explore(1);
    const two = await explore(2);
    for (const r of [one, two]) {
      expect(r.pageErrors).toEqual([]);
      expect(r.state.error).toBeNull();
      expect(r.state.status).toBe("done");
    }
    expect(one.state.variance.run).toMatchObject({ build: "simd", workers: 1 });
    expect(two.state.variance.run).toMatchObject({ build: "simd", workers: 2 });
    expect(two.state.decay.run).toMatchObject({ build: "simd", workers: 2 });

    // Node, same configuration (the page's: no histogram; decay of width d, 8 networks of 256 inputs), same build.
    const nodeVariance = await runWeightVariance(
      { transform: "sll", qStd: 0.3, d: 12, n: 20, dist: "gnd", beta: 1.5, samples: 20000, seed: 7, workers: 1, histogram: false },
      { build: "simd" },
    );
    const nodeDecay = await runDecay(
      { depth: 5, width: 12, batch: 256, replicates: 8, seed: 7, dist: "gnd", beta: 1.5, biasStd: 0.1, workers: 1, histogramBins: 0 },
      { build: "simd" },
    );
    // Bit for bit: every field of both results but the run record.
    expect(numbers(one.state.variance)).toEqual(numbers(nodeVariance));
    expect(numbers(two.state.variance)).toEqual(numbers(nodeVariance));
    expect(numbers(one.state.decay)).toEqual(numbers(nodeDecay));
    expect(numbers(two.state.decay)).toEqual(numbers(nodeDecay));
    // The live stages grow to the chosen size: 8192 matrices first, then all 20000.
    expect(two.state.stages.map((s) => s.samples)).toEqual([8192, 20000]);

    // What the reader sees: the table's cells hold these numbers.
    const cell = (key: string) => two.page.locator(`tr[data-key="${key}"] td`).nth(1).textContent();
    expect(await cell("monteCarlo")).toBe(`${nodeVariance.estimate.toPrecision(6)} ± ${nodeVariance.se.toPrecision(6)}`);
    expect(await cell("meanField")).toBe(nodeVariance.meanField.toPrecision(6));
    expect(await cell("upper")).toBe((1 / 12).toPrecision(6));
    expect(await cell("exact")).toBe("—"); // SLL with s > 0 and β ≠ 2: no exact value
    // The chart was drawn (a canvas with the Chart.js instance of the report's configuration).
    expect(await two.page.evaluate(() => (globalThis as any).Chart.getChart("depth-chart")?.config.type)).toBe("line");

    mkdirSync(ARTIFACTS, { recursive: true });
    await two.page.screenshot({ path: fileURLToPath(new URL("explorer.png", ARTIFACTS)), fullPage: true });
  });

  it("a bad input gets one clear message on the page, not a silent failure", async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/explorer/?${new URLSearchParams({ ...QUERY, d: "0" })}`);
    await page.waitForFunction(() => (globalThis as any).lipvarExplorer?.status === "error", null, { timeout: 60_000 });
    expect(await page.locator("#error").textContent()).toMatch(/\bd\b.*integer/);
  });
});
