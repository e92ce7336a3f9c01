/**
 * `lipvar report`: run the experiments of the report config stage by stage
 * (each stage cached atomically in DIR/.partial/<stage>.json so `resume`
 * skips it), then render every figure (PNG at any pixel scale, SVG or PDF), evaluate the paper's claims and swap
 * the whole directory in atomically (writeReportDir): an interrupted run
 * leaves the previous report as it was.
 */
import { mkdir, readFile } from "node:fs/promises";
import { checkReportFolder } from "../io/output-paths.js";
import { requireConfig } from "../require-config.js";
import { checkSeed } from "../experiments/config.js";
import { join } from "node:path";
import { AUTHOR_REPORT_CONFIG, DEFAULT_REPORT_CONFIG, QUICK_REPORT_CONFIG, type ReportConfig } from "./config.js";
import { STAGES, type ReportResults, type StageName, type StageResults } from "./results.js";
import { runStage } from "./stages.js";
import { allFigures, figureFile } from "./figures/index.js";
import { checkFigureOutput, renderChart, rendererMissing, type FigureFormat } from "./render.js";
import { startReportDir, writeFileAtomic, writeReportDir } from "./write.js";
import { reportIndex, reportReadme } from "./index-md.js";
import { createKernels } from "../wasm/index.js";

export const LIPVAR_VERSION = "0.1.0";

export interface GenerateOptions {
  /** Report folder: new, empty, or one lipvar wrote (src/io/output-paths.ts checks it before any run). */
  outDir: string;
  /** How refusals name the folder (the CLI passes "--out"; default "outDir"). */
  outOption?: string;
  quick?: boolean;
  /** The author's figure configurations at the largest sizes that fit (AUTHOR_REPORT_CONFIG); not with quick. */
  authorSettings?: boolean;
  /** Report seed (default 1); stages derive their seeds from it. */
  seed?: bigint | number;
  /** Reuse stage results cached in outDir/.partial by an earlier run with the same config and seed. */
  resume?: boolean;
  workers?: number;
  /** Figure files: "png" (default), "svg" or "pdf". */
  figureFormat?: FigureFormat;
  /** PNG pixels per CSS pixel, 1 (default, 1000×650) to 8; PNG only. */
  figureScale?: number;
  /** Overrides the default/quick config (tests use tiny configs). */
  config?: ReportConfig;
  /** false: write index.md and results.json without the PNG figures, never loading the renderer (chartjs-node-canvas, canvas). Default true. */
  figures?: boolean;
  /** Called when a stage starts/finishes runs, and for rendering. */
  onProgress?: (event: { stage: string; index: number; total: number; done: number; runs: number; cached?: boolean }) => void;
  /** Test hook: throw after this stage is cached (simulates an interrupted run). */
  failAfterStage?: StageName;
}

interface CachedStage {
  key: string;
  result: unknown;
}

/** What a cached stage must match to be reused: the config, seed and quick flag. */
function cacheKey(config: ReportConfig, seed: bigint, stage: StageName): string {
  return JSON.stringify({ stage, seed: seed.toString(), config });
}

async function readCache(path: string, key: string): Promise<unknown | undefined> {
  try {
    const cached = JSON.parse(await readFile(path, "utf8")) as CachedStage;
    return cached.key === key ? cached.result : undefined;
  } catch {
    // Missing or unreadable (e.g. cut short): recompute.
    return undefined;
  }
}

/** Run (or resume) the report and write it to outDir. Returns the results written to results.json. */
export async function generateReport(options: GenerateOptions): Promise<ReportResults> {
  requireConfig(options, "options");
  if (options.quick && options.authorSettings) throw new RangeError("quick and authorSettings exclude each other");
  const drawFigures = options.figures !== false;
  const missing = drawFigures ? await rendererMissing() : undefined;
  if (missing) throw new Error(missing);
  const config = options.config ?? (options.quick ? QUICK_REPORT_CONFIG : options.authorSettings ? AUTHOR_REPORT_CONFIG : DEFAULT_REPORT_CONFIG);
  const seed = checkSeed(options.seed ?? 1);
  const outOption = options.outOption ?? "outDir";
  const { format: figureFormat, scale: figureScale } = checkFigureOutput(options.figureFormat, options.figureScale);
  // Refuse a folder lipvar may not replace before any experiment runs.
  await checkReportFolder(outOption, options.outDir);
  let marked = false;
  const partialDir = join(options.outDir, ".partial");
  const stages: Partial<StageResults> = {};
  const cacheFiles: Record<string, string> = {};
  for (const [index, stage] of STAGES.entries()) {
    const path = join(partialDir, `${stage}.json`);
    const key = cacheKey(config, seed, stage);
    const cached = options.resume ? await readCache(path, key) : undefined;
    let result: unknown;
    if (cached !== undefined) {
      result = cached;
      options.onProgress?.({ stage, index, total: STAGES.length, done: 1, runs: 1, cached: true });
    } else {
      options.onProgress?.({ stage, index, total: STAGES.length, done: 0, runs: 1 });
      result = await runStage(stage, {
        config,
        seed,
        workers: options.workers,
        onRunProgress: (done, runs) => options.onProgress?.({ stage, index, total: STAGES.length, done, runs }),
      });
      // Round-trip through JSON so a fresh and a resumed run hold identical values (e.g. no -0, no undefined).
      result = JSON.parse(JSON.stringify(result));
    }
    const text = JSON.stringify({ key, result } satisfies CachedStage);
    cacheFiles[`.partial/${stage}.json`] = text;
    if (cached === undefined && !marked) {
      // The first file in the folder: marks it as lipvar's, undone if interrupted.
      await startReportDir(options.outDir, `.partial/${stage}.json`, text);
      marked = true;
    } else if (cached === undefined) {
      await mkdir(partialDir, { recursive: true });
      await writeFileAtomic(path, text);
    }
    (stages as Record<string, unknown>)[stage] = result;
    if (options.failAfterStage === stage) throw new Error(`report interrupted after stage ${stage} (test hook)`);
  }

  const kernels = await createKernels();
  const results: ReportResults = {
    meta: { lipvarVersion: LIPVAR_VERSION, nodeVersion: process.version, wasmBuild: kernels.build, seed: seed.toString(), quick: options.quick === true, authorSettings: options.authorSettings === true },
    config,
    stages: stages as StageResults,
  };
  const figures = drawFigures ? allFigures(results) : [];
  const writing = { outDir: options.outDir, figureFormat, figureScale, figures: drawFigures };
  await writeReportDir(options.outDir, async (put) => {
    for (const [i, f] of figures.entries()) {
      await put(`figures/${figureFile(f, figureFormat)}`, await renderChart(f.config, { format: figureFormat, scale: figureScale }));
      options.onProgress?.({ stage: "figures", index: STAGES.length, total: STAGES.length + 1, done: i + 1, runs: figures.length });
    }
    await put("results.json", JSON.stringify(results, null, 1) + "\n");
    await put("index.md", reportIndex(results, figures, writing));
    await put("README.md", reportReadme(results, writing));
    for (const [p, text] of Object.entries(cacheFiles)) await put(p, text);
  }, outOption);
  return results;
}
