/**
 * `lipvar decay`: per-layer forward variance and backward gradient second
 * moment of random AOL stacks, mean ± SE over replicate networks, against
 * the analytic decay recursion (runDecay).
 */
import type { Command } from "commander";
import { runDecay } from "../../experiments/decay.js";
import type { DecayResult } from "../../experiments/types.js";
import { MAX_DEPTH, MAX_SIZE, fmt4 as g, addStackOptions, biasHeader, layerTable, parseStackOptions, type StackOptionsRaw } from "../stack-options.js";
import { runSummary } from "../run-info.js";
import { runDecayShard } from "../../shard/stack-shard.js";
import { runExperimentCommand } from "../experiment-command.js";
import { UsageError } from "../errors.js";
import { addExamples } from "../options.js";
import { recordsCsv } from "../csv.js";

export function decayTable(r: DecayResult): string {
  const c = r.config;
  const head = `AOL stack: depth ${c.depth}, widths ${c.widths.every((w) => w === c.widths[0]) ? `${c.widths[0]} (all)` : c.widths.join(",")}, ${c.gram} Gram${c.tied ? ", tied weights" : ""}${c.reluOnOutput ? ", loss on ReLU(y_L)" : ""}, batch ${c.batch}, ${c.dist} (beta = ${c.beta}${c.weightStd === null ? "" : `, weight std ${c.weightStd}`}), ${biasHeader(c)}, ${c.replicates} replicates, seed ${c.seed} (${runSummary(r.run)})\n`;
  const rows = r.layers.map((l) => [
    String(l.layer),
    `${g(l.variance)} ± ${g(l.varianceSe)}`,
    g(l.predicted),
    `${l.ratio.toFixed(3)} ± ${l.ratioSe.toFixed(3)}`,
    `${g(l.gradVariance)} ± ${g(l.gradVarianceSe)}`,
    g(l.gradPredicted),
    `${l.gradRatio.toFixed(3)} ± ${l.gradRatioSe.toFixed(3)}`,
  ]);
  const table = layerTable(["layer", "Var[y] ± SE", "predicted", "ratio", "grad² ± SE", "predicted", "ratio"], rows);
  return head + table + r.notes.map((n) => `note: ${n}\n`).join("");
}

/** CSV: one row per layer, the JSON's per-layer fields as columns. */
export function decayCsv(r: DecayResult): string {
  return recordsCsv(
    r.layers.map((l) => ({
      layer: l.layer,
      d: l.d,
      n: l.n,
      variance: l.variance,
      variance_se: l.varianceSe,
      predicted: l.predicted,
      ratio: l.ratio,
      ratio_se: l.ratioSe,
      grad_variance: l.gradVariance,
      grad_variance_se: l.gradVarianceSe,
      grad_predicted: l.gradPredicted,
      grad_ratio: l.gradRatio,
      grad_ratio_se: l.gradRatioSe,
    })),
  );
}

export function register(program: Command): void {
  const command = program
    .command("decay")
    .description("forward variance and backward gradient per layer of random AOL stacks, measured (± SE over replicate networks) vs predicted")
    .option("--depth <L>", `number of layers, an integer from 1 to ${MAX_DEPTH} (required with --width; --widths implies it)`)
    .option("--width <W>", `width of every layer, an integer from 1 to ${MAX_SIZE} (or --widths)`)
    .option("--widths <list>", `widths w_0,...,w_L of a non-square stack (2 to ${MAX_DEPTH + 1} integers from 1 to ${MAX_SIZE}; the depth is their count − 1), e.g. 54,64,64,7 for depth 3`)
    .requiredOption("--batch <N>", `inputs per network, an integer from 1 to ${MAX_SIZE}`)
    .option("--tied-weights", "every layer uses layer 1's W and b (square widths), as the author's gradient experiment")
    .option("--relu-on-output", "loss = sum of ReLU(y_L) instead of sum of y_L, as the author's gradient experiment");
  addStackOptions(command, "networks");
  addExamples(command, [
    ["lipvar decay --depth 20 --width 64 --batch 256", "20 AOL layers of width 64, Gaussian weights, seed 1"],
    ["lipvar decay --widths 54,64,64,7 --batch 512 --dist laplace -f csv > layers.csv", "the Covertype network's shape (depth 3), per-layer rows as CSV"],
  ]).action(async (opts: StackOptionsRaw & { tiedWeights?: boolean; reluOnOutput?: boolean }) => {
      const { depth, width, widths, gram, weightStd, batch, seed, biasStd, biasDist, biasBeta, dist, beta, replicates, workers } = parseStackOptions(opts);
      if ((width === undefined) === (widths === undefined)) throw new UsageError("decay needs exactly one of --width (square layers) and --widths (w_0,...,w_L)");
      const tied = opts.tiedWeights === true;
      if (tied && widths !== undefined && widths.some((w) => w !== widths[0])) throw new UsageError("--tied-weights needs equal widths (use --width)");
      const config = { depth, width, widths, gram, weightStd, tied, reluOnOutput: opts.reluOnOutput === true, batch, seed, biasStd, biasDist, biasBeta, dist, beta, replicates, workers };
      await runExperimentCommand(opts, {
        label: "decay",
        unit: "networks",
        shard: (spec, o) => runDecayShard(config, spec, o),
        full: (o) => runDecay(config, o),
        table: decayTable,
        csv: decayCsv,
      });
    });
}
