/**
 * The paper's claims (docs/MATH.md) with verdicts decided by code from the
 * results. Tolerances: K_SE standard errors for "holds"; "holds
 * approximately" when the worst relative gap is within APPROX_REL; otherwise
 * "fails" with where.
 */
import type { ReportResults } from "./results.js";
import type { WeightVarianceResult } from "../experiments/types.js";

export const K_SE = 4;
export const APPROX_REL = 0.1;

export type VerdictKind = "holds" | "holds approximately" | "fails" | "not measured";

export interface Claim {
  claim: string;
  verdict: VerdictKind;
  /** The verdict sentence with its numbers. */
  text: string;
}

const pct = (x: number) => `${(100 * x).toFixed(Math.abs(x) >= 0.1 ? 0 : 1)}%`;
const se = (x: number) => `${Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(2)} SE`;

/**
 * Each point is "within SE" (|z| ≤ K_SE), "approximate" (|rel| ≤ APPROX_REL)
 * or "off". All within SE: holds; none off: holds approximately (worst gap
 * among the approximate points); else fails at the worst off point.
 */
function compare(claim: string, points: { z: number; rel: number; where: string }[]): Claim {
  if (points.length === 0) return { claim, verdict: "not measured", text: "no data" };
  const byZ = (a: { z: number }, b: { z: number }) => Math.abs(b.z) - Math.abs(a.z);
  const outside = points.filter((p) => !(Math.abs(p.z) <= K_SE)).sort(byZ);
  if (outside.length === 0) {
    const worst = [...points].sort(byZ)[0];
    return { claim, verdict: "holds", text: `holds: all ${points.length} points within ${K_SE} SE (worst ${se(Math.abs(worst.z))} at ${worst.where})` };
  }
  const off = outside.filter((p) => !(Math.abs(p.rel) <= APPROX_REL));
  if (off.length === 0) {
    const worstRel = outside.reduce((a, b) => (Math.abs(b.rel) > Math.abs(a.rel) ? b : a));
    return {
      claim,
      verdict: "holds approximately",
      text: `holds approximately (by ${pct(Math.abs(worstRel.rel))}, ${se(Math.abs(worstRel.z))} at ${worstRel.where}): ${outside.length} of ${points.length} points beyond ${K_SE} SE, all within ${pct(APPROX_REL)}`,
    };
  }
  const w = off[0];
  return { claim, verdict: "fails", text: `fails at ${w.where}: off by ${pct(Math.abs(w.rel))} (${se(Math.abs(w.z))}); ${off.length} of ${points.length} points beyond both ${K_SE} SE and ${pct(APPROX_REL)}` };
}

function allVarianceRuns(r: ReportResults): WeightVarianceResult[] {
  const s = r.stages;
  return [...s["variance-gaussian"], ...s["variance-distributions"].flatMap((x) => x.results), ...s["paper-grid"], ...s["mean-field"]];
}

const shape = (x: WeightVarianceResult) => `${x.config.dist}${x.config.dist === "gnd" ? ` β=${x.config.beta}` : ""} (${x.config.d}, ${x.config.n})`;

