/**
 * Runs one stage of the report: a batch of experiments from the config.
 * Seeds are derived from the report seed by fixed offsets (stage index ·
 * 10000 + run index), so every stage is reproducible on its own — which is
 * what lets `--resume` mix cached and fresh stages and still give the same
 * numbers as an uninterrupted run.
 */
import { runWeightVariance } from "../experiments/weightVariance.js";
import { runDecay } from "../experiments/decay.js";
import { runResidual } from "../experiments/residual.js";
import { runSamplerCheck } from "../experiments/sampler.js";
import { runPreciseVariance } from "../experiments/precise.js";
import { runTraining, trainProgressUnits, validateTrainConfig } from "../experiments/train.js";
import { syntheticCovertype } from "../data/synthetic.js";
import { createHistogram, addToHistogram } from "../experiments/histogram.js";
import { histogramJson } from "../experiments/config.js";
import type { WeightVarianceConfig } from "../experiments/types.js";
import { createKernels, sgndChunks } from "../wasm/index.js";
import { Pgnd, Sgnd } from "../analytic/index.js";
import type { ReportConfig } from "./config.js";
import { STAGES, type RemedyRun, type StageName, type StageResults } from "./results.js";

export interface StageContext {
  config: ReportConfig;
  seed: bigint;
  workers?: number;
  /** Progress inside the stage: runs done of runs total. */
  onRunProgress?: (done: number, total: number) => void;
}

function stageSeed(ctx: StageContext, stage: StageName, index: number): bigint {
  return ctx.seed + BigInt(STAGES.indexOf(stage) * 10000 + index);
}

