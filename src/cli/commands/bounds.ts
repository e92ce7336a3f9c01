/**
 * `lipvar bounds`: exact (Gaussian), mean-field, upper-bound and the paper's
 * closed-form values of Var[w̄] for one layer shape.
 */
import type { Command } from "commander";
import { meanAbsInner } from "../../analytic/product.js";
import { exactGaussianVariance, meanFieldVariance, paperClosedForm, paperClosedFormCovers, upperBound } from "../../analytic/variance.js";
import { integerInRange } from "../args.js";
import { betaForJson, parseDistOptions, type DistName } from "../dist.js";

const MAX_SIZE = 1_000_000;

interface BoundsOptions {
  d: string;
  n: string;
  dist?: string;
  beta?: string;
  json?: boolean;
}

/** The JSON printed by `lipvar bounds --json`. */
export interface BoundsReport {
  d: number;
  n: number;
  dist: DistName;
  /** β, or "inf" for the uniform. */
  beta: number | "inf";
  /** Exact V(d, n) for Gaussian weights (β = 2), else null. */
  exact: number | null;
  meanField: number;
  /** m(d) = E|Σ X_k Y_k| for unit-variance weights. */
  meanAbsInner: number;
  /** 1/d. */
  upper: number;
  /** The paper's closed-form approximation (Laplace, normal, uniform), else null. */
  paper: number | null;
}

export function boundsReport(opts: BoundsOptions): BoundsReport {
  const d = integerInRange("--d", opts.d, 1, MAX_SIZE);
  const n = integerInRange("--n", opts.n, 1, MAX_SIZE);
  const { dist, beta } = parseDistOptions(opts);
  return {
    d,
    n,
    dist,
    beta: betaForJson(beta),
    exact: beta === 2 ? exactGaussianVariance(d, n) : null,
    meanField: meanFieldVariance(d, n, { beta }),
    meanAbsInner: meanAbsInner(d, beta),
    upper: upperBound(d, n),
    paper: paperClosedFormCovers({ beta }) ? paperClosedForm(d, n, { beta }) : null,
  };
}

function fmt(x: number | null): string {
  return x === null ? "-" : String(Number(x.toPrecision(10)));
}

export function boundsTable(r: BoundsReport): string {
  const rows: [string, string][] = [
    ["d", String(r.d)],
    ["n", String(r.n)],
    ["dist", `${r.dist} (beta = ${r.beta})`],
    ["exact (Gaussian)", fmt(r.exact)],
    ["mean-field", fmt(r.meanField)],
    ["m(d) = E|<x,y>|", fmt(r.meanAbsInner)],
    ["upper bound 1/d", fmt(r.upper)],
    ["author's GND closed form", fmt(r.paper)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n") + "\n";
}

export function register(program: Command): void {
  program
    .command("bounds")
    .description("Var of the AOL-rescaled weight for a d x n layer: exact (Gaussian), mean-field, 1/d bound, the author's GND closed form (plotting script)")
    .requiredOption("--d <D>", `output dimension d, an integer from 1 to ${MAX_SIZE}`)
    .requiredOption("--n <N>", `input dimension n, an integer from 1 to ${MAX_SIZE}`)
    .option("--dist <name>", "gaussian | laplace | uniform | gnd (default gaussian, or gnd when --beta is given)")
    .option("--beta <B>", "shape for --dist gnd: a number > 0 or 'inf'")
    .option("--json", "one JSON object (beta = inf is written as the string \"inf\")")
    .action((opts: BoundsOptions) => {
      const report = boundsReport(opts);
      process.stdout.write(opts.json ? JSON.stringify(report, null, 2) + "\n" : boundsTable(report));
    });
}
