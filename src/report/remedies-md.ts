/**
 * The report's Remedies section (docs/MATH.md §8): which initialisation ×
 * activation × architecture stops the decay, by the numbers (remedies.ts).
 */
import { formatNumber, markdownTable } from "./markdown.js";
import { REMEDY_VERDICT_RULE, remedyRows, type RemedyFactor } from "./remedies.js";
import type { RemedyRun } from "./results.js";
import { identityNoise } from "../wasm/decay.js";

function factor(f: RemedyFactor | null): [string, string] {
  if (f === null) return ["—", "—"];
  const m = f.measured;
  return [f.predicted === null ? "measured only" : formatNumber(f.predicted), `${m.value.toFixed(4)} ± ${m.se < 1e-12 ? "0" : m.se.toPrecision(2)}`];
}

function depth(d: { depth: number | null; extrapolated: boolean }): string {
  return d.depth === null ? "never" : `${d.depth}${d.extrapolated ? " (extrapolated)" : ""}`;
}

/** The exact identity's spread: one drop at the first MaxMin, then the same value at every layer (its per-layer factor averages that one drop over the depth). */
function exactSpread(runs: readonly RemedyRun[]): string {
  const layers = runs.find((r) => r.init === "identity:0")?.decay?.layers;
  if (!layers || layers.length < 3) return "the spread kept";
  const [, second] = layers;
  const last = layers.at(-1)!;
  const kept = last.unitVariance === second.unitVariance;
  return `the per-unit spread across inputs ${formatNumber(layers[0].unitVariance)} at layer 1, ${formatNumber(second.unitVariance)} at layer 2 and ${kept ? "the same" : formatNumber(last.unitVariance)} at layer ${last.layer} (its per-layer factor in the table spreads that one drop over the depth)`;
}

export function remediesSection(runs: readonly RemedyRun[]): string[] {
  const out: string[] = [];
  if (!runs.length) return out;
  const first = runs.find((r) => r.decay)?.decay ?? runs[0].residual!;
  const c = first.config;
  const width = "widths" in c ? c.widths[0] : c.width;
  out.push("## Remedies: which initialisations and activations stop the decay (docs/MATH.md §8)", "");
  out.push(
    `Stacks of depth ${c.depth} and width ${width}, no bias, ${c.replicates} networks × ${c.batch} inputs each (iid N(0, 1) inputs). ` +
      "Per-layer factors are over layers ℓ ≥ 2 (feed-forward) or per block (residual), measured per network, mean ± SE over networks. " +
      "E[y²] factor: predicted exactly by the recursion of §8 (nv·κ); gradient factor: d v κ (exact for orthogonal W with a norm-preserving activation, an independence approximation otherwise); " +
      "spread: the per-unit variance of y across inputs, predicted by the mean-field cosine maps (none for GroupSort above 2: measured only). " +
      `Depths below 1e-6 of the input come from the run, or are extrapolated with the measured factor. Verdict: ${REMEDY_VERDICT_RULE}.`,
    "",
  );
  const rows = remedyRows(runs);
  const depths = [...new Set(rows.flatMap((r) => (r.accuracy ?? []).map((a) => a.depth)))].sort((a, b) => a - b);
  const headers = [
    "architecture", "remedy",
    "E[y²] factor predicted", "measured",
    "grad² factor predicted", "measured",
    "spread factor predicted", "measured",
    "depth E[y²] < 1e-6", "depth spread < 1e-6",
    ...depths.map((d) => `test accuracy, depth ${d}`),
    "verdict",
  ];
  out.push(
    markdownTable(
      headers,
      rows.map((r) => [
        r.architecture,
        r.architecture === "SLL residual" ? `${r.init} P (ReLU block)` : r.label,
        ...factor(r.forward),
        ...factor(r.gradient),
        ...factor(r.spread),
        depth(r.depthTo1e6),
        depth(r.spreadDepthTo1e6),
        ...depths.map((d) => {
          const a = r.accuracy?.find((x) => x.depth === d);
          return a ? `${(100 * a.accuracy).toFixed(2)}% ± ${(100 * a.se).toFixed(2)}%` : "—";
        }),
        `**${r.verdict}**: ${r.because}`,
      ]),
    ),
    "",
  );
  const sll = runs.find((r) => r.architecture === "SLL feed-forward")?.decay;
  if (sll) out.push(`- SLL feed-forward: the author's layer (row Gram) with q = exp(θ), θ ~ N(0, ${sll.config.qStd}²); Var[w̄] for iid weights from ${sll.config.varianceSamples} Monte Carlo matrices.`);
  out.push(
    "- SLL residual: the block keeps its ReLU (its certificate needs an elementwise activation with slope in [0, 1]); with orthogonal P and inner ≤ width it keeps E[x²] exactly (§8); with iid P there is no closed form (measured only).",
  );
  const identity = rows.filter((r) => identityNoise(r.init) !== null && r.forward !== null);
  const exact = identity.find((r) => r.init === "identity:0");
  out.push(
    exact
      ? "- Apart from the exact identity, no activation here keeps inputs apart with depth: every cosine map drives the mean cosine between two inputs' representations towards 1, so the spread decays even where E[y²] is kept exactly."
      : "- No activation here keeps inputs apart with depth: every cosine map drives the mean cosine between two inputs' representations towards 1, so the spread decays even where E[y²] is kept exactly.",
  );
  if (identity.length) {
    const noisy = identity.filter((r) => r !== exact);
    out.push(
      "- The identity plus noise (AOL, MaxMin; `lipvar decay --init identity:E`): " +
        (exact ? `the exact identity is a fixed point of the rescaling (W̄ = I) and MaxMin∘MaxMin = MaxMin, so every layer from the second repeats the second — E[y²] ×${exact.forward!.measured.value.toFixed(4)} per layer, ${exactSpread(runs)}. ` : "") +
        (noisy.length
          ? `Noise of std ε costs about 1/(1 + (2/√π)·ε·(n − 1)) per layer under AOL (first order, §8): ${noisy
              .map((r) => {
                const eps = identityNoise(r.init);
                return `ε = ${eps}: ×${r.forward!.predicted?.toFixed(3) ?? "—"} predicted, ×${r.forward!.measured.value.toFixed(3)} ± ${r.forward!.measured.se.toPrecision(2)} measured`;
              })
              .join("; ")}. The rescaling charges every off-diagonal entry of the Gram to its column, so the identity's basin is ε ≪ 1/n.`
          : ""),
    );
  }
  out.push("");
  return out;
}