/** Run a list of thunks in order, reporting progress after each. */
async function sequence<T>(ctx: StageContext, jobs: (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = [];
  for (const job of jobs) {
    out.push(await job());
    ctx.onRunProgress?.(out.length, jobs.length);
  }
  return out;
}

function variance(ctx: StageContext, stage: StageName, index: number, c: Omit<WeightVarianceConfig, "seed" | "workers" | "histogram">) {
  return () => runWeightVariance({ ...c, histogram: false, seed: stageSeed(ctx, stage, index), workers: ctx.workers });
}

/** Sample points of f on [lo, hi] (n + 1 points), skipping non-finite values. */
function curve(f: (x: number) => number, lo: number, hi: number, n: number): { x: number; y: number }[] {
  const out: { x: number; y: number }[] = [];
  for (let i = 0; i <= n; i++) {
    const x = lo + ((hi - lo) * i) / n;
    const y = f(x);
    if (Number.isFinite(y)) out.push({ x, y });
  }
  return out;
}

export async function runStage<S extends StageName>(stage: S, ctx: StageContext): Promise<StageResults[S]> {
  const c = ctx.config;
  const run = async (): Promise<StageResults[StageName]> => {
    switch (stage) {
      case "variance-gaussian":
        return sequence(ctx, c.sizes.map((s, i) => variance(ctx, stage, i, { transform: "aol", d: s.d, n: s.d, dist: "gaussian", samples: s.samples })));
      case "variance-distributions": {
        const jobs = c.distributions.flatMap((dist, j) =>
          c.sizes.map((s, i) =>
            variance(ctx, stage, j * 100 + i, {
              transform: "aol",
              d: s.d,
              n: s.d,
              dist: dist.dist,
              ...(dist.dist === "gnd" ? { beta: dist.beta } : {}),
              samples: Math.max(2, Math.round(s.samples / c.distSampleDivisor)),
            }),
          ),
        );
        const flat = await sequence(ctx, jobs);
        return c.distributions.map((dist, j) => ({ label: dist.label, results: flat.slice(j * c.sizes.length, (j + 1) * c.sizes.length) }));
      }
      case "paper-grid": {
        const dists = ["laplace", "gaussian", "uniform"] as const;
        const g = c.paperGrid;
        const shapes = [...g.inside.flatMap((d) => g.inside.map((n) => ({ d, n }))), ...g.beyond.ds.flatMap((d) => g.beyond.ns.map((n) => ({ d, n })))];
        const jobs = dists.flatMap((dist, a) => shapes.map(({ d, n }, i) => variance(ctx, stage, a * 1000 + i, { transform: "aol", d, n, dist, samples: g.samples })));
        return sequence(ctx, jobs);
      }
      case "mean-field":
        return sequence(ctx, c.meanFieldShapes.map((s, i) => variance(ctx, stage, i, { transform: "aol", d: s.d, n: s.n, dist: "gaussian", samples: s.samples })));
      case "decay": {
        const d = c.decay;
        const base = { depth: d.depth, width: d.width, batch: d.batch, replicates: d.replicates, histogramBins: d.histogramBins, dist: "gaussian" as const, workers: ctx.workers };
        const [noBias, bias] = await sequence(ctx, [
          () => runDecay({ ...base, biasStd: 0, seed: stageSeed(ctx, stage, 0) }),
          () => runDecay({ ...base, biasStd: d.biasStd, seed: stageSeed(ctx, stage, 1) }),
        ]);
        return { noBias, bias };
      }
      case "decay-large": {
        const d = c.decayLarge;
        return sequence(
          ctx,
          d.runs.map((x, i) => () => runDecay({ depth: x.depth, width: x.width, batch: d.batch, replicates: x.replicates, histogramBins: 0, seed: stageSeed(ctx, stage, i), workers: ctx.workers })),
        );
      }
      case "residual": {
        const r = c.residual;
        const [result] = await sequence(ctx, [() => runResidual({ depth: r.depth, width: r.width, batch: r.batch, replicates: r.replicates, seed: stageSeed(ctx, stage, 0), workers: ctx.workers })]);
        return result;
      }
      case "precise-distributions": {
        const { shapes, points, targetRse, chunkSize, pilotChunks } = c.precise;
        const jobs = shapes.flatMap((shape, j) =>
          points.map((pt, i) => () =>
            runPreciseVariance({
              transform: "aol",
              d: pt.d,
              n: pt.n,
              dist: shape.dist,
              ...(shape.dist === "gnd" ? { beta: shape.beta } : {}),
              target: { rse: targetRse },
              samples: pt.maxSamples,
              chunkSize,
              pilotChunks,
              seed: stageSeed(ctx, stage, j * 100 + i),
              workers: ctx.workers,
            }),
          ),
        );
        const flat = await sequence(ctx, jobs);
        return shapes.map((shape, j) => ({ label: shape.label, results: flat.slice(j * points.length, (j + 1) * points.length) }));
      }
      case "sampler": {
        const k = await createKernels();
        return sequence(
          ctx,
          c.sampler.betas.map((beta, i) => async () => {
            const seed = stageSeed(ctx, stage, i);
            const check = await runSamplerCheck({ beta, count: c.sampler.count, seed });
            const sgnd = new Sgnd({ beta, alpha: 1 });
            // Range: the central 98% of the distribution, so the centre of heavy-tailed shapes (small β) keeps enough bins.
            const hi = sgnd.quantile(0.99);
            const h = createHistogram(-hi, hi, c.sampler.bins);
            for (const chunk of sgndChunks(k, { beta, alpha: 1, count: c.sampler.count, seed })) addToHistogram(h, chunk);
            const pgnd = new Pgnd({ beta, alpha: 1 });
            const mgfTs = check.mgf.map((m) => m.t);
            const mgfLo = Math.min(0, ...mgfTs);
            const mgfHi = Math.max(0, ...mgfTs);
            const cfHi = Math.max(...check.cf.map((p) => p.t));
            return {
              beta,
              check,
              histogram: histogramJson(h),
              pdf: curve((x) => sgnd.pdf(x), -hi, hi, 400),
              cfCurve: curve((t) => sgnd.cf(t), 0, cfHi, 200),
              mgfCurve: curve((t) => pgnd.mgf(t), mgfLo, mgfHi, 200),
            };
          }),
        );
      }
      case "training": {
        const t = c.training;
        const k = await createKernels();
        const seed = stageSeed(ctx, stage, 0);
        const table = syntheticCovertype(k, { rows: t.rows, seed });
        return runTraining({ ...t, seed, workers: ctx.workers }, table, { onProgress: ctx.onRunProgress });
      }
      case "remedies-training": {
        // The training stage's table, seed and budget: run r of a remedy pairs with run r of the paper's networks.
        const t = c.training;
        const k = await createKernels();
        const seed = stageSeed(ctx, "training", 0);
        const table = syntheticCovertype(k, { rows: t.rows, seed });
        const configs = c.remediesTraining.remedies.map((remedy) => ({ remedy, config: { ...t, models: [remedy.model], init: remedy.init, activation: remedy.activation, seed, workers: ctx.workers } }));
        const units = configs.map(({ config }) => {
          const v = validateTrainConfig(config);
          return trainProgressUnits(v, v.models.length * v.depths.length * v.seeds);
        });
        const total = units.reduce((a, b) => a + b, 0);
        const out = [];
        let before = 0;
        for (const [i, { remedy, config }] of configs.entries()) {
          const result = await runTraining(config, table, { onProgress: (done) => ctx.onRunProgress?.(before + done, total) });
          out.push({ remedy, result });
          before += units[i];
        }
        return out;
      }
      case "fixed-point": {
        const f = c.fixedPoint;
        const [result] = await sequence(ctx, [() => runDecay({ ...f, histogramBins: 0, seed: stageSeed(ctx, stage, 0), workers: ctx.workers })]);
        return result;
      }
      case "scale": {
        // The same seeds at every scale: the draws differ only by the factor between the scales.
        const s = c.scale;
        const seed = (i: number) => stageSeed(ctx, stage, i);
        const stack = { depth: s.depth, width: s.width, batch: s.batch, replicates: s.replicates, workers: ctx.workers };
        return sequence(
          ctx,
          s.stds.map((weightStd) => async () => ({
            weightStd,
            variance: [
              await runWeightVariance({ transform: "aol", d: 8, n: 8, dist: "gaussian", samples: s.samples, weightStd, histogram: false, seed: seed(0), workers: ctx.workers }),
              await runWeightVariance({ transform: "aol", d: 16, n: 4, dist: "laplace", samples: s.samples, weightStd, histogram: false, seed: seed(1), workers: ctx.workers }),
            ],
            decay: await runDecay({ ...stack, biasStd: s.biasStd, weightStd, histogramBins: 0, seed: seed(2) }),
            residual: await runResidual({ ...stack, weightStd, seed: seed(3) }),
            residualBias: await runResidual({ ...stack, biasStd: s.biasStd, weightStd, seed: seed(4) }),
          })),
        );
      }
      case "non-square": {
        const q = c.nonSquare;
        const run = (widths: number[], gram: "column" | "row", i: number) => () =>
          runDecay({ depth: widths.length - 1, widths, gram, batch: q.batch, replicates: q.replicates, histogramBins: 0, seed: stageSeed(ctx, stage, i), workers: ctx.workers });
        const [column, row, author] = await sequence(ctx, [run(q.widths, "column", 0), run(q.widths, "row", 0), run(q.authorWidths, "row", 1)]);
        return { column, row, author };
      }
      case "author": {
        const a = c.author;
        const fwd = (biasStd: number, i: number) => () => runDecay({ ...a.forward, biasStd, histogramBins: 0, seed: stageSeed(ctx, stage, i), workers: ctx.workers });
        const grad = (biasStd: number, i: number) => () =>
          runDecay({ ...a.gradient, biasStd, tied: true, reluOnOutput: true, histogramBins: 0, seed: stageSeed(ctx, stage, i), workers: ctx.workers });
        const [forwardNoBias, forwardBias, gradientNoBias, gradientBias] = await sequence(ctx, [fwd(0, 0), fwd(a.biasStd, 1), grad(0, 2), grad(a.biasStd, 3)]);
        return { forwardNoBias, forwardBias, gradientNoBias, gradientBias };
      }
      case "remedies": {
        const m = c.remedies;
        const base = { depth: m.depth, width: m.width, batch: m.batch, replicates: m.replicates, histogramBins: 0, workers: ctx.workers };
        const rows: { architecture: RemedyRun["architecture"]; init: RemedyRun["init"]; activation: string; run: () => Promise<RemedyRun> }[] = [];
        let i = 0;
        for (const init of m.inits) {
          for (const activation of m.activations) {
            const seed = stageSeed(ctx, stage, i++);
            rows.push({ architecture: "AOL feed-forward", init, activation, run: async () => ({ architecture: "AOL feed-forward", init, activation, decay: await runDecay({ ...base, init, activation, seed }) }) });
          }
        }
        // The author's SLL layer with a random q, for the paper's case and the norm-keeping remedy.
        for (const [init, activation] of [["iid", "relu"], ["orthogonal", "maxmin"]] as const) {
          const seed = stageSeed(ctx, stage, i++);
          rows.push({ architecture: "SLL feed-forward", init, activation, run: async () => ({ architecture: "SLL feed-forward", init, activation, decay: await runDecay({ ...base, init, activation, transform: "sll", qStd: m.sllQStd, varianceSamples: 4000, seed }) }) });
        }
        for (const init of m.inits) {
          const seed = stageSeed(ctx, stage, i++);
          rows.push({ architecture: "SLL residual", init, activation: "relu", run: async () => ({ architecture: "SLL residual", init, activation: "relu", residual: await runResidual({ depth: m.depth, width: m.width, batch: m.batch, replicates: m.replicates, init, seed, workers: ctx.workers }) }) });
        }
        // The identity plus noise (MaxMin): a fixed point of the rescaling, and the price of leaving it (MATH.md §8).
        for (const noise of m.identityNoises) {
          const seed = stageSeed(ctx, stage, i++);
          const init = `identity:${noise}` as const;
          rows.push({ architecture: "AOL feed-forward", init, activation: "maxmin", run: async () => ({ architecture: "AOL feed-forward", init, activation: "maxmin", decay: await runDecay({ ...base, init, activation: "maxmin", seed }) }) });
        }
        return sequence(ctx, rows.map((row) => row.run));
      }
    }
    throw new RangeError(`unknown report stage ${String(stage)}`);
  };
  return (await run()) as StageResults[S];
}
