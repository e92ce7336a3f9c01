/**
 * What the bundler tests (bundle.test.ts: esbuild; vite.test.ts: Vite) share:
 * an app folder with lipvar installed as a link to this package, an app that
 * runs one Monte Carlo in two Web Workers and leaves its result on
 * `globalThis.result`, and running the built page in Chromium.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
// @ts-expect-error the explorer's server is plain JavaScript (explorer/serve.mjs)
import { serveStatic } from "../../explorer/serve.mjs";
import { expect } from "vitest";
import { runWeightVariance, type WeightVarianceConfig } from "../../src/index.js";
import { launchChromium } from "./chromium.js";

/** This package's folder. */
export const PACKAGE_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** A new app folder holding node_modules/lipvar (a link to this package) and `files` (name → text). */
export function makeApp(prefix: string, files: Record<string, string>): string {
  const app = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(app, "node_modules"));
  symlinkSync(PACKAGE_ROOT, join(app, "node_modules/lipvar"), "dir");
  for (const [name, text] of Object.entries(files)) writeFileSync(join(app, name), text);
  return app;
}

/** The app's entry: runs runWeightVariance(config, runOptions) on 2 workers into globalThis.result (or { error }). */
export function appSource(config: object, runOptions: object): string {
  return `
import { runWeightVariance } from "lipvar";
const config = ${JSON.stringify(config)};
try {
  globalThis.result = await runWeightVariance({ ...config, workers: 2 }, ${JSON.stringify(runOptions)});
} catch (e) {
  globalThis.result = { error: String(e && e.stack || e) };
}
`;
}

/** The page every app serves: its bundled entry as a module script. */
export const indexHtml = (script: string) => `<!doctype html><meta charset="utf-8"><script type="module" src="${script}"></script>`;

/**
 * Serve the folder `root`, open index.html in Chromium, and return the
 * page's errors and its `globalThis.result` (JSON round-trip); the server
 * and the browser are closed before it returns, whatever happened.
 */
export async function runPage(root: string): Promise<{ pageErrors: string[]; result: any }> {
  const server = await serveStatic({ root, port: 0, allow: ["/"] });
  try {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const pageErrors: string[] = [];
      page.on("pageerror", (e) => pageErrors.push(e.message));
      await page.goto(`${server.url}/index.html`);
      await page.waitForFunction(() => (globalThis as any).result !== undefined, null, { timeout: 60_000 });
      const result = await page.evaluate(() => JSON.parse(JSON.stringify((globalThis as any).result)));
      return { pageErrors, result };
    } finally {
      await browser.close();
    }
  } finally {
    await server.close();
  }
}

/** The page ran without errors on 2 Web Workers with the simd build and got Node's numbers for `config`, bit for bit. */
export async function expectNodeNumbers(page: { pageErrors: string[]; result: any }, config: Omit<WeightVarianceConfig, "workers">): Promise<void> {
  expect(page.pageErrors).toEqual([]);
  expect(page.result.error).toBeUndefined();
  expect(page.result.run).toMatchObject({ build: "simd", workers: 2 });
  const node = await runWeightVariance({ ...config, workers: 1 }, { build: "simd" });
  expect({ ...page.result, run: undefined }).toEqual({ ...JSON.parse(JSON.stringify(node)), run: undefined });
}
