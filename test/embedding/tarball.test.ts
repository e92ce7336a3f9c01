/**
 * The packed tarball in a fresh app: `npm pack` (dist/ is built by npm
 * test's setup; --ignore-scripts skips prepack's rebuild), unpacked into a
 * new folder's node_modules/lipvar next to its four runtime dependencies
 * (linked from this checkout: the test runs offline). The app imports every
 * documented entry by its package name, as a user's code would, and
 * TypeScript (moduleResolution nodenext) type-checks the same imports
 * against the shipped .d.ts files. The root entry's names are the library's
 * contract (docs/library.md): the list below changes only on purpose.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(__dirname, "../..");

/** The root entry, by group (src/index.ts). */
const ROOT_NAMES = {
  experiments: ["runWeightVariance", "runPreciseVariance", "runSweep", "runDecay", "runResidual", "runSamplerCheck", "runTraining"],
  analytic: ["exactGaussianVariance", "exactGaussianVarianceSll", "meanFieldVariance", "upperBound", "paperClosedForm", "predictForwardVariances", "predictGradientVariances"],
  remedies: ["predictRemedy", "cosineMap", "orthogonalRescaledVariance", "residualBlockSecondMoment", "orthogonalMatrix"],
  distributions: ["Sgnd", "Pgnd"],
  sampling: ["loadKernels", "Kernels", "sampleSgnd", "sgndChunks", "sampleNormal", "sampleGamma"],
  shards: [
    "runWeightVarianceShard", "runSweepShard", "runDecayShard", "runResidualShard", "runTrainShard",
    "mergeShards", "mergeSweepShards", "mergeDecayShards", "mergeResidualShards", "mergeTrainShards",
  ],
  kernels: ["matmul", "gram", "rescaleAol", "varianceChunk", "forwardBackward", "residualStack"],
  data: ["parseCovtype", "parseCsv", "syntheticCovertype"],
};

/** Subpath entries and a few names each must hold (each holds its whole area). */
const SUBPATHS: Record<string, string[]> = {
  "lipvar/analytic": ["Sgnd", "meanFieldVariance", "resolveDistribution", "gammaP", "erf", "integrate", "couplingTable", "alphaForVariance", "paperClosedFormCovers", "predictRemedy", "inputNormFactor"],
  "lipvar/experiments": ["runWeightVariance", "validateWeightVarianceConfig", "DEFAULT_CHUNK_SIZE", "PLAN_MARGIN", "TRAIN_DEFAULTS"],
  "lipvar/shard": ["parseShard", "inShard", "mergeShards", "asShard", "SHARD_FORMAT", "MAX_SHARDS"],
  "lipvar/kernels": ["Kernels", "createKernels", "loadKernels", "F64Block", "toSeed", "bestBuild", "detectFeatures", "COUPLED_RECORD", "WasmTrainer", "sgndScale", "orthogonalMatrix", "orthogonalFromGaussian"],
  "lipvar/data": ["parseCovtype", "syntheticCovertype", "standardiseColumns", "rowCount", "COVERTYPE"],
  "lipvar/charts": [],
};

let app: string;

beforeAll(() => {
  app = mkdtempSync(join(tmpdir(), "lipvar-tarball-"));
  const packed = JSON.parse(execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", app], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }))[0].filename;
  const pkg = join(app, "node_modules/lipvar");
  mkdirSync(pkg, { recursive: true });
  execFileSync("tar", ["-xzf", join(app, packed), "-C", pkg, "--strip-components=1"]);
  const deps = Object.keys(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).dependencies);
  for (const dep of deps) {
    mkdirSync(join(app, "node_modules", dep, ".."), { recursive: true });
    symlinkSync(join(root, "node_modules", dep), join(app, "node_modules", dep), "dir");
  }
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", type: "module", private: true }));
}, 120_000);

afterAll(() => rmSync(app, { recursive: true, force: true }));

