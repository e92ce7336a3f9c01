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

export function trainingClaim(r: TrainResult): TrainingClaim {
  const depths = [...r.config.depths].sort((a, b) => a - b);
  const find = (model: string, depth: number) => r.groups.find((g) => g.model === model && g.depth === depth);
  const lo = depths[0];
  const hi = depths[depths.length - 1];
  const sllLo = find("sll", lo);
  const sllHi = find("sll", hi);
  const plainHi = find("plain", hi);
  if (!sllLo || !sllHi || !plainHi || lo === hi) return { verdict: "not measured", text: "needs SLL and plain runs at two or more depths" };
  const m = r.data.majorityAccuracy;
  const k = TRAIN_K_SE;
  const decay = sllHi.initYMeanSquare[sllHi.initYMeanSquare.length - 1] / sllHi.initYMeanSquare[0];
  const facts =
    `SLL: ${pct(sllLo.finalAccuracy.value)} ± ${pct(seOf(sllLo))} at depth ${lo}, ${pct(sllHi.finalAccuracy.value)} ± ${pct(seOf(sllHi))} at depth ${hi}; ` +
    `plain at depth ${hi}: ${pct(plainHi.finalAccuracy.value)} ± ${pct(seOf(plainHi))}; majority class ${pct(m)}; ` +
    `the SLL net's E[y²] falls by ${decay.toExponential(1)} from its first to its last layer at initialisation (depth ${hi}, bias ${r.config.bias})`;
  const sllHiTrains = sllHi.finalAccuracy.value - m > k * seOf(sllHi) && sllHi.finalAccuracy.value - m > 0.01;
  const plainHiTrains = plainHi.finalAccuracy.value - m > k * seOf(plainHi) && plainHi.finalAccuracy.value - m > 0.01;
  const drop = sllLo.finalAccuracy.value - sllHi.finalAccuracy.value;
  const dropSe = Math.hypot(seOf(sllLo), seOf(sllHi));
  const biasNote = r.config.bias === "init" ? "" : ` (note: bias ${r.config.bias}, so "even with bias" is not what was tested)`;
  if (!sllHiTrains && plainHiTrains) {
    return { verdict: "holds", text: `holds: at depth ${hi} the SLL nets stay at or near the majority-class rate while plain nets of the same depth learn (${facts})${biasNote}` };
  }
  if (drop > k * dropSe && drop > 0.01 && plainHiTrains) {
    return { verdict: "holds", text: `holds: SLL accuracy drops with depth by ${pct(drop)} (> ${k} SE) while plain nets still learn at depth ${hi} (${facts})${biasNote}` };
  }
  if (sllHiTrains && Math.abs(drop) <= k * Math.max(dropSe, 0.005)) {
    return { verdict: "fails", text: `fails: the deepest SLL nets train as well as the shallowest, within ${k} SE (${facts})${biasNote}` };
  }
  return { verdict: "inconclusive", text: `inconclusive at this budget: ${facts}${biasNote}` };
}
