/**
 * What `lipvar report` measures: one named constant per run size. Sized on a
 * 2-core machine so the default report takes a few minutes at most and
 * `--quick` well under a minute (timings in reports/README.md). Plain JSON so
 * it is echoed verbatim in results.json.
 */
import type { TrainInit } from "../experiments/train-types.js";

export interface DistributionSpec {
  /** Legend label, e.g. "GND β = 0.5". */
  label: string;
  dist: "gaussian" | "laplace" | "uniform" | "gnd";
  /** β for dist "gnd"; "inf" is not used here (uniform is its own entry). */
  beta?: number;
}

export interface ReportConfig {
  /** Square layer sizes d = n for the variance-vs-size figures, with matrices per point. */
  sizes: { d: number; samples: number }[];
  /** Distributions compared in figure 2 (same sizes as `sizes`, samples divided by `distSampleDivisor`). */
  distributions: DistributionSpec[];
  distSampleDivisor: number;
  /**
   * (d, n) grids for the GND closed forms of the author's plotting script
   * (Laplace, normal, uniform) against Monte Carlo: `inside` (every d, n from
   * the list, inside the plotted domain [1, 10]²) and `beyond` (d × n).
   */
  paperGrid: { inside: number[]; beyond: { ds: number[]; ns: number[] }; samples: number };
  /** Shapes where the mean-field claim is probed (MATH.md §3: above V at (8,8), below at (16,4)). */
  meanFieldShapes: { d: number; n: number; samples: number }[];
  /** Feed-forward AOL stacks (Gaussian weights), without and with bias. */
  decay: { depth: number; width: number; batch: number; replicates: number; biasStd: number; histogramBins: number };
  /**
   * Square stacks without bias for the layer-to-layer ratio: the finite-n
   * predicted r = (n/2)·V(n, n) (the claim) and the asymptote √(π/8)/√n
   * (lipvar's), pooled over layers 2..depth per network.
   */
  decayLarge: { runs: { width: number; depth: number; replicates: number }[]; batch: number };
  /** Square stack with bias, deep enough that its second half sits at the fixed point, with enough networks to tell σ_b²/(1−r) from σ_b² and σ_b²/(1−2r). */
  fixedPoint: { depth: number; width: number; batch: number; replicates: number; biasStd: number };
  /** The same seeds at several raw-weight standard deviations (variance, decay, residual). */
  scale: { stds: number[]; samples: number; depth: number; width: number; batch: number; replicates: number; biasStd: number };
  /**
   * The author's figure configurations (src/distribution/distribution.py,
   * paper_figures): forward stacks without bias and with b ~ N(0, 1), and the
   * gradient experiment's tied weights with loss Σ ReLU(y_L), each at the
   * width, batch and network count given here (the author's own values are
   * in AUTHOR_FIGURE_SETTINGS; index.md sets them side by side).
   */
  author: {
    forward: { depth: number; width: number; batch: number; replicates: number };
    gradient: { depth: number; width: number; batch: number; replicates: number };
    biasStd: number;
  };
  /**
   * The remedies (docs/MATH.md §8): decay stacks for every initialisation ×
   * activation, the SLL feed-forward stack with a random q for two of them,
   * and SLL residual stacks with iid and orthogonal P — all at one depth and
   * width, without bias — and the AOL stack from the identity plus noise of
   * each std in `identityNoises`, with MaxMin.
   */
  remedies: { depth: number; width: number; batch: number; replicates: number; inits: ("iid" | "orthogonal")[]; activations: string[]; sllQStd: number; identityNoises: number[] };
  /** Non-square stacks under both Gram conventions (d = 2n then d = n/2), and the author's widths 54, 64, …, 7 with the row Gram. */
  nonSquare: { widths: number[]; authorWidths: number[]; batch: number; replicates: number };
  /** SLL residual stack against the AOL stack of the same depth and width. */
  residual: { depth: number; width: number; batch: number; replicates: number };
  /** SGND sampler: shapes, draws per shape, histogram bins. */
  sampler: { betas: number[]; count: number; bins: number };
  /**
   * Precise Var[w̄] (Gaussian-coupled estimator) by distribution: each shape at
   * each (d, n), run to relative SE `targetRse` or at most `maxSamples` matrices
   * of that point (the small-β shapes stop at the cap).
   */
  precise: {
    shapes: DistributionSpec[];
    points: { d: number; n: number; maxSamples: number }[];
    targetRse: number;
    /** Matrices per chunk and pilot chunks (defaults 4096 and 4: a 16,384-matrix pilot). */
    chunkSize?: number;
    pilotChunks?: number;
  };
  /**
   * The training experiment (MATH.md §7) on synthetic Covertype-schema data at
   * a reduced budget (the author: 581,012 rows, 25 epochs, 10 seeds, raw
   * inputs). Inputs are standardised here: with a few thousand rows and a few
   * epochs, plain nets on raw inputs barely leave the majority class, which
   * would leave nothing to compare.
   */
  training: { models: ("plain" | "sll" | "sll-better" | "sll-better-hooks")[]; depths: number[]; width: number; seeds: number; epochs: number; rows: number; batch: number; standardise: boolean; statsRows: number };
  /**
   * The remedies trained (MATH.md §7b): each a model with an initial W and a
   * hidden activation, at the training stage's budget, seed and synthetic
   * table, so its runs pair with the training stage's (same replicate, same
   * Gaussian draws, same batches); the paper's SLL and the plain network are
   * the training stage's own runs.
   */
  remediesTraining: { remedies: RemedySpec[] };
}