describe("the packed tarball in a fresh app", () => {
  it("the root entry holds exactly the curated names, and every subpath entry loads with its names", () => {
    const script = `
      const root = await import("lipvar");
      const subpaths = {};
      for (const p of ${JSON.stringify(Object.keys(SUBPATHS))}) subpaths[p] = Object.keys(await import(p));
      console.log(JSON.stringify({ root: Object.keys(root), subpaths }));
    `;
    const out = JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: app, encoding: "utf8" }));
    expect([...out.root].sort()).toEqual(Object.values(ROOT_NAMES).flat().sort());
    for (const [p, names] of Object.entries(SUBPATHS)) expect(out.subpaths[p], p).toEqual(expect.arrayContaining(names));
  });

  it("runs a Monte Carlo, a distribution and a sampler from the package name", () => {
    const script = `
      import { runWeightVariance, Sgnd, loadKernels, upperBound } from "lipvar";
      import { gammaP } from "lipvar/analytic";
      const r = await runWeightVariance({ transform: "aol", d: 4, n: 4, samples: 64, seed: 1, workers: 1 });
      const x = new Sgnd({ dist: "laplace" }).sample(await loadKernels(), { count: 8, seed: 2 });
      console.log(JSON.stringify({ samples: r.samples, upper: upperBound(4), draws: x.length, p: gammaP(1, 1) }));
    `;
    const out = JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: app, encoding: "utf8" }));
    expect(out).toEqual({ samples: 64, upper: 0.25, draws: 8, p: 1 - Math.exp(-1) });
  });

  it("the packed bin runs the bundled CLI: a formula, a run on worker threads, a usage error", () => {
    const bin = join(app, "node_modules/lipvar/bin/lipvar.js");
    const run = (...args: string[]) => JSON.parse(execFileSync(process.execPath, [bin, ...args], { cwd: app, encoding: "utf8" }));
    expect(existsSync(join(app, "node_modules/lipvar/dist/lipvar-cli/main.js"))).toBe(true);
    expect(run("bounds", "--d", "1", "--n", "5", "--json").exact).toBeCloseTo(0.2, 14); // V(1, n) = 1/n
    // Two threads and 4 chunks: the threads load the bundled worker next to the bundle; the Wasm from build/.
    const v = run("variance", "--d", "3", "--n", "1", "--samples", "64", "--chunk-size", "16", "-j", "2", "--json");
    expect(v.run.workers).toBe(2);
    expect(v.estimate).toBeCloseTo(1 / 3, 12); // n = 1: w̄ = w/‖w‖, so the mean of w̄² is 1/d for every matrix
    let stderr = "";
    try {
      execFileSync(process.execPath, [bin, "bounds", "--d", "3", "--n", "3", "--distt", "laplace"], { cwd: app, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (e) {
      stderr = (e as { stderr: string }).stderr;
    }
    expect(stderr).toBe("lipvar: error: unknown option '--distt' (did you mean --dist?); see 'lipvar bounds --help'\n");
  });

  it("TypeScript (nodenext) resolves the types of the root and every subpath entry", () => {
    const imports = Object.keys(SUBPATHS).map((p, i) => `import * as e${i} from "${p}";\nvoid e${i};`).join("\n");
    writeFileSync(join(app, "check.ts"), `import { Sgnd, runWeightVariance, type WeightVarianceConfig } from "lipvar";\n${imports}\nconst c: WeightVarianceConfig = { transform: "aol", d: 2, n: 2, samples: 10, seed: 1 };\nvoid runWeightVariance(c);\nconst v: number = new Sgnd({ beta: 1.5 }).entropy();\nvoid v;\n`);
    writeFileSync(join(app, "tsconfig.json"), JSON.stringify({ compilerOptions: { module: "nodenext", moduleResolution: "nodenext", target: "es2022", strict: true, noEmit: true, skipLibCheck: true, types: [] }, files: ["check.ts"] }));
    // tsc exits non-zero (and execFileSync throws with its output) on any error.
    execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", app], { cwd: app, encoding: "utf8" });
  }, 60_000);
});
