/**
 * Options shared by the depth commands (`decay`, `residual`): parsed and
 * validated once here, so both name their parameters and ranges alike.
 */
import { DEFAULT_REPLICATES, MAX_DEPTH, MAX_REPLICATES, MAX_SIZE } from "../experiments/decay.js";
import type { DistributionName } from "../experiments/types.js";
import { choice, integerInRange, integerList, positiveNumber } from "./args.js";
import { MAX_GROUP, activationName, checkInit, identityNoise, parseActivation, type Initialisation } from "../wasm/decay.js";
import { DIST_HELP, addDistOptions, parseDistOptions } from "./dist.js";
import { GRAM_HELP, WEIGHT_STD_HELP, parseGram, parseWeightStd } from "./run-options.js";
import { shardOption, type ShardSpec } from "./shard-output.js";
import { addResultOptions, parseSeedOption, parseWorkers, seedOption, workersOption, type OutputOptionsRaw } from "./options.js";
import { UsageError } from "./errors.js";
import type { Command } from "commander";

export { DEFAULT_REPLICATES, MAX_DEPTH, MAX_REPLICATES, MAX_SIZE };

/** The raw option strings commander hands to a depth command. */
export interface StackOptionsRaw extends OutputOptionsRaw {
  depth?: string;
  width?: string;
  widths?: string;
  gram?: string;
  weightStd?: string;
  batch: string;
  seed?: string;
  biasStd?: string;
  biasDist?: string;
  biasBeta?: string;
  dist?: string;
  beta?: string;
  replicates?: string;
  workers?: string;
  out?: string;
  shard?: ShardSpec;
}

export interface StackOptions {
  depth: number;
  /** --width (undefined when only --widths was given). */
  width: number | undefined;
  /** --widths w_0..w_L (depth + 1 integers), or undefined. */
  widths: number[] | undefined;
  gram: "column" | "row";
  weightStd: number | undefined;
  batch: number;
  seed: bigint;
  biasStd: number;
  /** Bias distribution (SGND, variance biasStd²) and its shape β_b. */
  biasDist: DistributionName;
  biasBeta: number;
  dist: DistributionName;
  beta: number;
  replicates: number | undefined;
  workers: number | undefined;
}

/** Help texts of the bias options, the same for every depth command. */
export const BIAS_OPTION_HELP = {
  biasStd: "bias per unit with variance S^2, shared by the batch; a finite number >= 0 (default 0: no bias)",
  biasDist: `bias distribution, scaled to variance S^2: ${DIST_HELP} (default gaussian)`,
  biasBeta: "shape for --bias-dist gnd: a number > 0 or 'inf'",
};

/**
 * The options every depth command takes after its shape options: seed, bias,
 * weight distribution, replicates, workers and output (--json, --out,
 * --shard). `replicatesWhat` names what a replicate is ("networks", "stacks").
 */
export function addStackOptions(command: Command, replicatesWhat: string): Command {
  command.addOption(seedOption("replicate r uses stream r"));
  addDistOptions(command)
    .option("--bias-std <S>", BIAS_OPTION_HELP.biasStd)
    .option("--bias-dist <name>", BIAS_OPTION_HELP.biasDist)
    .option("--bias-beta <B>", BIAS_OPTION_HELP.biasBeta)
    .option("--weight-std <S>", WEIGHT_STD_HELP)
    .option("--gram <convention>", GRAM_HELP)
    .option("--replicates <R>", `independent ${replicatesWhat} for the SEs, an integer from 2 to ${MAX_REPLICATES} (default ${DEFAULT_REPLICATES})`)
    .addOption(workersOption(`${replicatesWhat} are the unit of work`));
  return addResultOptions(command, "one object; --format csv: one row per layer")
    .addOption(shardOption());
}

/**
 * --depth and --widths w_0..w_L together: the depth is the list's length − 1
 * when --depth is not given; a --depth that says otherwise is refused.
 */
export function parseDepthAndWidths(opts: { depth?: string; widths?: string }): { depth: number; widths: number[] | undefined } {
  const given = opts.depth === undefined ? undefined : integerInRange("--depth", opts.depth, 1, MAX_DEPTH);
  if (opts.widths === undefined) {
    if (given === undefined) throw new UsageError(`--depth <L> is required (an integer from 1 to ${MAX_DEPTH}), unless --widths w_0,...,w_L gives it`);
    return { depth: given, widths: undefined };
  }
  const widths = integerList("--widths", opts.widths, 1, MAX_SIZE);
  if (widths.length < 2) throw new UsageError(`--widths must list at least 2 integers (w_0 and w_1 for one layer), got '${opts.widths}'`);
  if (widths.length - 1 > MAX_DEPTH) throw new UsageError(`--widths must list at most ${MAX_DEPTH + 1} integers (depth ${MAX_DEPTH}), got ${widths.length}`);
  if (given !== undefined && given !== widths.length - 1) throw new UsageError(`--depth ${given} contradicts --widths, which lists ${widths.length} widths (depth ${widths.length - 1}); drop --depth or fix one of them`);
  return { depth: widths.length - 1, widths };
}

