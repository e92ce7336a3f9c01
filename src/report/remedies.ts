/**
 * The Remedies section's table (docs/MATH.md §8): one row per
 * initialisation × activation × architecture, with the predicted and
 * measured per-layer factors of E[y²], of the squared gradient and of the
 * spread between inputs, the depths at which E[y²] and the spread fall below
 * 1e-6 of the input, and a verdict. Only reads results (the experiments
 * computed every number); the verdict is a rule on those numbers, stated in
 * REMEDY_VERDICT_RULE.
 *
 * For the trainer's part (remedies-train): each row carries the run's
 * optional `accuracy` (final test accuracy per depth); `remedyRows` passes
 * it through as `accuracy`, and remediesSection prints one column per depth
 * when any row has it.
 */
import type { ValueSe } from "../experiments/types.js";
import { activationLabel } from "../experiments/decay.js";
import { identityNoiseFactor } from "../analytic/remedies.js";
import type { RemedyRun } from "./results.js";
import { identityNoise, type Initialisation } from "../wasm/decay.js";

/** A per-layer factor: measured ± SE over networks, and the prediction (null: measured only). */
export interface RemedyFactor {
  measured: ValueSe;
  predicted: number | null;
}

export type RemedyVerdict = "stops the decay" | "slows it" | "does not help";

export interface RemedyRow {
  architecture: RemedyRun["architecture"];
  init: Initialisation;
  activation: string;
  /** "orthogonal init, MaxMin" etc. */
  label: string;
  forward: RemedyFactor | null;
  /** Null for residual stacks (the gradient is not measured there). */
  gradient: RemedyFactor | null;
  spread: RemedyFactor | null;
  depthTo1e6: { depth: number | null; extrapolated: boolean };
  spreadDepthTo1e6: { depth: number | null; extrapolated: boolean };
  /** The worse of the measured per-layer factors of E[y²] and of the spread. */
  worst: number | null;
  verdict: RemedyVerdict;
  /** Why, in a few words. */
  because: string;
  /** Final test accuracy per depth (the trainer's part; absent until it runs). */
  accuracy?: { depth: number; accuracy: number; se: number }[];
}

/** An initialisation in words: "iid", "orthogonal", "identity (exact)", "identity + noise 0.001". */
export function initLabel(init: Initialisation): string {
  const eps = identityNoise(init);
  if (eps === null) return init;
  return eps === 0 ? "identity (exact)" : `identity + noise ${eps}`;
}

/** A remedy "stops" the decay when neither factor falls by more than this per layer. */
export const STOPS_WITHIN = 0.01;

export const REMEDY_VERDICT_RULE =
  `the verdict rests on the worse of two measured per-layer factors, E[y²] and the per-unit variance across inputs (the spread): ` +
  `"stops the decay" also when every layer from the second repeats the second exactly (then nothing falls further, whatever the averaged factors say); ` +
  `"stops the decay" when it is ≥ ${1 - STOPS_WITHIN} (a fall of at most ${100 * STOPS_WITHIN}% per layer), ` +
  `"slows it" when it is above the same architecture's iid + ReLU factor by more than 4 SE, "does not help" otherwise`;

function worstOf(forward: RemedyFactor | null, spread: RemedyFactor | null): { value: number; se: number } | null {
  const f = [forward, spread].filter((x): x is RemedyFactor => x !== null);
  if (!f.length) return null;
  return f.reduce((a, b) => (b.measured.value < a.measured.value ? b : a)).measured;
}

/** The table rows, in the stage's order, with verdicts against each architecture's iid + ReLU row. */
export function remedyRows(runs: readonly RemedyRun[]): RemedyRow[] {
  const rows = runs.map((run) => {
    const f = run.decay ? run.decay.factors : run.residual!.factors;
    // The identity plus noise: the first-order factor of MATH.md §8 (square stacks), not the recursion with a measured Var[w̄].
    const noise = identityNoise(run.init);
    const square = run.decay !== undefined && run.decay.config.widths.every((w) => w === run.decay!.config.widths[0]);
    const forward = noise !== null && f.forward ? { ...f.forward, predicted: square ? identityNoiseFactor(noise, run.decay!.config.widths[0]) : null } : f.forward;
    const gradient = run.decay ? run.decay.factors.gradient : null;
    const spread = f.spread;
    return { run, forward, gradient, spread, worst: worstOf(forward, spread), f };
  });
  return rows.map(({ run, forward, gradient, spread, worst, f }) => {
    const base = rows.find((r) => r.run.architecture === run.architecture && r.run.init === "iid" && r.run.activation === "relu");
    let verdict: RemedyVerdict;
    let because: string;
    // A stack whose layers from the second on repeat the second bit for bit (the exact identity) keeps both E[y²] and the spread
    // there: its averaged per-layer factors only spread the one step 1 → 2 over the depth, so neither ever falls further.
    const layers = run.decay?.layers;
    const frozen = layers !== undefined && layers.length >= 3 && layers.slice(2).every((l) => l.variance === layers[1].variance && l.unitVariance === layers[1].unitVariance);
    const spreadText = spread ? `spread ×${spread.measured.value.toFixed(3)}/layer` : "";
    const normText = forward ? `E[y²] ×${forward.measured.value.toFixed(3)}/layer` : "";
    if (frozen) {
      verdict = "stops the decay";
      because = `every layer from the second repeats the second exactly: E[y²] and the spread are kept after one step at layer 2 (spread ×${(layers[1].unitVariance / layers[0].unitVariance).toFixed(3)} there)`;
    } else if (worst !== null && worst.value >= 1 - STOPS_WITHIN) {
      verdict = "stops the decay";
      because = `${normText}, ${spreadText}`;
    } else if (worst !== null && base && base !== undefined && base.worst !== null && run !== base.run && worst.value - base.worst.value > 4 * Math.hypot(worst.se, base.worst.se)) {
      verdict = "slows it";
      const kept = forward !== null && forward.measured.value >= 1 - STOPS_WITHIN;
      because = `${kept ? `E[y²] kept (×${forward!.measured.value.toFixed(3)}/layer) but the ${spreadText.replace("spread ×", "spread falls ×")}` : [normText, spreadText].filter(Boolean).join(", ")}; iid + ReLU: ×${base.worst.value.toFixed(3)}`;
    } else {
      verdict = "does not help";
      because = run === base?.run ? `the baseline: ${normText}, ${spreadText}` : `no better than iid + ReLU (×${base?.worst?.value.toFixed(3) ?? "?"})`;
    }
    return {
      architecture: run.architecture,
      init: run.init,
      activation: run.activation,
      label: `${initLabel(run.init)} init, ${activationLabel(run.activation)}`,
      forward,
      gradient,
      spread,
      depthTo1e6: frozen ? { depth: null, extrapolated: false } : f.depthTo1e6,
      spreadDepthTo1e6: frozen ? { depth: null, extrapolated: false } : f.spreadDepthTo1e6,
      worst: worst?.value ?? null,
      verdict,
      because,
      ...(run.accuracy ? { accuracy: run.accuracy } : {}),
    };
  });
}
