/**
 * `lipvar decay`: per-layer forward variance and backward gradient second
 * moment of random AOL stacks, mean ± SE over replicate networks, against
 * the analytic decay recursion (runDecay).
 */
import type { Command } from "commander";
import { COMMAND_SUMMARIES } from "./summaries.js";
import type { Renderers } from "../output.js";
import { runDecay } from "../../experiments/decay.js";
import type { DecayResult } from "../../experiments/types.js";
import { MAX_DEPTH, MAX_SIZE, fmt4 as g, addRemedyOptions, addStackOptions, biasHeader, layerTable, parseRemedyOptions, parseStackOptions, type StackOptionsRaw } from "../stack-options.js";
import { activationLabel } from "../../experiments/decay.js";
import { parseTransform } from "../run-options.js";
import { runSummary } from "../run-info.js";
import { runDecayShard } from "../../shard/stack-shard.js";
import { runExperimentCommand } from "../experiment-command.js";
import { UsageError } from "../errors.js";
import { addExamples } from "../options.js";
import { recordsCsv } from "../csv.js";

/** "measured ± SE (predicted p)" for a per-layer factor, or "n/a". */
function factorText(f: { measured: { value: number; se: number }; predicted: number | null } | null): string {
  if (f === null) return "n/a (one layer)";
  return `${g(f.measured.value)} ± ${g(f.measured.se)} (predicted ${f.predicted === null ? "none: measured only" : g(f.predicted)})`;
}

function depthText(d: { depth: number | null; extrapolated: boolean }): string {
  return d.depth === null ? "never" : `${d.depth}${d.extrapolated ? " (extrapolated)" : ""}`;
}

export function decayTable(r: DecayResult): string {
  const c = r.config;
  const weights = c.init === "orthogonal" ? "Haar orthogonal weights" : `${c.dist} (beta = ${c.beta}${c.weightStd === null ? "" : `, weight std ${c.weightStd}`})`;
  const head = `${r.label}: depth ${c.depth}, ${c.gram} Gram${c.tied ? ", tied weights" : ""}${c.reluOnOutput ? `, loss on ${activationLabel(c.activation)}(y_L)` : ""}, batch ${c.batch}, ${weights}, ${biasHeader(c)}, ${c.replicates} replicates, seed ${c.seed} (${runSummary(r.run)})\n`;
  const rows = r.layers.map((l) => [
    String(l.layer),
    `${g(l.variance)} ± ${g(l.varianceSe)}`,
    g(l.predicted),
    `${l.ratio.toFixed(3)} ± ${l.ratioSe.toFixed(3)}`,
    `${g(l.gradVariance)} ± ${g(l.gradVarianceSe)}`,
    g(l.gradPredicted),
    `${l.gradRatio.toFixed(3)} ± ${l.gradRatioSe.toFixed(3)}`,
    `${l.meanCosine.toFixed(4)} ± ${l.meanCosineSe.toFixed(4)}`,
    l.meanCosinePredicted === null ? "-" : l.meanCosinePredicted.toFixed(4),
  ]);
  const table = layerTable(["layer", "E[y²] ± SE", "predicted", "ratio", "grad² ± SE", "predicted", "ratio", "cos ± SE", "predicted"], rows);
  const f = r.factors;
  const factors =
    `per-layer factor (layers >= 2, mean over networks ± SE): E[y²] ${factorText(f.forward)}; grad² ${factorText(f.gradient)}; per-unit variance across inputs ${factorText(f.spread)}\n` +
    `depth where E[y²] < 1e-6 of the input: ${depthText(f.depthTo1e6)}; where the per-unit variance across inputs is: ${depthText(f.spreadDepthTo1e6)}\n`;
  return head + table + factors + r.notes.map((n) => `note: ${n}\n`).join("");
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
      unit_variance: l.unitVariance,
      unit_variance_se: l.unitVarianceSe,
      unit_variance_predicted: l.unitVariancePredicted ?? "",
      mean_cosine: l.meanCosine,
      mean_cosine_se: l.meanCosineSe,
      mean_cosine_predicted: l.meanCosinePredicted ?? "",
    })),
  );
}

/** The table and CSV of a decay result (also what `lipvar merge` prints for its shards). */
export const renderers: Renderers<DecayResult> = { table: decayTable, csv: decayCsv };

export function register(program: Command): void {
  const command = program
    .command("decay")
    .description(COMMAND_SUMMARIES.decay.description)
    .option("--depth <L>", `number of layers, an integer from 1 to ${MAX_DEPTH} (required with --width; --widths implies it)`)
    .option("--width <W>", `width of every layer, an integer from 1 to ${MAX_SIZE} (or --widths)`)
    .option("--widths <list>", `widths w_0,...,w_L of a non-square stack (2 to ${MAX_DEPTH + 1} integers from 1 to ${MAX_SIZE}; the depth is their count − 1), e.g. 54,64,64,7 for depth 3`)
    .requiredOption("--batch <N>", `inputs per network, an integer from 1 to ${MAX_SIZE}`)
    .option("--tied-weights", "every layer uses layer 1's W and b (square widths), as the author's gradient experiment")
    .option("--relu-on-output", "loss = sum of activation(y_L) instead of sum of y_L, as the author's gradient experiment (with ReLU)")
    .option("--transform <name>", "layer family: aol (default; column Gram) | sll (the author's feed-forward SLL layer: row Gram, q = exp(theta))")
    .option("--q-std <S>", "sll: theta ~ N(0, S^2) per rescaled unit, a finite number >= 0 (default 0: q = 1)");
  addRemedyOptions(command, "", true);
  addStackOptions(command, "networks");
  addExamples(command, [
    ["lipvar decay --depth 20 --width 64 --batch 256", "20 AOL layers of width 64, Gaussian weights, seed 1"],
    ["lipvar decay --widths 54,64,64,7 --batch 512 --dist laplace -f csv > layers.csv", "the Covertype network's shape (depth 3), per-layer rows as CSV"],
    ["lipvar decay --depth 30 --width 64 --batch 256 --init orthogonal --activation maxmin", "a remedy: orthogonal weights and MaxMin keep E[y^2] over 30 layers"],
  ]).action(async (opts: StackOptionsRaw & { tiedWeights?: boolean; reluOnOutput?: boolean; transform?: string; qStd?: string; init?: string; activation?: string }) => {
      const { depth, width, widths, gram: gramParsed, weightStd, batch, seed, biasStd, biasDist, biasBeta, dist, beta, replicates, workers } = parseStackOptions(opts);
      const { transform, qStd } = parseTransform({ transform: opts.transform ?? "aol", qStd: opts.qStd });
      const { init, activation } = parseRemedyOptions(opts, true);
      // The family's own Gram unless --gram says otherwise: column for AOL, row for the author's SLL layer.
      const gram = opts.gram === undefined ? undefined : gramParsed;
      if ((width === undefined) === (widths === undefined)) throw new UsageError("decay needs exactly one of --width (square layers) and --widths (w_0,...,w_L)");
      const tied = opts.tiedWeights === true;
      if (tied && widths !== undefined && widths.some((w) => w !== widths[0])) throw new UsageError("--tied-weights needs equal widths (use --width)");
      const config = { depth, width, widths, gram, weightStd, tied, reluOnOutput: opts.reluOnOutput === true, batch, seed, biasStd, biasDist, biasBeta, dist, beta, replicates, workers, transform, qStd, init, activation };
      await runExperimentCommand(opts, {
        label: "decay",
        unit: "networks",
        shard: (spec, o) => runDecayShard(config, spec, o),
        full: (o) => runDecay(config, o),
        ...renderers,
      });
    });
}
