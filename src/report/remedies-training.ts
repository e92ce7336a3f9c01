/**
 * The training half of the report's remedies (MATH.md §7b): final test
 * accuracy against depth for each remedy (an initial W and a hidden
 * activation on the SLL network) beside the paper's SLL and plain networks,
 * with verdicts computed from the numbers. The remedies run at the training
 * stage's budget, table and seed, so replicate r of a remedy and of the
 * paper's SLL start from the same Gaussian draws and see the same batches:
 * differences are paired by replicate and their SE is that of the
 * per-replicate differences.
 */
import type { MeanSe, TrainGroupSummary, TrainResult } from "../experiments/train-types.js";
import type { RemedySpec } from "./config.js";
import { identityNoise } from "../wasm/decay.js";
import type { RemedyRun, RemedyTrainingRun, ReportResults } from "./results.js";
import { TRAIN_K_SE, trains } from "./training-claim.js";
import { meanSe } from "../experiments/config.js";
import { markdownTable } from "./markdown.js";
import { trainingBudget } from "./figures/training.js";

const ACTIVATION_NAMES: Record<string, string> = { relu: "ReLU", abs: "abs", maxmin: "MaxMin" };
const activationName = (a: string) => ACTIVATION_NAMES[a] ?? a.replace(/^groupsort:/, "GroupSort:");

/** "SLL, orthogonal W, MaxMin": the remedy's name in tables and legends. */
export function remedyName(r: RemedySpec): string {
  const noise = identityNoise(r.init);
  const init = r.init === "orthogonal" ? "orthogonal W" : noise === null ? "i.i.d. W" : noise === 0 ? "identity W" : `identity W + noise ${noise}`;
  return `${r.model === "sll" ? "SLL" : "plain"}, ${init}, ${activationName(r.activation)}`;
}

/** One line of the accuracy table: a network (baseline or remedy) and its group per depth. */
export interface RemedyAccuracyRow {
  name: string;
  remedy: RemedySpec;
  /** "paper" for the training stage's own networks. */
  source: "paper" | "remedy";
  result: TrainResult;
  groups: (TrainGroupSummary | null)[];
}

/** The depths of the training stage (the remedies run at the same). */
export function remedyDepths(r: ReportResults): number[] {
  return [...r.stages.training.config.depths].sort((a, b) => a - b);
}

/** The paper's plain and SLL networks (training stage), then each remedy, with their groups at each depth. */
export function remedyAccuracyRows(r: ReportResults): RemedyAccuracyRow[] {
  const depths = remedyDepths(r);
  const t = r.stages.training;
  const group = (res: TrainResult, model: string, depth: number) => res.groups.find((g) => g.model === model && g.depth === depth) ?? null;
  const paper: RemedyAccuracyRow[] = (["plain", "sll"] as const)
    .filter((m) => t.config.models.includes(m))
    .map((model) => ({
      name: model === "sll" ? "the paper's SLL (i.i.d. W, ReLU)" : "the paper's plain net (PyTorch init, ReLU)",
      remedy: { model, init: "iid", activation: "relu" },
      source: "paper",
      result: t,
      groups: depths.map((d) => group(t, model, d)),
    }));
  const remedies = (r.stages["remedies-training"] ?? []).map((run: RemedyTrainingRun): RemedyAccuracyRow => ({
    name: remedyName(run.remedy),
    remedy: run.remedy,
    source: "remedy",
    result: run.result,
    groups: depths.map((d) => group(run.result, run.remedy.model, d)),
  }));
  return [...paper, ...remedies];
}

/**
 * Final accuracy of `row` minus the paper's SLL at `depth`, paired by
 * replicate (same seed index: same Gaussian draws and batches), with the SE
 * of the per-replicate differences; null without both.
 */
