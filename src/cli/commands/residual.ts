/**
 * `lipvar residual`: per-block mean square of SLL residual stacks (± SE over
 * replicates) next to the AOL feed-forward stack of the same depth and width
 * (runResidual).
 */
import type { Command } from "commander";
import { runResidual } from "../../experiments/residual.js";
import type { ResidualResult } from "../../experiments/types.js";
import { integerInRange } from "../args.js";
import { DEFAULT_REPLICATES, MAX_DEPTH, MAX_REPLICATES, MAX_SIZE, fmt4 as g, BIAS_OPTION_HELP, biasHeader, layerTable, parseStackOptions, type StackOptionsRaw } from "../stack-options.js";
import { runSummary } from "../run-info.js";
import { shardOption, type ShardSpec } from "../shard-output.js";
import { runResidualShard } from "../../shard/stack-shard.js";
import { runExperimentCommand } from "../experiment-command.js";

interface ResidualOptions extends StackOptionsRaw {
  out?: string;
  inner?: string;
  shard?: ShardSpec;
}

export function residualTable(r: ResidualResult): string {
  const c = r.config;
  const head = `SLL residual stack: ${c.depth} blocks, width ${c.width}, inner ${c.inner}, batch ${c.batch}, ${c.dist} (beta = ${c.beta}), ${biasHeader(c)}, ${c.replicates} replicates, seed ${c.seed} (${runSummary(r.run)}); input mean square ${g(r.inputMeanSquare)}\n`;
  const rows = r.layers.map((l) => [
    String(l.layer),
    `${g(l.variance)} ± ${g(l.varianceSe)}`,
    `${l.ratio.toFixed(3)} ± ${l.ratioSe.toFixed(3)}`,
    `${g(l.branchMeanSquare)} ± ${g(l.branchMeanSquareSe)}`,
    `${g(l.aolVariance)} ± ${g(l.aolVarianceSe)}`,
    g(l.aolPredicted),
  ]);
  const table = layerTable(["block", "SLL Var ± SE", "kept (÷ input)", "branch² ± SE", "AOL Var ± SE", "AOL predicted"], rows);
  return head + table + r.notes.map((n) => `note: ${n}\n`).join("");
}

export function register(program: Command): void {
  program
    .command("residual")
    .description("variance per block of SLL residual stacks (± SE over replicates) next to the AOL feed-forward stack")
    .requiredOption("--depth <L>", `number of blocks, an integer from 1 to ${MAX_DEPTH}`)
    .requiredOption("--width <W>", `residual width, an integer from 1 to ${MAX_SIZE}`)
    .option("--inner <K>", `inner width (rows of P), an integer from 1 to ${MAX_SIZE} (default: width)`)
    .requiredOption("--batch <N>", `inputs per stack, an integer from 1 to ${MAX_SIZE}`)
    .requiredOption("--seed <K>", "seed, an integer from 0 to 2^64-1; replicate r uses stream r")
    .option("--bias-std <S>", BIAS_OPTION_HELP.biasStd)
    .option("--bias-dist <name>", BIAS_OPTION_HELP.biasDist)
    .option("--bias-beta <B>", BIAS_OPTION_HELP.biasBeta)
    .option("--dist <name>", "weights: gaussian | laplace | uniform | gnd (default gaussian)")
    .option("--beta <B>", "shape for --dist gnd: a number > 0 or 'inf'")
    .option("--replicates <R>", `independent stacks, an integer from 2 to ${MAX_REPLICATES} (default ${DEFAULT_REPLICATES})`)
    .option("--workers <W>", "worker threads, an integer from 1 to 1024 (default: available cores)")
    .option("--json", "one JSON object")
    .option("--out <file>", "write the JSON (or the shard JSON) here, atomically, instead of stdout; the table is still printed without --json")
    .addOption(shardOption())
    .action(async (opts: ResidualOptions) => {
      const { depth, width, batch, seed, biasStd, biasDist, biasBeta, dist, beta, replicates, workers } = parseStackOptions(opts);
      const inner = opts.inner === undefined ? undefined : integerInRange("--inner", opts.inner, 1, MAX_SIZE);
      const config = { depth, width, inner, batch, seed, biasStd, biasDist, biasBeta, dist, beta, replicates, workers };
      await runExperimentCommand(opts, {
        label: "residual",
        unit: "networks",
        shard: (spec, o) => runResidualShard(config, spec, o),
        full: (o) => runResidual(config, o),
        table: residualTable,
      });
    });
}
