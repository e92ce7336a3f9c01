/**
 * `lipvar decay`: per-layer forward variance and backward gradient second
 * moment of random AOL stacks, mean ± SE over replicate networks, against
 * the analytic decay recursion (runDecay).
 */
import type { Command } from "commander";
import { runDecay } from "../../experiments/decay.js";
import type { DecayResult } from "../../experiments/types.js";
import { DEFAULT_REPLICATES, MAX_DEPTH, MAX_REPLICATES, MAX_SIZE, fmt4 as g, BIAS_OPTION_HELP, biasHeader, layerTable, parseStackOptions, type StackOptionsRaw } from "../stack-options.js";
import { runSummary } from "../run-info.js";
import { shardOption, type ShardSpec } from "../shard-output.js";
import { runDecayShard } from "../../shard/stack-shard.js";
import { runExperimentCommand } from "../experiment-command.js";

export function decayTable(r: DecayResult): string {
  const c = r.config;
  const head = `AOL stack: depth ${c.depth}, widths ${c.widths[0]}${c.widths.every((w) => w === c.widths[0]) ? " (all)" : " .. " + c.widths.join(",")}, batch ${c.batch}, ${c.dist} (beta = ${c.beta}), ${biasHeader(c)}, ${c.replicates} replicates, seed ${c.seed} (${runSummary(r.run)})\n`;
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

export function register(program: Command): void {
  program
    .command("decay")
    .description("forward variance and backward gradient per layer of random AOL stacks, measured (± SE over replicate networks) vs predicted")
    .requiredOption("--depth <L>", `number of layers, an integer from 1 to ${MAX_DEPTH}`)
    .requiredOption("--width <W>", `width of every layer, an integer from 1 to ${MAX_SIZE}`)
    .requiredOption("--batch <N>", `inputs per network, an integer from 1 to ${MAX_SIZE}`)
    .requiredOption("--seed <K>", "seed, an integer from 0 to 2^64-1; replicate r uses stream r")
    .option("--bias-std <S>", BIAS_OPTION_HELP.biasStd)
    .option("--bias-dist <name>", BIAS_OPTION_HELP.biasDist)
    .option("--bias-beta <B>", BIAS_OPTION_HELP.biasBeta)
    .option("--dist <name>", "weights: gaussian | laplace | uniform | gnd (default gaussian)")
    .option("--beta <B>", "shape for --dist gnd: a number > 0 or 'inf'")
    .option("--replicates <R>", `independent networks for the SEs, an integer from 2 to ${MAX_REPLICATES} (default ${DEFAULT_REPLICATES})`)
    .option("--workers <W>", "worker threads, an integer from 1 to 1024 (default: available cores)")
    .option("--json", "one JSON object")
    .option("--out <file>", "write the JSON (or the shard JSON) here, atomically, instead of stdout; the table is still printed without --json")
    .addOption(shardOption())
    .action(async (opts: StackOptionsRaw & { shard?: ShardSpec; out?: string }) => {
      const { depth, width, batch, seed, biasStd, biasDist, biasBeta, dist, beta, replicates, workers } = parseStackOptions(opts);
      const config = { depth, width, batch, seed, biasStd, biasDist, biasBeta, dist, beta, replicates, workers };
      await runExperimentCommand(opts, {
        label: "decay",
        unit: "networks",
        shard: (spec, o) => runDecayShard(config, spec, o),
        full: (o) => runDecay(config, o),
        table: decayTable,
      });
    });
}