/** One remedy the report trains: `lipvar train --models MODEL --init INIT --activation ACTIVATION`. */
export interface RemedySpec {
  model: "plain" | "sll";
  init: TrainInit;
  activation: "relu" | "abs" | "maxmin" | `groupsort:${number}`;
}

/** The shapes of the precise table and the shape-effect figure (Gaussian is the exact reference, not run). */
const PRECISE_SHAPES: DistributionSpec[] = [
  { label: "uniform (β = ∞)", dist: "uniform" },
  { label: "GND β = 5", dist: "gnd", beta: 5 },
  { label: "GND β = 3", dist: "gnd", beta: 3 },
  { label: "GND β = 1.5", dist: "gnd", beta: 1.5 },
  { label: "Laplace (β = 1)", dist: "laplace" },
  { label: "GND β = 0.8", dist: "gnd", beta: 0.8 },
  { label: "GND β = 0.5", dist: "gnd", beta: 0.5 },
];

const DISTRIBUTIONS: DistributionSpec[] = [
  { label: "Laplace (β = 1)", dist: "laplace" },
  { label: "normal (β = 2)", dist: "gaussian" },
  { label: "uniform (β = ∞)", dist: "uniform" },
  { label: "GND β = 0.5", dist: "gnd", beta: 0.5 },
  { label: "GND β = 1.5", dist: "gnd", beta: 1.5 },
  { label: "GND β = 3", dist: "gnd", beta: 3 },
  { label: "GND β = 8", dist: "gnd", beta: 8 },
];

/** The default report (`lipvar report`). */
export const DEFAULT_REPORT_CONFIG: ReportConfig = {
  sizes: [
    { d: 2, samples: 40000 },
    { d: 4, samples: 40000 },
    { d: 8, samples: 20000 },
    { d: 16, samples: 10000 },
    { d: 32, samples: 4000 },
    { d: 64, samples: 2000 },
    { d: 128, samples: 600 },
    { d: 256, samples: 200 },
  ],
  distributions: DISTRIBUTIONS,
  distSampleDivisor: 2,
  paperGrid: { inside: [1, 2, 3, 5, 8, 10], beyond: { ds: [2, 8, 32, 128], ns: [16, 32, 64, 128] }, samples: 2000 },
  meanFieldShapes: [
    { d: 8, n: 8, samples: 40000 },
    { d: 16, n: 4, samples: 40000 },
  ],
  decay: { depth: 10, width: 128, batch: 512, replicates: 24, biasStd: 0.1, histogramBins: 60 },
  decayLarge: {
    runs: [
      { width: 16, depth: 6, replicates: 64 },
      { width: 64, depth: 4, replicates: 32 },
      { width: 256, depth: 3, replicates: 16 },
      { width: 1024, depth: 2, replicates: 6 },
    ],
    batch: 256,
  },
  fixedPoint: { depth: 16, width: 32, batch: 64, replicates: 200, biasStd: 1 },
  scale: { stds: [1e-3, 1, 1e3], samples: 4000, depth: 6, width: 32, batch: 64, replicates: 4, biasStd: 0.1 },
  nonSquare: { widths: [32, 64, 32], authorWidths: [54, 64, 64, 64, 64, 64, 7], batch: 64, replicates: 200 },
  author: {
    forward: { depth: 15, width: 256, batch: 256, replicates: 4 },
    gradient: { depth: 15, width: 256, batch: 256, replicates: 8 },
    biasStd: 1,
  },
  residual: { depth: 10, width: 128, batch: 512, replicates: 12 },
  sampler: { betas: [0.5, 1, 2, 8], count: 200000, bins: 80 },
  precise: {
    shapes: PRECISE_SHAPES,
    points: [
      { d: 8, n: 8, maxSamples: 500_000 },
      { d: 32, n: 32, maxSamples: 50_000 },
      { d: 64, n: 16, maxSamples: 80_000 },
    ],
    targetRse: 2e-5,
  },
  training: { models: ["plain", "sll"], depths: [5, 15, 30], width: 64, seeds: 3, epochs: 8, rows: 6000, batch: 64, standardise: true, statsRows: 1024 },
  remedies: { depth: 30, width: 64, batch: 256, replicates: 12, inits: ["iid", "orthogonal"], activations: ["relu", "abs", "maxmin", "groupsort:4"], sllQStd: 1, identityNoises: [0, 0.001, 0.01] },
  remediesTraining: {
    remedies: [
      { model: "sll", init: "orthogonal", activation: "relu" },
      { model: "sll", init: "iid", activation: "maxmin" },
      { model: "sll", init: "orthogonal", activation: "maxmin" },
      { model: "sll", init: "orthogonal", activation: "groupsort:4" },
      { model: "sll", init: "orthogonal", activation: "abs" },
      { model: "sll", init: "identity:0", activation: "maxmin" },
    ],
  },
};

