/**
 * The report's results: every number behind every figure, table and verdict,
 * grouped by the stage (experiment batch) that produced it. Each stage is
 * cached on its own in DIR/.partial/<stage>.json so `--resume` can skip it.
 */
import type { DecayResult, HistogramJson, ResidualResult, SamplerCheckResult, WeightVarianceResult } from "../experiments/types.js";
import type { RemedySpec, ReportConfig } from "./config.js";
import type { PreciseVarianceResult } from "../experiments/precise.js";
import type { TrainResult } from "../experiments/train-types.js";
import type { Initialisation } from "../wasm/decay.js";

export interface DistributionRun {
  label: string;
  results: WeightVarianceResult[];
}

/** One shape of the precise stage: its results at each (d, n) of the config. */
export interface PreciseRun {
  label: string;
  results: PreciseVarianceResult[];
}

export interface SamplerRun {
  beta: number;
  check: SamplerCheckResult;
  /** Histogram of the check's draws (same seed and count; drawn again to bin them). */
  histogram: HistogramJson;
  /** Analytic SGND(α = 1, β) pdf on a grid, for the curve over the histogram. */
  pdf: { x: number; y: number }[];
  /** Analytic CF and PGND MGF on a grid, for the curves under the empirical points. */
  cfCurve: { x: number; y: number }[];
  mgfCurve: { x: number; y: number }[];
}

/** One experiment run at one raw-weight standard deviation (the scale stage). */
export interface ScaleRun {
  weightStd: number;
  variance: WeightVarianceResult[];
  decay: DecayResult;
  residual: ResidualResult;
  /** The SLL residual stack with a bias: not scale-free (P scaled by c acts like the bias divided by c). */
  residualBias: ResidualResult;
}

/** Non-square stacks: the same widths under the column and the row Gram, and the author's widths under the row Gram. */
export interface NonSquareRuns {
  column: DecayResult;
  row: DecayResult;
  author: DecayResult;
}

/** The author's figure configurations (config.author): forward without/with bias, tied-weight gradients without/with bias. */
export interface AuthorRuns {
  forwardNoBias: DecayResult;
  forwardBias: DecayResult;
  gradientNoBias: DecayResult;
  gradientBias: DecayResult;
}

/** The architectures of the Remedies section. */
export type RemedyArchitecture = "AOL feed-forward" | "SLL feed-forward" | "SLL residual";

/**
 * One row of the Remedies section: an initialisation × activation ×
 * architecture and its run. `accuracy` is left for the trainer's part
 * (remedies-train): final test accuracy per depth, mean ± SE over seeds.
 */
export interface RemedyRun {
  architecture: RemedyArchitecture;
  init: Initialisation;
  /** Canonical activation name (relu, abs, maxmin, groupsort:K). */
  activation: string;
  /** The decay run (feed-forward rows) or the residual run (SLL residual rows). */
  decay?: DecayResult;
  residual?: ResidualResult;
  accuracy?: { depth: number; accuracy: number; se: number }[];
}

/** One remedy trained at the training stage's budget (config.remediesTraining). */
export interface RemedyTrainingRun {
  remedy: RemedySpec;
  result: TrainResult;
}

/** Stage name → its result (the cache file name is the stage name). */
export interface StageResults {
  "variance-gaussian": WeightVarianceResult[];
  "variance-distributions": DistributionRun[];
  "paper-grid": WeightVarianceResult[];
  "mean-field": WeightVarianceResult[];
  decay: { noBias: DecayResult; bias: DecayResult };
  "decay-large": DecayResult[];
  residual: ResidualResult;
  sampler: SamplerRun[];
  "precise-distributions": PreciseRun[];
  /** The training experiment at the report's reduced budget (config.training). */
  training: TrainResult;
  "fixed-point": DecayResult;
  scale: ScaleRun[];
  "non-square": NonSquareRuns;
  author: AuthorRuns;
  remedies: RemedyRun[];
  /** The remedies trained at the training stage's budget, table and seed. */
  "remedies-training": RemedyTrainingRun[];
}

export type StageName = keyof StageResults;

export const STAGES: StageName[] = [
  "variance-gaussian",
  "variance-distributions",
  "paper-grid",
  "mean-field",
  "decay",
  "decay-large",
  "residual",
  "sampler",
  "training",
  "fixed-point",
  "scale",
  "non-square",
  "author",
  "precise-distributions",
  // Appended: a stage's seeds derive from its place in this list.
  "remedies-training",
  // Appended last: a stage's seeds derive from its index, so the earlier stages keep theirs.
  "remedies",
];

export interface ReportMeta {
  lipvarVersion: string;
  nodeVersion: string;
  wasmBuild: string;
  seed: string;
  quick: boolean;
  /** Run with --author-settings (AUTHOR_REPORT_CONFIG). */
  authorSettings: boolean;
}

export interface ReportResults {
  meta: ReportMeta;
  config: ReportConfig;
  stages: StageResults;
}
