/**
 * `lipvar train`: the paper's Covertype experiment (MATH.md §7) with the
 * Wasm trainer — plain and 1-Lipschitz (SLL) networks of several depths,
 * several seeds each, trained with Adam; per-epoch curves and per-layer
 * variances at initialisation and at the end, as a table or JSON. With no
 * --data, a synthetic table with Covertype's schema is generated from the
 * seed (offline).
 */
import type { Command } from "commander";
import { COMMAND_SUMMARIES } from "./summaries.js";
import type { Renderers } from "../output.js";
import { Option } from "commander";
import { loadKernels } from "../../wasm/kernels.js";
import { readDataFile } from "../../data/read.js";
import { syntheticCovertype } from "../../data/synthetic.js";
import type { TabularData } from "../../data/types.js";
import { COVERTYPE_ROWS, TRAIN_DEFAULTS, runTraining, trainRuns, validateTrainConfig } from "../../experiments/train.js";
import { parseTrainInit, TRAIN_MODELS, type TrainInit, type TrainHiddenActivation, type TrainBias, type TrainConfig, type TrainEpochTiming, type TrainModel, type TrainResult } from "../../experiments/train-types.js";
import { formatRate } from "../progress.js";
import { runTrainShard } from "../../shard/train-shard.js";
import { inShard } from "../../shard/shard.js";
import { choice, integerInRange, listItems, positiveNumber } from "../args.js";
import { checkOutputFile } from "../../io/output-paths.js";
import { shardOption, type ShardSpec } from "../shard-output.js";
import { runExperimentCommand } from "../experiment-command.js";
import { runSummary } from "../run-info.js";
import { layerTable } from "../table.js";
import { UsageError } from "../errors.js";
import { addExamples, addResultOptions, parseOutputFormat, parseSeedOption, parseWorkers, seedOption, workersOption, type OutputOptionsRaw } from "../options.js";
import { recordsCsv } from "../csv.js";

interface TrainOptionsRaw extends OutputOptionsRaw {
  models: string;
  depths: string;
  width: string;
  seeds: string;
  seed?: string;
  epochs: string;
  batch: string;
  lr: string;
  bias: string;
  init: string;
  activation: string;
  q: string;
  rows?: string;
  testFraction: string;
  standardise?: boolean;
  statsRows: string;
  data?: string;
  dataFormat?: "covtype" | "csv";
  label: string;
  workers?: string;
  out?: string;
  shard?: ShardSpec;
}

export function parseTrainOptions(o: TrainOptionsRaw): TrainConfig {
  const models = listItems("--models", o.models, "models").map((m) => choice("--models", m, TRAIN_MODELS)) as TrainModel[];
  if (new Set(models).size !== models.length) throw new UsageError(`--models must not repeat a model, got '${o.models}'`);
  const depths = listItems("--depths", o.depths, "depths").map((text) => integerInRange("--depths", text, 1, 1000));
  if (new Set(depths).size !== depths.length) throw new UsageError(`--depths must not repeat a depth, got '${o.depths}'`);
  const testFraction = positiveNumber("--test-fraction", o.testFraction);
  if (!(testFraction < 1)) throw new UsageError(`--test-fraction must be a number between 0 and 1 (exclusive), got '${o.testFraction}'`);
  return {
    models,
    depths,
    width: integerInRange("--width", o.width, 1, 4096),
    seeds: integerInRange("--seeds", o.seeds, 1, 100000),
    seed: parseSeedOption(o.seed),
    epochs: integerInRange("--epochs", o.epochs, 0, 100000),
    batch: integerInRange("--batch", o.batch, 1, 65536),
    lr: positiveNumber("--lr", o.lr),
    bias: choice("--bias", o.bias, ["init", "zero", "none"] as const) as TrainBias,
    init: trainInit(o.init),
    activation: hiddenActivation(o.activation),
    trainQ: choice("--q", o.q, ["trained", "fixed"] as const) === "trained",
    rows: o.rows === undefined ? null : integerInRange("--rows", o.rows, 2, 2 ** 31 - 1),
    testFraction,
    standardise: o.standardise === true,
    statsRows: integerInRange("--stats-rows", o.statsRows, 1, 2 ** 31 - 1),
    workers: parseWorkers(o.workers),
  };
}

/** --activation: relu, abs, maxmin or groupsort:K (K from 2 to 4096; the width check is the config's). */
function hiddenActivation(raw: string): TrainHiddenActivation {
  const text = raw.trim().toLowerCase();
  if (text === "relu" || text === "abs" || text === "maxmin") return text;
  const m = /^groupsort:([0-9]+)$/.exec(text);
  if (m && Number(m[1]) >= 2 && Number(m[1]) <= 4096) return `groupsort:${Number(m[1])}`;
  throw new UsageError(`--activation must be relu, abs, maxmin or groupsort:K (K an integer from 2 to 4096 dividing --width), got '${raw}'`);
}

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

