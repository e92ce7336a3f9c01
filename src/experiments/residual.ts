/**
 * SLL residual stacks (MATH.md §1) at initialisation: per-block mean square of
 * the residual stream, mean ± SE over R independent replicate stacks
 * (replicate r uses RNG stream r), next to the AOL feed-forward stack of the
 * same depth and width (from runDecay with the same seed) to show what the
 * residual path preserves. There is no analytic recursion for the residual
 * stack here: `predicted` is the input mean square, the value a
 * norm-preserving block would keep, so `ratio` reads as "fraction kept".
 */
import type { ResidualTask, ResidualTaskResult } from "./kernel-worker.js";
import { checkInteger, checkNonNegative, checkSeed, jsonBeta, meanSe, resolveBiasDistribution, resolveDistribution } from "./config.js";
import { resolveWorkers, runExperimentTasks, type RunOptions } from "./pool.js";
import { DEFAULT_REPLICATES, MAX_DEPTH, MAX_REPLICATES, MAX_SIZE, auxiliarySeed, runDecay } from "./decay.js";
import type { ResidualConfig, ResidualConfigJson, ResidualLayer, ResidualResult } from "./types.js";

/** Measure SLL residual stacks and the matching AOL stacks. Domain: see `ResidualConfig`. */
export async function runResidual(config: ResidualConfig, options: RunOptions = {}): Promise<ResidualResult> {
  const depth = checkInteger("depth", config.depth, 1, MAX_DEPTH);
  const width = checkInteger("width", config.width, 1, MAX_SIZE);
  const inner = checkInteger("inner", config.inner ?? width, 1, MAX_SIZE);
  const batch = checkInteger("batch", config.batch, 1, MAX_SIZE);
  const seed = checkSeed(config.seed);
  const biasStd = checkNonNegative("biasStd", config.biasStd ?? 0);
  const { dist, beta } = resolveDistribution(config.dist, config.beta);
  const { biasDist, biasBeta } = resolveBiasDistribution(config.biasDist, config.biasBeta, biasStd);
  const replicates = checkInteger("replicates", config.replicates ?? DEFAULT_REPLICATES, 2, MAX_REPLICATES);
  const workers = await resolveWorkers(config.workers);
  const started = performance.now();

  const tasks: ResidualTask[] = [];
  for (let r = 0; r < replicates; r++) tasks.push({ kind: "residual", width, inner, blocks: depth, batch, beta, biasStd, biasBeta, seed, stream: r });
  const total = replicates * 2;
  const parts = await runExperimentTasks<ResidualTaskResult>(tasks, workers, options.onProgress && ((done) => options.onProgress!(done, total)));
  // The AOL comparison draws from a different seed so it is independent of the residual stacks.
  const aol = await runDecay(
    { depth, width, batch, seed: auxiliarySeed(seed), biasStd, dist, beta: dist === "gnd" ? beta : undefined, biasDist, biasBeta: biasDist === "gnd" ? biasBeta : undefined, replicates, workers, histogramBins: 0 },
    { onProgress: options.onProgress && ((done) => options.onProgress!(replicates + done, total)) },
  );
  const seconds = (performance.now() - started) / 1000;

  const input = meanSe(parts.map((p) => p.inputMeanSquare));
  const layers: ResidualLayer[] = [];
  for (let i = 0; i < depth; i++) {
    const v = meanSe(parts.map((p) => p.meanSquare[i]));
    const b = meanSe(parts.map((p) => p.branchMeanSquare[i]));
    const a = aol.layers[i];
    layers.push({
      layer: i + 1,
      variance: v.value,
      varianceSe: v.se,
      predicted: input.value,
      ratio: v.value / input.value,
      ratioSe: v.se / input.value,
      branchMeanSquare: b.value,
      branchMeanSquareSe: b.se,
      aolVariance: a.variance,
      aolVarianceSe: a.varianceSe,
      aolPredicted: a.predicted,
      gradVariance: null,
      gradPredicted: null,
    });
  }
  const json: ResidualConfigJson = { depth, width, inner, batch, seed: seed.toString(), dist, beta: jsonBeta(beta), biasStd, replicates, biasDist, biasBeta: jsonBeta(biasBeta) };
  return {
    experiment: "residual",
    config: json,
    seed: json.seed,
    run: { build: parts[0]?.build ?? "unknown", workers, seconds },
    inputMeanSquare: input.value,
    layers,
    notes: [
      "predicted is the input mean square (what a norm-preserving stack keeps); ratio = fraction kept",
      "aolVariance: AOL feed-forward stack of the same depth and width, independent draws (auxiliary seed), its own prediction in aolPredicted",
      ...aol.notes.filter((n) => n.startsWith("predictions use")),
    ],
  };
}
