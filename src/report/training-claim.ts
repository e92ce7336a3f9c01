/**
 * The verdict on the paper's closing claim, "depth-induced decay harms
 * training, even with bias", computed from the training stage's numbers
 * (final test accuracy mean ± SE over seeds per model and depth, the
 * majority-class rate, and the measured initial decay). Differences count
 * when they exceed TRAIN_K_SE standard errors (SEs of independent seeds
 * combined in quadrature).
 */
import type { TrainGroupSummary, TrainResult } from "../experiments/train-types.js";

export const TRAIN_K_SE = 3;

export type TrainingVerdict = "holds" | "fails" | "inconclusive" | "not measured";

export interface TrainingClaim {
  verdict: TrainingVerdict;
  text: string;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const seOf = (g: TrainGroupSummary) => g.finalAccuracy.se ?? 0;

/** Whether a group's final accuracy is above the majority rate by more than K SE (and 1 point). */
export function trains(g: TrainGroupSummary, majority: number): boolean {
  const lift = g.finalAccuracy.value - majority;
  return lift > TRAIN_K_SE * seOf(g) && lift > 0.01;
}

const accuracy = (g: TrainGroupSummary) => `${pct(g.finalAccuracy.value)} ± ${pct(seOf(g))}`;

/**
 * The claim is about depth *because of the decay* and *even with bias*: it
 * holds when the SLL nets learn at the shallowest depth but, at the deepest
 * depth where plain nets still learn, they do not (or their deficit to the plain nets grows with depth beyond
 * K SE); it fails when the SLL nets learn there as well as at the shallowest
 * depth; anything else is inconclusive at the budget run.
 */
export function trainingClaim(r: TrainResult): TrainingClaim {
  const depths = [...r.config.depths].sort((a, b) => a - b);
  const find = (model: string, depth: number) => r.groups.find((g) => g.model === model && g.depth === depth);
  const pairs = depths.map((d) => ({ depth: d, plain: find("plain", d), sll: find("sll", d) })).filter((p) => p.plain && p.sll) as { depth: number; plain: TrainGroupSummary; sll: TrainGroupSummary }[];
  if (pairs.length < 2) return { verdict: "not measured", text: "needs SLL and plain runs at two or more depths" };
  const m = r.data.majorityAccuracy;
  const k = TRAIN_K_SE;
  const table = pairs.map((p) => `depth ${p.depth}: plain ${accuracy(p.plain)}, SLL ${accuracy(p.sll)}`).join("; ");
  const deepest = pairs[pairs.length - 1];
  const decay = deepest.sll.initYMeanSquare[deepest.sll.initYMeanSquare.length - 1] / deepest.sll.initYMeanSquare[0];
  const notes: string[] = [`majority class ${pct(m)}`, `SLL E[y²] last/first layer at initialisation ${decay.toPrecision(2)} (depth ${deepest.depth})`];
  if (r.config.bias !== "init") notes.push(`bias ${r.config.bias}: "even with bias" is not what was tested`);
  if (!trains(deepest.plain, m)) {
    const p = deepest.plain.initYMeanSquare;
    notes.push(`at depth ${deepest.depth} the plain nets do not learn either at this budget — their default initialisation decays too (E[y²] last/first ${(p[p.length - 1] / p[0]).toPrecision(2)}), down to the bias' fixed point`);
  }
  const facts = `${table}; ${notes.join("; ")}`;
  const learning = pairs.filter((p) => trains(p.plain, m));
  if (learning.length === 0) return { verdict: "inconclusive", text: `inconclusive: no plain net learns at this budget (${facts})` };
  const at = learning[learning.length - 1];
  const first = pairs[0];
  if (!trains(first.sll, m)) {
    return { verdict: "inconclusive", text: `inconclusive: the SLL nets do not learn even at depth ${first.depth} at this budget, so depth is not what stops them (${facts})` };
  }
  if (!trains(at.sll, m)) {
    return { verdict: "holds", text: `holds: at depth ${at.depth}, the deepest where plain nets learn, the SLL nets stay at or below the majority-class rate (${facts})` };
  }
  const gap = (p: { plain: TrainGroupSummary; sll: TrainGroupSummary }) => p.plain.finalAccuracy.value - p.sll.finalAccuracy.value;
  const gapSe = Math.hypot(seOf(at.plain), seOf(at.sll), seOf(first.plain), seOf(first.sll));
  if (at.depth !== first.depth && gap(at) - gap(first) > k * gapSe && gap(at) - gap(first) > 0.01) {
    return { verdict: "holds", text: `holds: the SLL nets' deficit to plain nets grows from ${pct(gap(first))} at depth ${first.depth} to ${pct(gap(at))} at depth ${at.depth} (> ${k} SE) (${facts})` };
  }
  const drop = first.sll.finalAccuracy.value - at.sll.finalAccuracy.value;
  if (Math.abs(drop) <= k * Math.max(Math.hypot(seOf(first.sll), seOf(at.sll)), 0.005)) {
    return { verdict: "fails", text: `fails: the SLL nets learn as well at depth ${at.depth} as at depth ${first.depth}, within ${k} SE (${facts})` };
  }
  return { verdict: "inconclusive", text: `inconclusive at this budget (${facts})` };
}