export function evaluateClaims(r: ReportResults): Claim[] {
  const claims: Claim[] = [];
  claims.push({
    claim: "Scale invariance: Var[w̄] depends on β and (d, n) only, not on α or σ",
    verdict: "not measured",
    text: "not measured: the experiments draw unit-scale weights; the rescaling divides by a homogeneous degree-1 function of W, so α cancels exactly",
  });

  const exactRuns = allVarianceRuns(r).filter((x) => x.exact !== null);
  claims.push(compare("Exact Gaussian V(d, n) agrees with Monte Carlo", exactRuns.map((x) => ({ z: (x.estimate - x.exact!) / x.se, rel: x.estimate / x.exact! - 1, where: shape(x) }))));

  const mf = r.stages["mean-field"];
  const at = (d: number, n: number) => mf.find((x) => x.config.d === d && x.config.n === n);
  const a = at(8, 8);
  const b = at(16, 4);
  const mfClaim = "Mean-field is neither an upper nor a lower bound (above V at (8,8), below at (16,4))";
  if (!a || !b) claims.push({ claim: mfClaim, verdict: "not measured", text: "shapes (8,8) and (16,4) not in the config" });
  else {
    const za = (a.meanField - a.estimate) / a.se;
    const zb = (b.estimate - b.meanField) / b.se;
    const ok = za > K_SE && zb > K_SE;
    claims.push({
      claim: mfClaim,
      verdict: ok ? "holds" : "fails",
      text: `${ok ? "holds" : "fails"}: at (8,8) mean-field − MC = ${se(za)} (${pct(a.meanField / a.estimate - 1)}); at (16,4) MC − mean-field = ${se(zb)} (${pct(b.estimate / b.meanField - 1)}); each must exceed ${K_SE} SE`,
    });
  }

  const runs = allVarianceRuns(r);
  const over = runs.map((x) => ({ x, z: (x.estimate - x.upper) / x.se })).filter((p) => p.z > K_SE);
  const maxFrac = Math.max(...runs.map((x) => x.estimate / x.upper));
  claims.push({
    claim: "Var[w̄] ≤ 1/d for every distribution",
    verdict: over.length === 0 ? "holds" : "fails",
    text: over.length === 0
      ? `holds: all ${runs.length} estimates at or below 1/d + ${K_SE} SE (largest d·Var[w̄] = ${maxFrac.toPrecision(4)})`
      : `fails at ${over.map((p) => `${shape(p.x)} (+${se(p.z)})`).join(", ")}`,
  });

  const grid = r.stages["paper-grid"].filter((x) => x.paper !== null);
  claims.push(compare("The paper's GND closed forms (Laplace, normal, uniform) match Monte Carlo", grid.map((x) => ({ z: (x.paper! - x.estimate) / x.se, rel: x.paper! / x.estimate - 1, where: shape(x) }))));

  // Decay without bias: measured layer-to-layer ratio Var[y_ℓ]/Var[y_ℓ−1] for ℓ ≥ 2 (square layers) must be ≤ ½.
  const nb = r.stages.decay.noBias.layers;
  const ratios = nb.slice(1).map((l, i) => {
    const prev = nb[i];
    const q = l.variance / prev.variance;
    // SE by the delta method, treating the two layers' SEs as independent (conservative when they are positively correlated).
    return { layer: l.layer, q, se: q * Math.hypot(l.varianceSe / l.variance, prev.varianceSe / prev.variance) };
  });
  const worst = ratios.reduce((p, c) => (c.q > p.q ? c : p), ratios[0]);
  const halfOk = ratios.every((x) => x.q <= 0.5 + K_SE * x.se);
  claims.push({
    claim: "Decay without bias is at most ½ per layer (square layers)",
    verdict: halfOk ? "holds" : "fails",
    text: `${halfOk ? "holds" : "fails"}: largest measured ratio ${worst.q.toPrecision(4)} ± ${worst.se.toPrecision(2)} (layer ${worst.layer}, width ${r.stages.decay.noBias.config.widths[0]})`,
  });

  const large = r.stages["decay-large"].map((d) => {
    const [l1, l2] = d.layers;
    const n = d.config.widths[0];
    const q = l2.variance / l1.variance;
    const qse = q * Math.hypot(l2.varianceSe / l2.variance, l1.varianceSe / l1.variance);
    const target = 0.63 / Math.sqrt(n);
    return { z: (q - target) / qse, rel: q / target - 1, where: `n = ${n} (measured r√n = ${(q * Math.sqrt(n)).toPrecision(3)})` };
  });
  const largeClaim = compare("Decay ratio r ≈ 0.63/√n for large square layers", large);
  // 0.63 is itself a two-digit approximation, so "approximately" is the best this claim can do beyond 4 SE.
  claims.push(largeClaim);

  const bias = r.stages.decay.bias.layers;
  const last = bias.at(-1)!;
  claims.push(
    last.fixedPoint === null
      ? { claim: "With bias, Var[y] tends to σ_b²/(1−r)", verdict: "not measured", text: "no fixed point (r ≥ 1 or no bias)" }
      : compare("With bias, Var[y] tends to σ_b²/(1−r)", [{ z: (last.variance - last.fixedPoint) / last.varianceSe, rel: last.variance / last.fixedPoint - 1, where: `layer ${last.layer}` }]),
  );

  const forward = [...r.stages.decay.noBias.layers, ...bias];
  claims.push(compare("Forward variance per layer matches the predicted recursion", forward.map((l, i) => ({ z: (l.ratio - 1) / l.ratioSe, rel: l.ratio - 1, where: `layer ${l.layer} ${i < nb.length ? "without" : "with"} bias` }))));
  claims.push(compare("Backward gradients shrink by (d_{ℓ+1}/2)·Var[w̄] per layer", forward.map((l, i) => ({ z: (l.gradRatio - 1) / l.gradRatioSe, rel: l.gradRatio - 1, where: `layer ${l.layer} ${i < nb.length ? "without" : "with"} bias` }))));
  return claims;
}
