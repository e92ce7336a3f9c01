/**
 * What `lipvar --help` says of each command: its one-line description and
 * its arguments, in the order the help lists them. The command modules take
 * their description from here, and the top-level help (and an unknown
 * command's suggestion) is built from this table alone, without loading
 * the commands (commands/index.ts).
 */
export interface CommandSummary {
  description: string;
  /** The command's arguments as its usage shows them, e.g. "<files...>". */
  args?: string;
}

export const COMMAND_SUMMARIES = {
  sample: { description: "draw iid values of the generalised normal SGND(alpha, beta) (or |X| with --abs) from one RNG stream" },
  gnd: { description: "moments, characteristic function and |X|-MGF of the generalised normal SGND(alpha, beta)" },
  bounds: { description: "Var of the AOL-rescaled weight for a d x n layer (or a grid of them): exact (Gaussian), mean-field, 1/d bound, the author's GND closed form (plotting script)" },
  merge: { description: "combine shard results (lipvar variance, sweep, decay, residual or train --shard i/k) into exactly the one-machine result", args: "<files...>" },
  variance: { description: "Monte Carlo Var of the AOL/SLL-rescaled weight (control-variate or precise Gaussian-coupled estimator) against exact, mean-field and 1/d" },
  sweep: { description: "lipvar variance over a grid of (d, n, beta, seed) points in one worker pool; shardable with --shard i/k" },
  decay: { description: "forward variance, backward gradient and the spread between inputs per layer of random AOL or SLL stacks, measured (± SE over replicate networks) vs predicted; with the remedies --init orthogonal and --activation abs|maxmin|groupsort:K" },
  residual: { description: "variance per block of SLL residual stacks (± SE over replicates) next to the AOL feed-forward stack" },
  train: { description: "train plain and 1-Lipschitz (SLL) networks on Covertype (or a synthetic table with its schema) across depths and seeds, in Wasm" },
  data: { description: "write the synthetic Covertype-schema table lipvar train uses to a file (UCI covtype.data layout, labels 1-7, or CSV)", args: "<kind>" },
  report: { description: "run the experiments and write the report: index.md (claims with measured verdicts), results.json, figures/ (PNG, SVG or PDF)" },
  check: { description: "regression checks for CI: run a suite of expectations (built in, or --suite FILE); exit 0 all pass, 1 any failure, 2 usage/input error" },
} satisfies Record<string, CommandSummary>;
