import { copyFileSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "vite";
import { describe, expect, it } from "vitest";
import { appSource, expectNodeNumbers, indexHtml, makeApp, PACKAGE_ROOT as root, runPage } from "./app.js";

// An app built with Vite, as docs/library.md's "With a bundler" says for
// Vite: `import … from "lipvar"`; Vite finds lipvar's Web Worker itself (lipvar
// starts it as new Worker(new URL("./lipvar-worker.js", import.meta.url), …))
// and emits it as a chunk; the Wasm builds go into the app's public/ folder
// and the run says where (wasmBaseUrl "/").
const CONFIG = { transform: "aol" as const, d: 9, n: 12, dist: "uniform" as const, samples: 5 * 2048, chunkSize: 2048, seed: 6, histogram: false as const };

describe("an app's Vite build of lipvar", () => {
  it("emits lipvar's worker as a chunk by itself and runs the Monte Carlo in two Web Workers with Node's numbers", async () => {
    const app = makeApp("lipvar-vite-app-", { "main.js": appSource(CONFIG, { build: "simd", wasmBaseUrl: "/" }), "index.html": indexHtml("./main.js") });
    mkdirSync(join(app, "public"));
    for (const f of ["lipvar.wasm", "lipvar-simd.wasm", "lipvar-relaxed.wasm"]) copyFileSync(join(root, "build", f), join(app, "public", f));
    const out = join(app, "dist");
    await build({ root: app, configFile: false, logLevel: "silent", build: { outDir: out, target: "es2022" }, worker: { format: "es" } });

    // Vite emitted the worker chunk itself; nothing from Node's host side is in the bundle.
    const assets = readdirSync(join(out, "assets"));
    expect(assets.filter((f) => /^lipvar-worker-.*\.js$/.test(f))).toHaveLength(1);
    for (const f of assets.filter((a) => a.endsWith(".js"))) expect(readFileSync(join(out, "assets", f), "utf8")).not.toMatch(/from\s*["']node:|import\(\s*["']node:/);

    await expectNodeNumbers(await runPage(out), CONFIG);
  });
});
