import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error the explorer's server is plain JavaScript (explorer/serve.mjs)
import { serveStatic } from "../../explorer/serve.mjs";
import { runWeightVariance } from "../../src/index.js";
import { launchChromium } from "./chromium.js";

// An app that bundles lipvar for the browser with esbuild, as the README's
// "In the browser" section shows: no externals, then the package's worker and
// Wasm builds served next to the bundle (where lipvar looks by default).
const root = fileURLToPath(new URL("../../", import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

const CONFIG = { transform: "aol" as const, d: 10, n: 14, dist: "laplace" as const, samples: 5 * 2048, chunkSize: 2048, seed: 5, histogram: false as const };
const APP = `
import { runWeightVariance } from "lipvar";
const config = ${JSON.stringify(CONFIG)};
try {
  globalThis.result = await runWeightVariance({ ...config, workers: 2 }, { build: "simd" });
} catch (e) {
  globalThis.result = { error: String(e && e.stack || e) };
}
`;

describe("an app's esbuild browser bundle of lipvar", () => {
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
  });

  it("builds with no externals and runs the Monte Carlo in two Web Workers with Node's numbers", async () => {
    // The app: its own folder with lipvar installed (a link to this package).
    const app = mkdtempSync(join(tmpdir(), "lipvar-app-"));
    mkdirSync(join(app, "node_modules"));
    symlinkSync(root, join(app, "node_modules/lipvar"), "dir");
    writeFileSync(join(app, "app.js"), APP);
    const out = join(app, "public");
    const bundled = await build({ entryPoints: [join(app, "app.js")], bundle: true, platform: "browser", format: "esm", outfile: join(out, "app.js"), metafile: true, logLevel: "silent" });
    expect(bundled.errors).toEqual([]);
    const imports = Object.values(bundled.metafile.inputs).flatMap((i) => i.imports);
    expect(imports.filter((i) => i.external)).toEqual([]);
    expect(Object.keys(bundled.metafile.inputs).filter((f) => f.includes("host/node") || f.startsWith("node:"))).toEqual([]);

    // The extra files, exactly as the package's exports name them: lipvar/worker and lipvar/wasm/*.
    expect(pkg.exports["./worker"]).toBe("./dist/browser/lipvar-worker.js");
    expect(pkg.exports["./wasm/*"]).toBe("./build/*");
    copyFileSync(join(root, pkg.exports["./worker"]), join(out, "lipvar-worker.js"));
    for (const f of ["lipvar.wasm", "lipvar-simd.wasm", "lipvar-relaxed.wasm"]) copyFileSync(join(root, "build", f), join(out, f));
    writeFileSync(join(out, "index.html"), `<!doctype html><meta charset="utf-8"><script type="module" src="./app.js"></script>`);

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