export function trainTable(r: TrainResult): string {
  const c = r.config;
  const head =
    `training: ${c.models.join(", ")} at depths ${c.depths.join(", ")}, width ${c.width}, ${c.seeds} seed(s) from ${c.seed}, ${c.epochs} epochs, batch ${c.batch}, Adam lr ${c.lr}, bias ${c.bias}${c.init !== "iid" ? `, ${c.init} W` : ""}${c.activation !== "relu" ? `, activation ${c.activation}` : ""}, q ${c.trainQ ? "trained" : "fixed"}${c.standardise ? ", standardised" : ", raw features"} (${runSummary(r.run)})\n` +
    `data: ${r.data.source}: ${r.data.rowsUsed} rows (${r.data.trainRows} train, ${r.data.testRows} test), ${r.data.columns} columns, ${r.data.classes} classes; majority class ${pct(r.data.majorityAccuracy)} of the test rows\n`;
  const rows = r.groups.map((g) => [
    g.model,
    String(g.depth),
    String(g.runs),
    `${pct(g.finalAccuracy.value)} ± ${g.finalAccuracy.se === null ? "–" : pct(g.finalAccuracy.se)}`,
    `${g.finalTestLoss.value.toFixed(4)} ± ${g.finalTestLoss.se === null ? "–" : g.finalTestLoss.se.toFixed(4)}`,
    g.meanTrainLoss.length ? g.meanTrainLoss[g.meanTrainLoss.length - 1].toFixed(4) : "–",
    g.initYMeanSquare[g.initYMeanSquare.length - 1].toPrecision(3),
    g.predictedYMeanSquare ? g.predictedYMeanSquare[g.predictedYMeanSquare.length - 1].toPrecision(3) : "–",
  ]);
  const timing = r.run.epochs ? epochTimingLine(r.run.epochs) : "";
  return head + timing + layerTable(["model", "depth", "runs", "test accuracy ± SE", "test loss ± SE", "train loss", "E[y²] last layer, init", "predicted"], rows);
}

/** The table the runs train on: the file, or the synthetic Covertype-schema table from the seed. */
async function loadTable(o: TrainOptionsRaw, config: TrainConfig): Promise<TabularData> {
  if (o.data !== undefined) return readDataFile(o.data, { label: o.label, format: o.dataFormat });
  return syntheticCovertype(await loadKernels(), { rows: config.rows ?? COVERTYPE_ROWS, seed: config.seed ?? 0 });
}

/** "epochs: 0.52 s each, 1250 steps/s (mean over 24 epochs of 12 runs; 98 steps per epoch)". */
function epochTimingLine(t: TrainEpochTiming): string {
  const seconds = t.epochSeconds.flat();
  if (seconds.length === 0) return "";
  const mean = seconds.reduce((a, b) => a + b, 0) / seconds.length;
  const rate = mean > 0 ? `, ${formatRate(t.stepsPerEpoch / mean).replace("/s", " steps/s")}` : "";
  return `epochs: ${mean.toPrecision(3)} s each${rate} (mean over ${seconds.length} epochs of ${t.epochSeconds.length} runs; ${t.stepsPerEpoch} steps per epoch)\n`;
}

/** The note for a --workers beyond the runs: a run is the unit of work, so the extra threads would idle. */
export function workersNote(workers: number | undefined, runs: number): string | undefined {
  if (workers === undefined || workers <= runs) return undefined;
  return `note: --workers ${workers} but only ${runs} run${runs === 1 ? "" : "s"} to train: a run is the unit of work, so ${runs} worker${runs === 1 ? "" : "s"} will do; more seeds (--seeds) or depths use the others`;
}

/** CSV: one row per model and depth (the table's rows), at full precision. */
export function trainCsv(r: TrainResult): string {
  return recordsCsv(
    r.groups.map((g) => ({
      model: g.model,
      init: r.config.init,
      activation: r.config.activation,
      depth: g.depth,
      runs: g.runs,
      test_accuracy: g.finalAccuracy.value,
      test_accuracy_se: g.finalAccuracy.se,
      test_loss: g.finalTestLoss.value,
      test_loss_se: g.finalTestLoss.se,
      train_loss: g.meanTrainLoss.length ? g.meanTrainLoss[g.meanTrainLoss.length - 1] : null,
      init_y_mean_square_last: g.initYMeanSquare[g.initYMeanSquare.length - 1],
      predicted_y_mean_square_last: g.predictedYMeanSquare ? g.predictedYMeanSquare[g.predictedYMeanSquare.length - 1] : null,
      seed: r.config.seed,
    })),
  );
}

/** The table and CSV of a train result (also what `lipvar merge` prints for its shards). */
export const renderers: Renderers<TrainResult> = { table: trainTable, csv: trainCsv };

