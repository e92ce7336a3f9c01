import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error the explorer's server is plain JavaScript (explorer/serve.mjs)
import { serveStatic } from "../../explorer/serve.mjs";
import { runWeightVariance } from "../../src/index.js";
import { launchChromium } from "./chromium.js";

// An app built with Vite, as the README's "With a bundler" section says for
// Vite: `import … from "lipvar"`; Vite finds lipvar's Web Worker itself (lipvar
// starts it as new Worker(new URL("./lipvar-worker.js", import.meta.url), …))
// and emits it as a chunk; the Wasm builds go into the app's public/ folder
// and the run says where (wasmBaseUrl "/").
const root = fileURLToPath(new URL("../../", import.meta.url));

const CONFIG = { transform: "aol" as const, d: 9, n: 12, dist: "uniform" as const, samples: 5 * 2048, chunkSize: 2048, seed: 6, histogram: false as const };
const APP = `
import { runWeightVariance } from "lipvar";
const config = ${JSON.stringify(CONFIG)};
try {
  globalThis.result = await runWeightVariance({ ...config, workers: 2 }, { build: "simd", wasmBaseUrl: "/" });
} catch (e) {
  globalThis.result = { error: String(e && e.stack || e) };
}
`;

describe("an app's Vite build of lipvar", () => {
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
  });

  it("emits lipvar's worker as a chunk by itself and runs the Monte Carlo in two Web Workers with Node's numbers", async () => {
    const app = mkdtempSync(join(tmpdir(), "lipvar-vite-app-"));
    mkdirSync(join(app, "node_modules"));
    symlinkSync(root, join(app, "node_modules/lipvar"), "dir");
    mkdirSync(join(app, "public"));
    for (const f of ["lipvar.wasm", "lipvar-simd.wasm", "lipvar-relaxed.wasm"]) copyFileSync(join(root, "build", f), join(app, "public", f));
    writeFileSync(join(app, "main.js"), APP);
    writeFileSync(join(app, "index.html"), `<!doctype html><meta charset="utf-8"><script type="module" src="./main.js"></script>`);
    const out = join(app, "dist");
    await build({ root: app, configFile: false, logLevel: "silent", build: { outDir: out, target: "es2022" }, worker: { format: "es" } });

    // Vite emitted the worker chunk itself; nothing from Node's host side is in the bundle.
    const assets = readdirSync(join(out, "assets"));
    expect(assets.filter((f) => /^lipvar-worker-.*\.js$/.test(f))).toHaveLength(1);
    for (const f of assets.filter((a) => a.endsWith(".js"))) expect(readFileSync(join(out, "assets", f), "utf8")).not.toMatch(/from\s*["']node:|import\(\s*["']node:/);

    const server = await serveStatic({ root: out, port: 0, allow: ["/"] });
    closers.push(server.close);
    const browser = await launchChromium();
    closers.push(() => browser.close());
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto(`${server.url}/index.html`);
    await page.waitForFunction(() => (globalThis as any).result !== undefined, null, { timeout: 60_000 });
    const result = await page.evaluate(() => JSON.parse(JSON.stringify((globalThis as any).result)));
    expect(pageErrors).toEqual([]);
    expect(result.error).toBeUndefined();
    expect(result.run).toMatchObject({ build: "simd", workers: 2 });

    const node = await runWeightVariance({ ...CONFIG, workers: 1 }, { build: "simd" });
    expect({ ...result, run: undefined }).toEqual({ ...JSON.parse(JSON.stringify(node)), run: undefined });
  });
});
