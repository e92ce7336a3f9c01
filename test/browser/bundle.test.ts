import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { appSource, expectNodeNumbers, indexHtml, makeApp, PACKAGE_ROOT as root, runPage } from "./app.js";

// An app that bundles lipvar for the browser with esbuild, as the README's
// "In the browser" section shows: no externals, then the package's worker and
// Wasm builds served next to the bundle (where lipvar looks by default).
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

const CONFIG = { transform: "aol" as const, d: 10, n: 14, dist: "laplace" as const, samples: 5 * 2048, chunkSize: 2048, seed: 5, histogram: false as const };

describe("an app's esbuild browser bundle of lipvar", () => {
  it("builds with no externals and runs the Monte Carlo in two Web Workers with Node's numbers", async () => {
    // The app: its own folder with lipvar installed (a link to this package).
    const app = makeApp("lipvar-app-", { "app.js": appSource(CONFIG, { build: "simd" }) });
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
    writeFileSync(join(out, "index.html"), indexHtml("./app.js"));

    await expectNodeNumbers(await runPage(out), CONFIG);
  });
});