/** `lipvar report --quick`: the same figures and claims at small sizes (wider error bars). */
export const QUICK_REPORT_CONFIG: ReportConfig = {
  sizes: [
    { d: 2, samples: 4000 },
    { d: 4, samples: 4000 },
    { d: 8, samples: 2000 },
    { d: 16, samples: 1000 },
    { d: 32, samples: 400 },
    { d: 64, samples: 200 },
  ],
  distributions: DISTRIBUTIONS,
  distSampleDivisor: 2,
  paperGrid: { inside: [1, 2, 5, 10], beyond: { ds: [2, 32], ns: [32] }, samples: 300 },
  meanFieldShapes: [
    { d: 8, n: 8, samples: 20000 },
    { d: 16, n: 4, samples: 20000 },
  ],
  decay: { depth: 6, width: 32, batch: 128, replicates: 4, biasStd: 0.1, histogramBins: 40 },
  decayLarge: { runs: [{ width: 16, depth: 4, replicates: 16 }, { width: 128, depth: 2, replicates: 4 }], batch: 64 },
  fixedPoint: { depth: 10, width: 32, batch: 32, replicates: 60, biasStd: 1 },
  scale: { stds: [1e-3, 1, 1e3], samples: 500, depth: 4, width: 16, batch: 32, replicates: 2, biasStd: 0.1 },
  nonSquare: { widths: [32, 64, 32], authorWidths: [54, 64, 64, 7], batch: 32, replicates: 40 },
  author: {
    forward: { depth: 15, width: 64, batch: 64, replicates: 2 },
    gradient: { depth: 15, width: 64, batch: 64, replicates: 4 },
    biasStd: 1,
  },
  residual: { depth: 6, width: 32, batch: 128, replicates: 3 },
  sampler: { betas: [0.5, 1, 2, 8], count: 20000, bins: 50 },
  precise: {
    shapes: PRECISE_SHAPES,
    points: [
      { d: 8, n: 8, maxSamples: 100_000 },
      { d: 32, n: 32, maxSamples: 30_000 },
      { d: 64, n: 16, maxSamples: 40_000 },
    ],
    targetRse: 1e-4,
  },
  training: { models: ["plain", "sll"], depths: [2, 5, 15], width: 64, seeds: 2, epochs: 6, rows: 4000, batch: 64, standardise: true, statsRows: 512 },
  remedies: { depth: 10, width: 32, batch: 32, replicates: 3, inits: ["iid", "orthogonal"], activations: ["relu", "abs", "maxmin", "groupsort:4"], sllQStd: 1, identityNoises: [0, 0.01] },
  remediesTraining: { remedies: [{ model: "sll", init: "orthogonal", activation: "maxmin" }] },
};

/**
 * The author's own settings for the figures lipvar reruns
 * (src/distribution/distribution.py, paper_figures): forward stacks of 15
 * layers of width 8192 on N = 10000 inputs; gradients through 15 tied layers
 * of width 2024 on 25 batches of 10000 inputs; b ~ N(0, 1) when biased.
 */
export const AUTHOR_FIGURE_SETTINGS = {
  forward: { depth: 15, width: 8192, batch: 10_000 },
  gradient: { depth: 15, width: 2024, batch: 10_000, batches: 25 },
  biasStd: 1,
} as const;

/**
 * `lipvar report --author-settings`: the default report with the author's
 * figure configurations at the largest sizes that fit this machine. Width
 * 8192 does not fit: 15 independent 8192² layers are 8 GB of doubles, over
 * the 3.5 GiB a Wasm instance can address, and one pass would take hours on
 * 2 cores; the forward stacks use width 1024 (8× narrower) on 1024 inputs.
 * The tied gradient stack needs one W only, so it runs at the author's width
 * 2024, on 1024 inputs per network instead of 25 × 10000.
 */
export const AUTHOR_REPORT_CONFIG: ReportConfig = {
  ...DEFAULT_REPORT_CONFIG,
  author: {
    forward: { depth: 15, width: 1024, batch: 1024, replicates: 2 },
    gradient: { depth: 15, width: 2024, batch: 1024, replicates: 2 },
    biasStd: 1,
  },
};
