/**
 * SLL residual stacks (MATH.md §1) at initialisation: per-block mean square of
 * the residual stream, mean ± SE over R independent replicate stacks
 * (replicate r uses RNG stream r), next to the AOL feed-forward stack of the
 * same depth and width (from runDecay with the same seed) to show what the
 * residual path preserves. There is no analytic recursion for the residual
 * stack here: `predicted` is the input mean square, the value a
 * norm-preserving block would keep, so `ratio` reads as "fraction kept".
 */
import type { NetworkTaskResult, ResidualTask, ResidualTaskResult } from "./kernel-worker.js";
import { checkInteger, betaFromJson, jsonBeta, meanSe } from "./config.js";
import { resolveWorkers, runExperimentTasks, type RunOptions } from "./pool.js";
import { MAX_DEPTH, MAX_SIZE, activationLabel, auxiliarySeed, depthBelow, checkGram, resolveWidths, validateRemedy, validateStackCommon, decayResult, planDecay, runDecayReplicates, validateDecayConfig, type DecayPlan, type ValidatedDecay } from "./decay.js";
import { residualBlockSecondMoment } from "../analytic/remedies.js";
import type { ResidualConfig, ResidualConfigJson, ResidualLayer, ResidualResult, RunInfo } from "./types.js";
import { requireConfig } from "../require-config.js";

/** A validated residual config: its JSON echo, the run's values, and the AOL comparison stack's decay config. */
export interface ValidatedResidual {
  json: ResidualConfigJson;
  beta: number;
  biasBeta: number;
  seed: bigint;
  aol: ValidatedDecay;
}

/** Validate a residual config (domain: see `ResidualConfig`); RangeError naming the field and its range. */
export function validateResidualConfig(config: ResidualConfig): ValidatedResidual {
  requireConfig(config);
  const depth = checkInteger("depth", config.depth, 1, MAX_DEPTH);
  const width = checkInteger("width", config.width, 1, MAX_SIZE);
  const inner = checkInteger("inner", config.inner ?? width, 1, MAX_SIZE);
  const batch = checkInteger("batch", config.batch, 1, MAX_SIZE);
  const { seed, biasStd, dist, beta, biasDist, biasBeta, replicates, weightStd } = validateStackCommon(config);
  const gram = checkGram(config.gram);
  const aolWidths = resolveWidths(depth, width, config.aolWidths);
  if (aolWidths[0] !== width) throw new RangeError(`aolWidths[0] must equal width (${width}): the AOL comparison stack takes the same inputs, got ${aolWidths[0]}`);
  // The AOL comparison draws from a different seed so it is independent of the residual stacks.
  const remedy = validateRemedy({ init: config.init, activation: config.activation });
  if (remedy.init !== "iid" && remedy.init !== "orthogonal") throw new RangeError(`init must be "iid" or "orthogonal" for residual stacks (identity:ε applies to decay stacks), got ${remedy.init}`);
  const { init, activation } = { init: remedy.init, activation: remedy.activation };
  const aol = validateDecayConfig({ depth, widths: aolWidths, gram, weightStd: weightStd ?? undefined, batch, seed: auxiliarySeed(seed), biasStd, dist, beta: dist === "gnd" ? beta : undefined, biasDist, biasBeta: biasDist === "gnd" ? biasBeta : undefined, replicates, histogramBins: 0, init, activation });
  const json: ResidualConfigJson = { depth, width, inner, init, activation, weightStd, aolWidths, gram, batch, seed: seed.toString(), dist, beta: jsonBeta(beta), biasStd, replicates, biasDist, biasBeta: jsonBeta(biasBeta) };
  return { json, beta, biasBeta, seed, aol };
}

/** The `ResidualConfig` a JSON echo stands for (validating it gives the same echo back). */
export function residualConfigFromJson(json: ResidualConfigJson): ResidualConfig {
  return {
    depth: json.depth,
    width: json.width,
    inner: json.inner,
    init: json.init,
    activation: json.activation,
    weightStd: json.weightStd ?? undefined,
    aolWidths: json.aolWidths,
    gram: json.gram,
    batch: json.batch,
    seed: BigInt(json.seed),
    dist: json.dist,
    beta: betaFromJson(json.beta),
    biasStd: json.biasStd,
    replicates: json.replicates,
    biasDist: json.biasDist,
    biasBeta: betaFromJson(json.biasBeta),
  };
}

/** One replicate's results: the SLL residual stack r and the AOL comparison stack r. */
export interface ResidualReplicate {
  residual: ResidualTaskResult;
  aol: NetworkTaskResult;
}

/** The plan of the AOL comparison stack (its auxiliary Monte Carlo Var[w̄] when β ≠ 2). */
export function planResidual(v: ValidatedResidual, workers: number, options: RunOptions = {}): Promise<DecayPlan> {
  return planDecay(v.aol, workers, options);
}

/**
 * Run only the replicates r for which `select(r)` holds (sharding: r mod k =
 * i): residual stack r (stream r) and AOL stack r (stream r of the
 * auxiliary seed), in replicate order.
 */
export async function runResidualReplicates(
  v: ValidatedResidual,
  aolPlan: DecayPlan,
  select: (replicate: number) => boolean,
  workers: number,
  options: RunOptions = {},
): Promise<{ replicates: number[]; parts: ResidualReplicate[] }> {
  const { width, inner, depth, batch, biasStd } = v.json;
  const replicates: number[] = [];
  for (let r = 0; r < v.json.replicates; r++) if (select(r)) replicates.push(r);
  const tasks: ResidualTask[] = replicates.map((r) => ({ kind: "residual", width, inner, blocks: depth, batch, beta: v.beta, weightStd: v.json.weightStd, biasStd, biasBeta: v.biasBeta, init: v.json.init, seed: v.seed, stream: r }));
  const count = replicates.length;
  const total = count * 2;
  const residual = await runExperimentTasks<ResidualTaskResult>(tasks, workers, options.onProgress && ((done) => options.onProgress!(done, total)), options);
  const aol = await runDecayReplicates(v.aol, aolPlan, select, workers, { ...options, onProgress: options.onProgress && ((done) => options.onProgress!(count + done, total)) });
  return { replicates, parts: residual.map((r, i) => ({ residual: r, aol: aol.parts[i] })) };
}

