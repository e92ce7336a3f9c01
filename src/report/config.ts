/**
 * What `lipvar report` measures: one named constant per run size. Sized on a
 * 2-core machine so the default report takes a few minutes at most and
 * `--quick` well under a minute (timings in reports/README.md). Plain JSON so
 * it is echoed verbatim in results.json.
 */

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
  /** (d, n) grid for the paper's closed forms (Laplace, normal, uniform) against Monte Carlo. */
  paperGrid: { ds: number[]; ns: number[]; samples: number };
  /** Shapes where the mean-field claim is probed (MATH.md §3: above V at (8,8), below at (16,4)). */
  meanFieldShapes: { d: number; n: number; samples: number }[];
  /** Feed-forward AOL stacks (Gaussian weights), without and with bias. */
  decay: { depth: number; width: number; batch: number; replicates: number; biasStd: number; histogramBins: number };
  /** Large square layers for r ≈ 0.63/√n (depth-2 stacks suffice for the first ratio). */
  decayLarge: { widths: number[]; depth: number; batch: number; replicates: number };
  /** SLL residual stack against the AOL stack of the same depth and width. */
  residual: { depth: number; width: number; batch: number; replicates: number };
  /** SGND sampler: shapes, draws per shape, histogram bins. */
  sampler: { betas: number[]; count: number; bins: number };
  /**
   * The training experiment (MATH.md §7) on synthetic Covertype-schema data at
   * a reduced budget (the author: 581,012 rows, 25 epochs, 10 seeds, raw
   * inputs). Inputs are standardised here: with a few thousand rows and a few
   * epochs, plain nets on raw inputs barely leave the majority class, which
   * would leave nothing to compare.
   */
  training: { models: ("plain" | "sll" | "sll-better" | "sll-better-hooks")[]; depths: number[]; width: number; seeds: number; epochs: number; rows: number; batch: number; standardise: boolean; statsRows: number };
}

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
  paperGrid: { ds: [2, 8, 32, 128], ns: [2, 4, 8, 16, 32, 64, 128], samples: 2000 },
  meanFieldShapes: [
    { d: 8, n: 8, samples: 40000 },
    { d: 16, n: 4, samples: 40000 },
  ],
  decay: { depth: 10, width: 128, batch: 512, replicates: 24, biasStd: 0.1, histogramBins: 60 },
  decayLarge: { widths: [64, 256, 1024], depth: 2, batch: 256, replicates: 4 },
  residual: { depth: 10, width: 128, batch: 512, replicates: 12 },
  sampler: { betas: [0.5, 1, 2, 8], count: 200000, bins: 80 },
  training: { models: ["plain", "sll"], depths: [5, 15, 30], width: 64, seeds: 3, epochs: 8, rows: 6000, batch: 64, standardise: true, statsRows: 1024 },
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
  paperGrid: { ds: [2, 8, 32], ns: [2, 8, 32], samples: 300 },
  meanFieldShapes: [
    { d: 8, n: 8, samples: 20000 },
    { d: 16, n: 4, samples: 20000 },
  ],
  decay: { depth: 6, width: 32, batch: 128, replicates: 4, biasStd: 0.1, histogramBins: 40 },
  decayLarge: { widths: [32, 128], depth: 2, batch: 64, replicates: 3 },
  residual: { depth: 6, width: 32, batch: 128, replicates: 3 },
  sampler: { betas: [0.5, 1, 2, 8], count: 20000, bins: 50 },
  training: { models: ["plain", "sll"], depths: [2, 5, 15], width: 32, seeds: 2, epochs: 4, rows: 3000, batch: 64, standardise: true, statsRows: 512 },
};
