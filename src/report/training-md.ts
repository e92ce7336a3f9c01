/**
 * The report's training section: the setup at the report's budget, the
 * verdict on "depth-induced decay harms training, even with bias"
 * (training-claim.ts), final accuracy and loss per model and depth, and the
 * initial per-layer E[y²] of the deepest nets against lipvar's prediction.
 */
import type { TrainResult } from "../experiments/train-types.js";
import { formatEstimate, formatNumber, markdownTable } from "./markdown.js";
import { TRAIN_K_SE, trainingClaim } from "./training-claim.js";
import { trainingBudget } from "./figures/training.js";

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

export function trainingSection(r: TrainResult): string[] {
  const out: string[] = [];
  const claim = trainingClaim(r);
  out.push("## Training: does depth-induced decay harm training, even with bias? (MATH.md §7)", "");
  out.push(
    `Setup: ${trainingBudget(r)}. Test rows: ${r.data.testRows}; majority-class rate ${pct(r.data.majorityAccuracy)}. ` +
      "The full protocol runs with `lipvar train` (defaults = the author's settings) on a Covertype file or the synthetic default; " +
      "see the README for its CPU cost and for `--shard`/`merge`.",
    "",
  );
  out.push(`**Verdict: ${claim.verdict}.** ${claim.text}. (Differences count beyond ${TRAIN_K_SE} SE over seeds.)`, "");
  out.push(
    markdownTable(
      ["model", "depth", "runs", "final test accuracy ± SE", "final test loss ± SE", "last train loss"],
      r.groups.map((g) => [
        g.model,
        g.depth,
        g.runs,
        g.finalAccuracy.se === null ? pct(g.finalAccuracy.value) : `${pct(g.finalAccuracy.value)} ± ${pct(g.finalAccuracy.se)}`,
        g.finalTestLoss.se === null ? formatNumber(g.finalTestLoss.value) : formatEstimate(g.finalTestLoss.value, g.finalTestLoss.se),
        g.meanTrainLoss.length ? formatNumber(g.meanTrainLoss[g.meanTrainLoss.length - 1]) : "—",
      ]),
    ),
    "",
  );
  const deepest = Math.max(...r.config.depths);
  const groups = r.groups.filter((g) => g.depth === deepest);
  const layers = Math.max(...groups.map((g) => g.initYMeanSquare.length));
  const shown = [...new Set([0, 1, 2, Math.floor(layers / 2), layers - 2, layers - 1].filter((l) => l >= 0 && l < layers))].sort((a, b) => a - b);
  out.push(`Per-layer E[y²] at initialisation, depth ${deepest} (mean ± SE over seeds; predicted: MATH.md §4 with the measured E[x₀²]):`, "");
  out.push(
    markdownTable(
      ["layer", ...groups.flatMap((g) => [`${g.model} measured`, `${g.model} predicted`])],
      shown.map((l) => [
        l + 1,
        ...groups.flatMap((g) => [
          l < g.initYMeanSquare.length ? (g.initYMeanSquareSe[l] === null ? formatNumber(g.initYMeanSquare[l]) : formatEstimate(g.initYMeanSquare[l], g.initYMeanSquareSe[l]!)) : "—",
          g.predictedYMeanSquare && l < g.predictedYMeanSquare.length ? formatNumber(g.predictedYMeanSquare[l]) : "—",
        ]),
      ]),
    ),
    "",
  );
  for (const g of groups) if (g.predictionNote) out.push(`- ${g.model}: ${g.predictionNote}`);
  out.push("");
  return out;
}