/**
 * The bias part of a depth command's text header: "bias std 0" without a
 * bias, else with its distribution, e.g. "bias std 0.1 (laplace, beta = 1)".
 */
export function biasHeader(c: { biasStd: number; biasDist: string; biasBeta: number | "inf" }): string {
  return c.biasStd === 0 ? "bias std 0" : `bias std ${c.biasStd} (${c.biasDist}, beta = ${c.biasBeta})`;
}

/** Validate the options every depth command shares (UsageError naming the option and range). */
export function parseStackOptions(opts: StackOptionsRaw): StackOptions {
  const { dist, beta } = parseDistOptions(opts);
  const bias = parseDistOptions({ dist: opts.biasDist, beta: opts.biasBeta }, { dist: "--bias-dist", beta: "--bias-beta" });
  const { depth, widths } = parseDepthAndWidths(opts);
  return {
    depth,
    width: opts.width === undefined ? undefined : integerInRange("--width", opts.width, 1, MAX_SIZE),
    widths,
    gram: parseGram(opts.gram),
    weightStd: parseWeightStd(opts.weightStd),
    batch: integerInRange("--batch", opts.batch, 1, MAX_SIZE),
    seed: parseSeedOption(opts.seed),
    biasStd: opts.biasStd === undefined ? 0 : positiveNumber("--bias-std", opts.biasStd, true),
    biasDist: bias.dist,
    biasBeta: bias.beta,
    dist,
    beta,
    replicates: opts.replicates === undefined ? undefined : integerInRange("--replicates", opts.replicates, 2, MAX_REPLICATES),
    workers: parseWorkers(opts.workers),
  };
}

/** Help texts of the remedy options (decay, residual). */
export const REMEDY_OPTION_HELP = {
  init: "how each W is drawn: iid (SGND --dist, default) | orthogonal (Haar: orthonormal columns when d >= n, rows when d < n; --dist, --beta and --weight-std do not apply)",
  identity: " | identity:E (the identity plus SGND --dist noise of std E >= 0, e.g. identity:0.01; --weight-std does not apply)",
  activation: "activation after each layer: relu (default) | abs | maxmin (GroupSort in pairs) | groupsort:K (sort within groups of K units, K from 2 to 256)",
};

/** Declare --init and --activation (decay and residual; `identity`: --init also takes identity:E, decay only). */
export function addRemedyOptions(command: Command, activationWhere = "", identity = false): Command {
  return command
    .option("--init <name>", REMEDY_OPTION_HELP.init + (identity ? REMEDY_OPTION_HELP.identity : ""))
    .option("--activation <name>", REMEDY_OPTION_HELP.activation + activationWhere);
}

/** --init and --activation, validated (UsageError naming the option and the accepted values); `identity`: --init also takes identity:E (decay). */
export function parseRemedyOptions(
  opts: { init?: string; activation?: string; dist?: string; beta?: string; weightStd?: string },
  identity = false,
): { init: Initialisation; activation: string } {
  let init: Initialisation = "iid";
  if (opts.init !== undefined && identity && opts.init.startsWith("identity:")) {
    try {
      init = checkInit(opts.init);
    } catch {
      throw new UsageError(`--init identity:E needs E, the noise std, a finite number >= 0 (e.g. identity:0.01), got '${opts.init}'`);
    }
  } else if (opts.init !== undefined) {
    init = choice("--init", opts.init, identity ? (["iid", "orthogonal", "identity:E"] as const) : (["iid", "orthogonal"] as const)) as Initialisation;
  }
  let activation = "relu";
  if (opts.activation !== undefined) {
    try {
      activation = activationName(parseActivation(opts.activation));
    } catch {
      throw new UsageError(`--activation must be relu, abs, maxmin or groupsort:K with K an integer from 2 to ${MAX_GROUP}, got '${opts.activation}'`);
    }
  }
  if (init === "orthogonal") {
    const given = (["dist", "beta", "weightStd"] as const).filter((k) => opts[k] !== undefined).map((k) => (k === "weightStd" ? "--weight-std" : `--${k}`));
    if (given.length) throw new UsageError(`${given.join(" and ")} ${given.length === 1 ? "applies" : "apply"} to --init iid only (orthogonal weights are Haar, not SGND draws)`);
  }
  if (identityNoise(init) !== null && opts.weightStd !== undefined) throw new UsageError("--weight-std does not apply to --init identity:E (E is the noise std, relative to the identity's 1)");
  return { init, activation };
}

export { fmt4, layerTable } from "./table.js";
