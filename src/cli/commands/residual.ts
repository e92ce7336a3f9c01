/**
 * `lipvar residual`: per-block mean square of SLL residual stacks (± SE over
 * replicates) next to the AOL feed-forward stack of the same depth and width
 * (runResidual).
 */
import type { Command } from "commander";
import { COMMAND_SUMMARIES } from "./summaries.js";
import type { Renderers } from "../output.js";
import { runResidual } from "../../experiments/residual.js";
import type { ResidualResult } from "../../experiments/types.js";
import { integerInRange } from "../args.js";
import { MAX_DEPTH, MAX_SIZE, fmt4 as g, addRemedyOptions, addStackOptions, biasHeader, layerTable, parseRemedyOptions, parseStackOptions, type StackOptionsRaw } from "../stack-options.js";
import { runSummary } from "../run-info.js";
import { runResidualShard } from "../../shard/stack-shard.js";
import { runExperimentCommand } from "../experiment-command.js";
import { UsageError } from "../errors.js";
import { addExamples } from "../options.js";
import { recordsCsv } from "../csv.js";

interface ResidualOptions extends StackOptionsRaw {
  inner?: string;
  init?: string;
  activation?: string;
}

export function residualTable(r: ResidualResult): string {
  const c = r.config;
  const aol = c.aolWidths.every((w) => w === c.width) ? "" : `, AOL comparison widths ${c.aolWidths.join(",")}`;
  const weights = c.init === "orthogonal" ? "Haar orthogonal weights" : `${c.dist} (beta = ${c.beta}${c.weightStd === null ? "" : `, weight std ${c.weightStd}`})`;
  const head = `${r.label}: ${c.depth} blocks${aol}, AOL ${c.gram} Gram, batch ${c.batch}, ${weights}, ${biasHeader(c)}, ${c.replicates} replicates, seed ${c.seed} (${runSummary(r.run)}); input mean square ${g(r.inputMeanSquare)}\n`;
  const rows = r.layers.map((l) => [
    String(l.layer),
    `${g(l.variance)} ± ${g(l.varianceSe)}`,
    `${l.ratio.toFixed(3)} ± ${l.ratioSe.toFixed(3)}`,
    `${g(l.branchMeanSquare)} ± ${g(l.branchMeanSquareSe)}`,
    `${l.meanCosine.toFixed(4)} ± ${l.meanCosineSe.toFixed(4)}`,
    `${g(l.aolVariance)} ± ${g(l.aolVarianceSe)}`,
    g(l.aolPredicted),
  ]);
  const table = layerTable(["block", "SLL E[x²] ± SE", r.layers[0]?.predictedExact ? "÷ predicted" : "kept (÷ input)", "branch² ± SE", "cos ± SE", "AOL E[y²] ± SE", "AOL predicted"], rows);
  return head + table + r.notes.map((n) => `note: ${n}\n`).join("");
}

/** CSV: one row per block, the JSON's per-block fields as columns. */
export function residualCsv(r: ResidualResult): string {
  return recordsCsv(
    r.layers.map((l) => ({
      block: l.layer,
      variance: l.variance,
      variance_se: l.varianceSe,
      predicted: l.predicted,
      predicted_exact: l.predictedExact,
      ratio: l.ratio,
      ratio_se: l.ratioSe,
      branch_mean_square: l.branchMeanSquare,
      branch_mean_square_se: l.branchMeanSquareSe,
      unit_variance: l.unitVariance,
      unit_variance_se: l.unitVarianceSe,
      mean_cosine: l.meanCosine,
      mean_cosine_se: l.meanCosineSe,
      aol_variance: l.aolVariance,
      aol_variance_se: l.aolVarianceSe,
      aol_predicted: l.aolPredicted,
    })),
  );
}

/** The table and CSV of a residual result (also what `lipvar merge` prints for its shards). */
export const renderers: Renderers<ResidualResult> = { table: residualTable, csv: residualCsv };

export function register(program: Command): void {
  const command = program
    .command("residual")
    .description(COMMAND_SUMMARIES.residual.description)
    .option("--depth <L>", `number of blocks, an integer from 1 to ${MAX_DEPTH} (required unless --widths implies it)`)
    .requiredOption("--width <W>", `residual width, an integer from 1 to ${MAX_SIZE}`)
    .option("--inner <K>", `inner width (rows of P), an integer from 1 to ${MAX_SIZE} (default: width)`)
    .option("--widths <list>", `widths w_0,...,w_L of the AOL comparison stack (w_0 = --width; the depth is their count − 1; default: all --width)`)
    .requiredOption("--batch <N>", `inputs per stack, an integer from 1 to ${MAX_SIZE}`);
  addRemedyOptions(command, "; for the AOL comparison stack (the SLL block keeps its ReLU: its certificate needs it)");
  addStackOptions(command, "stacks");
  addExamples(command, [
    ["lipvar residual --depth 30 --width 64 --batch 256", "30 SLL residual blocks of width 64 next to a 30-layer AOL stack, seed 1"],
    ["lipvar residual --depth 10 --width 64 --inner 128 --batch 256 -f csv > blocks.csv", "inner width 128, per-block rows as CSV"],
    ["lipvar residual --depth 30 --width 64 --batch 256 --init orthogonal", "orthogonal P: each block keeps E[x^2] exactly"],
  ]).action(async (opts: ResidualOptions) => {
      const { depth, width, widths, gram, weightStd, batch, seed, biasStd, biasDist, biasBeta, dist, beta, replicates, workers } = parseStackOptions(opts);
      if (width === undefined) throw new UsageError("residual needs --width (the residual stream's width)");
      if (widths !== undefined && widths[0] !== width) throw new UsageError(`--widths must start with --width (${width}): the AOL comparison stack takes the same inputs, got ${widths[0]}`);
      const inner = opts.inner === undefined ? undefined : integerInRange("--inner", opts.inner, 1, MAX_SIZE);
      const remedy = parseRemedyOptions(opts);
      // Without identity:E (parseRemedyOptions' second argument) --init is iid or orthogonal.
      const { init, activation } = remedy as { init: "iid" | "orthogonal"; activation: string };
      const config = { init, activation, depth, width, inner, aolWidths: widths, gram, weightStd, batch, seed, biasStd, biasDist, biasBeta, dist, beta, replicates, workers };
      await runExperimentCommand(opts, {
        label: "residual",
        unit: "networks",
        shard: (spec, o) => runResidualShard(config, spec, o),
        full: (o) => runResidual(config, o),
        ...renderers,
      });
    });
}