/** --init: iid, orthogonal or identity:E (E the noise std, a finite number >= 0). */
function trainInit(raw: string): TrainInit {
  const init = parseTrainInit(raw);
  if (init === null) throw new UsageError(`--init must be iid, orthogonal or identity:E (E the noise std, a finite number >= 0, e.g. identity:0.01), got '${raw}'`);
  return init;
}

export function register(program: Command): void {
  const d = TRAIN_DEFAULTS;
  const command = program
    .command("train")
    .description(COMMAND_SUMMARIES.train.description)
    .option("--models <list>", `comma-separated, from ${TRAIN_MODELS.join(", ")}`, d.models.join(","))
    .option("--depths <list>", "hidden depths L (plain: L hidden layers + output; SLL: L + 1 layers), integers from 1 to 1000", d.depths.join(","))
    .option("--width <W>", "hidden width, an integer from 1 to 4096", String(d.width))
    .option("--epochs <E>", "epochs, an integer from 0 to 100000", String(d.epochs))
    .option("--seeds <R>", "runs per model and depth (replicates 0..R-1), an integer from 1 to 100000", String(d.seeds))
    .addOption(seedOption("base seed of data, split, initialisation and shuffles"))
    .option("--data <file>", "UCI covtype.data (plain or .gz; 54 features then the label 1-7) or a CSV with a header (.csv/.csv.gz); default: synthetic Covertype-schema data from --seed")
    .addOption(new Option("--data-format <f>", "format of --data, overriding the file name").choices(["covtype", "csv"]))
    .option("--label <name>", "label column of a CSV", "Cover_Type")
    .option("--rows <N>", "rows of data used, a random subset before the split (synthetic: rows generated); default all (synthetic: 581012)")
    .option("--batch <B>", "batch size, an integer from 1 to 65536", String(d.batch))
    .option("--lr <x>", "Adam learning rate, a number > 0 (betas 0.9, 0.999, eps 1e-8 as PyTorch)", String(d.lr))
    .addOption(new Option("--bias <mode>", "bias: init (the model's initialiser), zero (zero-initialised, trained: the author's bias_init=False), none (no bias)").choices(["init", "zero", "none"]).default(d.bias))
    .addOption(new Option("--init <kind>", "initial W: iid (each model's own initialiser), orthogonal (Haar; semi-orthogonal for non-square layers, gain 1) or identity:E (the identity plus E times normal noise, E >= 0)").default(d.init))
    .option("--activation <name>", "hidden layers' activation: relu, abs, maxmin (GroupSort with groups of 2) or groupsort:K (K divides --width); the output layer keeps the model's own", d.activation)
    .addOption(new Option("--q <mode>", "SLL q = exp(θ): trained, or fixed at its initial value").choices(["trained", "fixed"]).default("trained"))
    .option("--test-fraction <f>", "share of the rows held out for testing, between 0 and 1", String(d.testFraction))
    .option("--standardise", "standardise the continuous columns (training rows' mean and sd); default raw features, as the author")
    .option("--stats-rows <N>", "test rows the per-layer variances are measured on", String(d.statsRows))
    .addOption(workersOption("runs are the unit of work"));
  addResultOptions(command, "one object with every run's curves; --format csv: one row per model and depth")
    .addOption(shardOption());
  addExamples(command, [
    ["lipvar train --depths 5 --seeds 2 --epochs 3 --rows 20000", "a quick look: plain and SLL nets of depth 5 on 20,000 synthetic rows"],
    ["lipvar train --data covtype.data.gz --models sll --depths 5,15,30 -j 2 -o train.json", "the paper's SLL experiment on the UCI file, JSON into train.json"],
    ["lipvar train --data my.csv --label target --standardise -f csv", "your own CSV, one result row per model and depth as CSV"],
    ["lipvar train --models sll --init orthogonal --activation maxmin --depths 5,15,30 --rows 20000 --standardise", "a remedy: orthogonal initial W and MaxMin on the paper's SLL nets"],
  ]);
  command.action(async (opts: TrainOptionsRaw) => {
      parseOutputFormat(opts, "the data file's format is --data-format");
      const config = parseTrainOptions(opts);
      // Before the data are read or generated: an unwritable --out costs a second, not the run.
      if (opts.out !== undefined) await checkOutputFile("--out", opts.out);
      const note = workersNote(config.workers, trainRuns(validateTrainConfig(config)).filter((r) => !opts.shard || inShard(r.index, opts.shard)).length);
      if (note && !opts.quiet) process.stderr.write(`lipvar: ${note}\n`);
      const table = await loadTable(opts, config);
      await runExperimentCommand(opts, {
        label: "train",
        unit: "epochs",
        shard: (spec, o) => runTrainShard(config, table, spec, o),
        full: (o) => runTraining(config, table, o),
        ...renderers,
      });
    });
}
