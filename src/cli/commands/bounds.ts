/**
 * `lipvar bounds`: exact (Gaussian), mean-field, upper-bound and the paper's
 * closed-form values of Var[w̄] for one layer shape.
 */
import type { Command } from "commander";
import { COMMAND_SUMMARIES } from "./summaries.js";
import { meanAbsInner } from "../../analytic/product.js";
import { exactGaussianVariance, meanFieldVariance, paperClosedForm, paperClosedFormCovers, upperBound } from "../../analytic/variance.js";
import { integerInRange, listItems } from "../args.js";
import { addDistOptions, betaForJson, parseDistOptions, type DistName } from "../dist.js";
import { addExamples, addFormatOptions, parseOutputFormat, type OutputOptionsRaw } from "../options.js";
import { formatted, resultJson } from "../output.js";
import { toCsv } from "../csv.js";
import { layerTable } from "../table.js";

const MAX_SIZE = 1_000_000;

interface BoundsOptions extends OutputOptionsRaw {
  d: string;
  n: string;
  dist?: string;
  beta?: string;
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

/** One point of the grid (the first of --d and --n when they are lists). */
export function boundsReport(opts: BoundsOptions): BoundsReport {
  return boundsReports(opts)[0];
}

/** Every (d, n) point of the --d × --n grid, d varying slowest. */
export function boundsReports(opts: BoundsOptions): BoundsReport[] {
  const ds = listItems("--d", opts.d, "integers").map((x) => integerInRange("--d", x, 1, MAX_SIZE));
  const ns = listItems("--n", opts.n, "integers").map((x) => integerInRange("--n", x, 1, MAX_SIZE));
  const { dist, beta } = parseDistOptions(opts);
  return ds.flatMap((d) =>
    ns.map((n) => ({
      d,
      n,
      dist,
      beta: betaForJson(beta),
      exact: beta === 2 ? exactGaussianVariance(d, n) : null,
      meanField: meanFieldVariance(d, n, { beta }),
      meanAbsInner: meanAbsInner(d, beta),
      upper: upperBound(d, n),
      paper: paperClosedFormCovers({ beta }) ? paperClosedForm(d, n, { beta }) : null,
    })),
  );
}

function fmt(x: number | null): string {
  return x === null ? "-" : String(Number(x.toPrecision(10)));
}

/** One point: a two-column table of its values. */
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

/** A grid: one row per (d, n) point. */
export function boundsGridTable(points: BoundsReport[]): string {
  const r = points[0];
  const head = `${r.dist} (beta = ${r.beta}), ${points.length} points\n`;
  return head + layerTable(["d", "n", "exact (Gaussian)", "mean-field", "m(d)", "1/d", "author's closed form"], points.map((p) => [String(p.d), String(p.n), fmt(p.exact), fmt(p.meanField), fmt(p.meanAbsInner), fmt(p.upper), fmt(p.paper)]));
}

/** CSV: one row per point, the JSON's fields as columns. */
export function boundsCsv(points: BoundsReport[]): string {
  return toCsv(
    ["d", "n", "dist", "beta", "exact", "mean_field", "mean_abs_inner", "upper", "paper"],
    points.map((p) => [p.d, p.n, p.dist, p.beta, p.exact, p.meanField, p.meanAbsInner, p.upper, p.paper]),
  );
}

export function register(program: Command): void {
  const command = program
    .command("bounds")
    .description(COMMAND_SUMMARIES.bounds.description)
    .requiredOption("--d <D>", `output dimension d, an integer from 1 to ${MAX_SIZE}, or a comma-separated list for a grid`)
    .requiredOption("--n <N>", `input dimension n, an integer from 1 to ${MAX_SIZE}, or a comma-separated list for a grid`);
  addDistOptions(command);
  addFormatOptions(command, 'one object; a grid: {"points": [...]}; beta = inf is the string "inf"');
  addExamples(command, [
    ["lipvar bounds --d 64 --n 64", "the four values for a 64 x 64 Gaussian layer"],
    ["lipvar bounds --d 16,64,256 --n 64 --dist laplace --format csv", "a grid of Laplace layers as CSV"],
  ]).action((opts: BoundsOptions) => {
    const format = parseOutputFormat(opts);
    const points = boundsReports(opts);
    if (format === "json") process.stdout.write(resultJson(points.length > 1 ? { points } : points[0]));
    else process.stdout.write(formatted(format, points, { table: (p) => (p.length > 1 ? boundsGridTable(p) : boundsTable(p[0])), csv: boundsCsv }));
  });
}