export function pairedDifference(row: RemedyAccuracyRow, sll: RemedyAccuracyRow, depth: number): MeanSe | null {
  const final = (res: TrainResult, model: string) =>
    new Map(res.runs.filter((x) => x.model === model && x.depth === depth).map((x) => [x.replicate, x.testAccuracy[x.testAccuracy.length - 1]]));
  const a = final(row.result, row.remedy.model);
  const b = final(sll.result, "sll");
  const diffs = [...a.keys()].filter((k) => b.has(k)).map((k) => a.get(k)! - b.get(k)!);
  if (diffs.length === 0) return null;
  const { value, se } = meanSe(diffs);
  return { value, se: Number.isNaN(se) ? null : se };
}

export type RemedyVerdict = "lets the deepest nets train" | "helps" | "does not help" | "hurts" | "not measured";

export interface RemedyTrainingVerdict {
  verdict: RemedyVerdict;
  text: string;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/**
 * A remedy's verdict against the paper's SLL: "lets the deepest nets train"
 * when it learns (beats the majority rate by > K SE and 1 point) at the
 * deepest depth where the paper's SLL does not; "helps" when it beats the
 * paper's SLL by > K SE (paired) and 1 point at some depth; "hurts" when it
 * is below by as much at some depth and above at none; else "does not help".
 */
export function remedyTrainingVerdict(row: RemedyAccuracyRow, sll: RemedyAccuracyRow | undefined, depths: number[], majority: number): RemedyTrainingVerdict {
  if (!sll || row.groups.some((g) => g === null)) return { verdict: "not measured", text: "needs the paper's SLL and the remedy at every depth" };
  const k = TRAIN_K_SE;
  const diffs = depths.map((d) => ({ depth: d, diff: pairedDifference(row, sll, d) }));
  const beyond = (x: MeanSe | null, sign: 1 | -1) => x !== null && sign * x.value > k * (x.se ?? Infinity) && sign * x.value > 0.01;
  const better = diffs.filter((x) => beyond(x.diff, 1)).map((x) => x.depth);
  const worse = diffs.filter((x) => beyond(x.diff, -1)).map((x) => x.depth);
  const learns = depths.filter((_, i) => trains(row.groups[i]!, majority));
  const sllLearns = depths.filter((_, i) => trains(sll.groups[i]!, majority));
  const deepest = depths[depths.length - 1];
  const facts =
    diffs.map((x) => `depth ${x.depth}: ${x.diff === null ? "—" : `${x.diff.value >= 0 ? "+" : "−"}${pct(Math.abs(x.diff.value))} ± ${x.diff.se === null ? "–" : pct(x.diff.se)}`}`).join(", ") +
    ` vs the paper's SLL (paired by seed); learns (> ${k} SE above the majority rate) at ${learns.length ? `depths ${learns.join(", ")}` : "no depth"}, the paper's SLL at ${sllLearns.length ? `depths ${sllLearns.join(", ")}` : "no depth"}`;
  if (learns.includes(deepest) && !sllLearns.includes(deepest)) return { verdict: "lets the deepest nets train", text: `learns at depth ${deepest}, where the paper's SLL does not; ${facts}` };
  if (better.length > 0) return { verdict: "helps", text: `better than the paper's SLL at depth ${better.join(", ")}${worse.length ? `, worse at ${worse.join(", ")}` : ""}; ${facts}` };
  if (worse.length > 0) return { verdict: "hurts", text: `worse than the paper's SLL at depth ${worse.join(", ")}; ${facts}` };
  return { verdict: "does not help", text: `no depth where it beats the paper's SLL by > ${k} SE; ${facts}` };
}

/** "61.2% ± 3.4%" (no "±" with one seed), or "—". */
function accuracyCell(g: TrainGroupSummary | null): string {
  if (g === null) return "—";
  const a = g.finalAccuracy;
  return a.se === null ? pct(a.value) : `${pct(a.value)} ± ${pct(a.se)}`;
}

/** The accuracy columns of the remedies table: one header and one cell per depth, for a remedy (or null when it was not trained). */
export function remedyAccuracyColumns(r: ReportResults): { headers: string[]; cells: (remedy: RemedySpec) => string[] } {
  const depths = remedyDepths(r);
  const rows = remedyAccuracyRows(r);
  const same = (a: RemedySpec, b: RemedySpec) => a.model === b.model && a.init === b.init && a.activation === b.activation;
  return {
    headers: depths.map((d) => `test accuracy, depth ${d}`),
    cells: (remedy) => {
      const row = rows.find((x) => same(x.remedy, remedy));
      return depths.map((_, i) => accuracyCell(row?.groups[i] ?? null));
    },
  };
}

/** The report's section on the training half of the remedies. */
export function remediesTrainingSection(r: ReportResults): string[] {
  const t = r.stages.training;
  const runs = r.stages["remedies-training"] ?? [];
  const depths = remedyDepths(r);
  const rows = remedyAccuracyRows(r);
  const sll = rows.find((x) => x.source === "paper" && x.remedy.model === "sll");
  const seconds = runs.reduce((a, x) => a + x.result.run.seconds, 0);
  const out: string[] = [];
  out.push("## Remedies: do deep 1-Lipschitz nets train? (MATH.md §7b)", "");
  out.push(
    `Each remedy changes the paper's SLL network (\`lipvar train --models sll --init INIT --activation ACTIVATION\`) and nothing else: ` +
      `the initial W (i.i.d. Xavier-normal; Haar orthogonal — semi-orthogonal for the 54→64 and 64→7 layers; or the identity, rectangular for those two), the hidden layers' activation ` +
      `(the output layer keeps the author's ReLU), at the training section's budget: ${trainingBudget(t)}. ` +
      "Run r of every network starts from the same Gaussian draws (an orthogonal W is the Haar factor of the Gaussian matrix the i.i.d. W scales) " +
      `and sees the same batches, so differences to the paper's SLL are paired by seed. A network *learns* at a depth when its accuracy beats the majority-class rate (${pct(t.data.majorityAccuracy)}) by more than ${TRAIN_K_SE} SE and 1 point; ` +
      `a difference counts beyond ${TRAIN_K_SE} SE of the paired differences and 1 point. ${runs.length} remedies × ${depths.length} depths × ${t.config.seeds} seeds took ${seconds.toFixed(0)} s on ${t.run.workers} workers.`,
    "",
  );
  out.push(
    markdownTable(
      ["network", ...depths.map((d) => `final test accuracy ± SE, depth ${d}`), "verdict"],
      rows.map((row) => [
        row.name,
        ...row.groups.map(accuracyCell),
        row.source === "paper" ? "(baseline)" : `**${remedyTrainingVerdict(row, sll, depths, t.data.majorityAccuracy).verdict}**`,
      ]),
      ["left", ...depths.map(() => "right" as const), "left"],
    ),
    "",
  );
  for (const row of rows.filter((x) => x.source === "remedy")) out.push(`- ${row.name}: ${remedyTrainingVerdict(row, sll, depths, t.data.majorityAccuracy).text}.`);
  out.push("");
  return out;
}

/**
 * The Remedies stage's runs with the trainer's final test accuracy per depth
 * on the rows the trainer ran: the SLL feed-forward rows whose init and
 * activation were trained (the paper's SLL, and each SLL remedy of
 * config.remediesTraining). Other rows are returned as they are.
 */
export function withTrainedAccuracy(r: ReportResults): RemedyRun[] {
  const rows = remedyAccuracyRows(r).filter((x) => x.remedy.model === "sll");
  const depths = remedyDepths(r);
  return (r.stages.remedies ?? []).map((run) => {
    const row = run.architecture === "SLL feed-forward" ? rows.find((x) => x.remedy.init === run.init && x.remedy.activation === run.activation) : undefined;
    if (!row) return run;
    const accuracy = depths.flatMap((depth, i) => {
      const g = row.groups[i];
      return g ? [{ depth, accuracy: g.finalAccuracy.value, se: g.finalAccuracy.se ?? Number.NaN }] : [];
    });
    return { ...run, accuracy };
  });
}