/**
 * Measure SLL residual stacks and the matching AOL stacks. Domain: see `ResidualConfig`.
 * @param config - Depth (blocks), width, inner width, batch, distributions, replicates, seed.
 * @param options - Progress callback and Wasm build options.
 * @returns Per block: the residual stack's statistics next to the matching AOL stack's.
 * @throws TypeError for a missing config; RangeError naming the field that is out of range.
 * @example
 * ```ts
 * import { runResidual } from "lipvar";
 * const r = await runResidual({ depth: 3, width: 8, batch: 32, replicates: 2, seed: 1, workers: 1 });
 * r.layers.length; // returns 3
 * ```
 */
export async function runResidual(config: ResidualConfig, options: RunOptions = {}): Promise<ResidualResult> {
  const v = validateResidualConfig(config);
  const workers = await resolveWorkers(config.workers);
  const started = performance.now();
  const aolPlan = await planResidual(v, workers, options);
  const { parts } = await runResidualReplicates(v, aolPlan, () => true, workers, options);
  const seconds = (performance.now() - started) / 1000;
  return residualResult(v, aolPlan, parts, { build: parts[0]?.residual.build ?? "unknown", workers, seconds });
}

/** The result from the AOL plan and every replicate's results in replicate order (the order fixes the floating-point means). */
export function residualResult(v: ValidatedResidual, aolPlan: DecayPlan, parts: readonly ResidualReplicate[], run: RunInfo): ResidualResult {
  const aol = decayResult(v.aol, aolPlan, parts.map((p) => p.aol), run);
  const residual = parts.map((p) => p.residual);
  const input = meanSe(residual.map((p) => p.inputMeanSquare));
  const { width, inner, init, biasStd } = v.json;
  const layers: ResidualLayer[] = [];
  let exact: number | null = input.value;
  for (let i = 0; i < v.json.depth; i++) {
    const y = meanSe(residual.map((p) => p.meanSquare[i]));
    const b = meanSe(residual.map((p) => p.branchMeanSquare[i]));
    const uv = meanSe(residual.map((p) => p.unitVariance[i]));
    const cos = meanSe(residual.map((p) => p.meanCosine[i]));
    exact = exact === null ? null : residualBlockSecondMoment(init, width, inner, exact, biasStd * biasStd);
    const predicted = exact ?? input.value;
    const a = aol.layers[i];
    layers.push({
      layer: i + 1,
      variance: y.value,
      varianceSe: y.se,
      predicted,
      predictedExact: exact !== null,
      ratio: y.value / predicted,
      ratioSe: y.se / predicted,
      branchMeanSquare: b.value,
      branchMeanSquareSe: b.se,
      unitVariance: uv.value,
      unitVarianceSe: uv.se,
      meanCosine: cos.value,
      meanCosineSe: cos.se,
      aolVariance: a.variance,
      aolVarianceSe: a.varianceSe,
      aolPredicted: a.predicted,
      gradVariance: null,
      gradPredicted: null,
    });
  }
  const exactNote = exact !== null
    ? `predicted is exact: orthogonal P with inner ≤ width has PPᵀ = I, so each block adds 2(k/m)σ_b² to E[x²] and keeps it without bias (docs/MATH.md "Remedies")`
    : `predicted is the input mean square (what a norm-preserving stack keeps; no closed form for ${init === "orthogonal" ? "inner > width" : "iid P"}); ratio = fraction kept`;
  const L = v.json.depth;
  const perBlock = (end: (p: ResidualTaskResult) => number, start: (p: ResidualTaskResult) => number) => meanSe(residual.map((p) => (start(p) > 0 ? (end(p) / start(p)) ** (1 / L) : 0)));
  const forward = perBlock((p) => p.meanSquare[L - 1], (p) => p.inputMeanSquare);
  const spread = perBlock((p) => p.unitVariance[L - 1], (p) => p.inputMeanSquare);
  const factors: ResidualResult["factors"] = {
    forward: { measured: forward, predicted: layers[0].predictedExact ? (layers[L - 1].predicted / input.value) ** (1 / L) : null },
    spread: { measured: spread, predicted: null },
    depthTo1e6: depthBelow(layers.map((l) => l.variance), input.value, forward),
    spreadDepthTo1e6: depthBelow(layers.map((l) => l.unitVariance), input.value, spread),
  };
  return {
    experiment: "residual",
    config: v.json,
    seed: v.json.seed,
    run,
    factors,
    inputMeanSquare: input.value,
    label: `SLL residual stack, ${init} init, ReLU, width ${width}, inner ${inner} (AOL comparison: ${activationLabel(v.json.activation)})`,
    layers,
    notes: [
      exactNote,
      "the SLL block keeps its ReLU whatever --activation says: its 1-Lipschitz certificate needs an elementwise activation with slope in [0, 1]; the activation applies to the AOL comparison stack",
      "aolVariance: AOL feed-forward stack of the same depth and width, independent draws (auxiliary seed), its own prediction in aolPredicted",
      ...aol.notes.filter((n) => n.startsWith("predictions use") || n.startsWith("orthogonal layers")),
    ],
  };
}
