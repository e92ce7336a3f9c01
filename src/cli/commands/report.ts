/**
 * `lipvar report`: runs the report's experiments and writes DIR/index.md,
 * DIR/results.json and DIR/figures/ (PNG at --figure-scale, SVG or PDF;
 * src/report/generate.ts). Progress:
 * a bar per stage on a terminal, plain lines in CI logs (src/cli/progress.ts).
 */
import type { Command } from "commander";
import { COMMAND_SUMMARIES } from "./summaries.js";
import { generateReport } from "../../report/generate.js";
import { FIGURE_FORMATS, MAX_FIGURE_SCALE, rendererMissing } from "../../report/render.js";
import { UsageError } from "../errors.js";
import { choice, positiveNumber } from "../args.js";
import { createProgress, type Progress } from "../progress.js";
import { addExamples, outOption, parseSeedOption, parseWorkers, quietOption, seedOption, workersOption } from "../options.js";

interface ReportOptions {
  out: string;
  quick?: boolean;
  authorSettings?: boolean;
  seed?: string;
  resume?: boolean;
  workers?: string;
  /** false with --no-figures. */
  figures: boolean;
  quiet?: boolean;
  figureFormat: string;
  figureScale?: string;
}

/** --figure-format and --figure-scale, checked together (the scale is for PNG only). */
function parseFigureOptions(opts: ReportOptions): { figureFormat: (typeof FIGURE_FORMATS)[number]; figureScale: number } {
  const figureFormat = choice("--figure-format", opts.figureFormat, FIGURE_FORMATS);
  if (opts.figureScale === undefined) return { figureFormat, figureScale: 1 };
  const figureScale = positiveNumber("--figure-scale", opts.figureScale);
  if (figureScale < 1 || figureScale > MAX_FIGURE_SCALE) throw new UsageError(`--figure-scale must be a number from 1 to ${MAX_FIGURE_SCALE}, got '${opts.figureScale}'`);
  if (figureFormat !== "png") throw new UsageError(`--figure-scale applies to PNG figures only: ${figureFormat} is a vector format (drop --figure-scale)`);
  return { figureFormat, figureScale };
}

export function register(program: Command): void {
  const command = program
    .command("report")
    .description(COMMAND_SUMMARIES.report.description)
    .addOption(outOption("report folder: new, empty, or one lipvar wrote (it carries .lipvar-report); replaced as a whole, atomically, when the run completes", "reports"))
    .option("--quick", "small sizes: the same figures and verdicts in well under a minute")
    .option("--author-settings", "the default report with the author's figure configurations at the largest sizes that fit (width 1024 forward, 2024 tied gradients; about 5–10 minutes on 2 cores)")
    .addOption(seedOption("every stage's seed derives from it"))
    .option("--resume", "reuse per-stage results cached in DIR/.partial by an interrupted run with the same config and seed")
    .addOption(workersOption("runs are the unit of work"))
    .option("--no-figures", "write index.md and results.json without the figures: needs neither chartjs-node-canvas nor canvas (e.g. in CI)")
    .option("--figure-format <F>", `figure files: ${FIGURE_FORMATS.join(", ")} (SVG and PDF are vector, for papers and slides)`, "png")
    .option("--figure-scale <S>", `PNG pixel density, a number from 1 to ${MAX_FIGURE_SCALE}: 2 writes 2000×1300 images of the same 1000×650 charts (default 1)`)
    .addOption(quietOption("no progress and no closing line on stderr"));
  addExamples(command, [
    ["lipvar report --quick -o /tmp/lipvar-report", "the whole report at small sizes, in well under a minute"],
    ["lipvar report", "the default report into reports/ (seed 1)"],
    ["lipvar report --figure-format svg -o paper-report", "vector figures for a paper (or --figure-scale 2 for sharper PNG)"],
    ["lipvar report --resume", "continue an interrupted run from its cached stages"],
  ]).action(async (opts: ReportOptions) => {
      const seed = parseSeedOption(opts.seed);
      const { figureFormat, figureScale } = parseFigureOptions(opts);
      const workers = parseWorkers(opts.workers);
      if (opts.quick && opts.authorSettings) throw new UsageError("--quick and --author-settings exclude each other: pick one report size");
      // Before any work: without the optional renderer the run would end without figures.
      const missing = opts.figures ? await rendererMissing() : undefined;
      if (missing) throw new UsageError(missing);
      const started = performance.now();
      let progress: Progress | undefined;
      let current = "";
      await generateReport({
        outDir: opts.out,
        outOption: "--out",
        quick: opts.quick === true,
        authorSettings: opts.authorSettings === true,
        seed,
        resume: opts.resume === true,
        workers,
        figures: opts.figures,
        figureFormat,
        figureScale,
        onProgress: (e) => {
          if (e.stage !== current) {
            progress?.finish();
            progress = undefined;
            current = e.stage;
            if (e.cached && !opts.quiet) process.stderr.write(`report ${e.index + 1}/${e.total} ${e.stage}: cached (--resume)\n`);
          }
          // The stage-start event (done 0) does not know the stage's run count yet: the bar starts at the first finished run.
          if (e.cached || e.done === 0) return;
          // The training stages count epochs (of all their runs), the others runs.
          progress ??= createProgress({ total: e.runs, label: `report ${e.index + 1}/${e.total} ${e.stage}`, unit: e.stage === "training" || e.stage === "remedies-training" ? "epochs" : "runs", quiet: opts.quiet === true });
          progress.update(e.done, e.runs);
        },
      });
      progress?.finish();
      if (!opts.quiet) process.stderr.write(`report written to ${opts.out}/ in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    });
}
