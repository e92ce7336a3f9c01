/**
 * `lipvar gnd`: the moments of SGND(α, β), and optionally its characteristic
 * function and the MGF of |X| at given points.
 */
import type { Command } from "commander";
import { COMMAND_SUMMARIES } from "./summaries.js";
import { Sgnd, Pgnd } from "../../analytic/gnd.js";
import { beta as parseBeta, numberList, positiveNumber } from "../args.js";
import { betaForJson } from "../dist.js";
import { UsageError } from "../errors.js";
import { addExamples, addFormatOptions, parseOutputFormat, type OutputOptionsRaw } from "../options.js";
import { formatted } from "../output.js";
import { toCsv, type CsvValue } from "../csv.js";

interface GndOptions extends OutputOptionsRaw {
  beta: string;
  alpha?: string;
  variance?: string;
  cf?: string;
  mgf?: string;
}

/** The JSON printed by `lipvar gnd --json`. */
export interface GndReport {
  alpha: number;
  /** β, or "inf" for the uniform limit (JSON has no Infinity). */
  beta: number | "inf";
  variance: number;
  kurtosis: number;
  /** E|X|^k for k = 1..4. */
  absMoments: Record<"1" | "2" | "3" | "4", number>;
  /** φ(t) = E cos(tX), keyed by t as typed. */
  cf?: Record<string, number>;
  /** E e^{t|X|}, keyed by t as typed; null where it is infinite (outside its domain) or overflows. */
  mgfAbs?: Record<string, number | null>;
  warnings: string[];
}

function describeDomain(p: Pgnd): string {
  const { upper, inclusive } = p.mgfDomain();
  if (upper === Infinity) return "all t";
  return `t ${inclusive ? "<=" : "<"} ${upper}`;
}

export function gndReport(opts: GndOptions): GndReport {
  const beta = parseBeta("--beta", opts.beta);
  if (opts.alpha !== undefined && opts.variance !== undefined) {
    throw new UsageError("give either --alpha or --variance, not both");
  }
  const alpha = opts.alpha === undefined ? undefined : positiveNumber("--alpha", opts.alpha);
  const variance = opts.variance === undefined ? undefined : positiveNumber("--variance", opts.variance);
  const cfPoints = opts.cf === undefined ? undefined : numberList("--cf", opts.cf);
  const mgfPoints = opts.mgf === undefined ? undefined : numberList("--mgf", opts.mgf);

  const x = new Sgnd({ beta, alpha, variance });
  const warnings: string[] = [];
  let cf: Record<string, number> | undefined;
  if (cfPoints) {
    cf = {};
    for (const { text, value } of cfPoints) cf[text] = x.cf(value);
  }
  let mgfAbs: Record<string, number | null> | undefined;
  if (mgfPoints) {
    const abs = new Pgnd({ beta, alpha: x.alpha });
    mgfAbs = {};
    for (const { text, value } of mgfPoints) {
      const m = abs.mgf(value);
      if (Number.isFinite(m)) {
        mgfAbs[text] = m;
        continue;
      }
      // JSON cannot hold Infinity: null, and say why.
      mgfAbs[text] = null;
      const logM = abs.logMgf(value);
      warnings.push(
        logM === Infinity
          ? `mgfAbs(${text}) is infinite: E e^{t|X|} is finite only for ${describeDomain(abs)} when beta = ${beta === Infinity ? "inf" : beta}`
          : `mgfAbs(${text}) is finite but exceeds double precision: ln E e^{t|X|} = ${logM}`,
      );
    }
  }
  return {
    alpha: x.alpha,
    beta: betaForJson(beta),
    variance: x.variance(),
    kurtosis: x.kurtosis(),
    absMoments: { "1": x.absMoment(1), "2": x.absMoment(2), "3": x.absMoment(3), "4": x.absMoment(4) },
    ...(cf ? { cf } : {}),
    ...(mgfAbs ? { mgfAbs } : {}),
    warnings,
  };
}

function unique(keys: string[]): string[] {
  return [...new Set(keys)];
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(12)));
}

/**
 * The readable table. `order` lists the t values as typed: a JS object puts
 * integer-like keys ("2") before others ("0.5"), so the table takes its row
 * order from the command line instead.
 */
export function gndTable(r: GndReport, order: { cf?: string[]; mgf?: string[] } = {}): string {
  const rows: [string, string][] = [
    ["alpha", fmt(r.alpha)],
    ["beta", String(r.beta)],
    ["variance", fmt(r.variance)],
    ["kurtosis", fmt(r.kurtosis)],
  ];
  for (const k of ["1", "2", "3", "4"] as const) rows.push([`E|X|^${k}`, fmt(r.absMoments[k])]);
  const cf = r.cf ?? {};
  const mgf = r.mgfAbs ?? {};
  for (const t of unique(order.cf ?? Object.keys(cf))) rows.push([`cf(${t})`, fmt(cf[t])]);
  for (const t of unique(order.mgf ?? Object.keys(mgf))) rows.push([`mgf|X|(${t})`, mgf[t] === null ? "null" : fmt(mgf[t])]);
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`);
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  return lines.join("\n") + "\n";
}

/**
 * CSV in long form, one value per row: quantity, t (for cf and mgf_abs, as
 * typed; else empty), value (empty where the JSON has null). Warnings are not
 * part of it (they are in the JSON and the table).
 */
export function gndCsv(r: GndReport, order: { cf?: string[]; mgf?: string[] } = {}): string {
  const rows: CsvValue[][] = [
    ["alpha", null, r.alpha],
    ["beta", null, r.beta],
    ["variance", null, r.variance],
    ["kurtosis", null, r.kurtosis],
  ];
  for (const k of ["1", "2", "3", "4"] as const) rows.push([`abs_moment_${k}`, null, r.absMoments[k]]);
  for (const t of unique(order.cf ?? Object.keys(r.cf ?? {}))) rows.push(["cf", t, r.cf![t]]);
  for (const t of unique(order.mgf ?? Object.keys(r.mgfAbs ?? {}))) rows.push(["mgf_abs", t, r.mgfAbs![t]]);
  return toCsv(["quantity", "t", "value"], rows);
}

export function register(program: Command): void {
  const command = program
    .command("gnd")
    .description(COMMAND_SUMMARIES.gnd.description)
    .requiredOption("--beta <B>", "shape beta > 0, or 'inf' for the uniform")
    .option("--alpha <A>", "scale alpha > 0 (default: the alpha giving unit variance)")
    .option("--variance <V>", "variance > 0 instead of --alpha (default 1)")
    .option("--cf <t1,t2,...>", "characteristic function E cos(tX) at these t")
    .option("--mgf <t1,t2,...>", "moment generating function E e^{t|X|} at these t (null outside its domain)");
  addFormatOptions(command, 'one object; beta = inf is the string "inf"');
  addExamples(command, [
    ["lipvar gnd --beta 1", "moments of the unit-variance Laplace (kurtosis 6)"],
    ["lipvar gnd --beta inf --variance 4 --cf 0.5,1 --format csv", "a uniform of variance 4 and its characteristic function, as CSV"],
  ]).action((opts: GndOptions) => {
    const format = parseOutputFormat(opts);
    const report = gndReport(opts);
    const order = {
      cf: opts.cf === undefined ? undefined : numberList("--cf", opts.cf).map((p) => p.text),
      mgf: opts.mgf === undefined ? undefined : numberList("--mgf", opts.mgf).map((p) => p.text),
    };
    process.stdout.write(formatted(format, report, { table: (r) => gndTable(r, order), csv: (r) => gndCsv(r, order) }));
  });
}
