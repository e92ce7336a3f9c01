/**
 * V_q(d, n) — Var[w̄] of Gaussian weights under SLL rescaling with a fixed q
 * (docs/MATH.md §5b) — for many q vectors of one shape, as the weight check
 * needs (one q per initialisation and layer, all entries distinct):
 *
 *     V_q = (E[R]/(d n)) Σ_i ∫_0^∞ E[e^{−sR'}] ∏_{j≠i} erfcx(s q_j/(q_i √2)) ds,
 *     R ~ χ_d, R' ~ χ_{d+1}.
 *
 * src/analytic's exactGaussianVarianceSll integrates each column adaptively
 * to 1e-12, about a second for n = 64 distinct q. Here every column shares
 * one grid in x = ln s — composite 8-point Gauss–Legendre on panels of unit
 * width over [ln c − 30, ln c + 16], c = 1/(√d + √(2/π)(n − 1)) the decay
 * scale at q ≡ 1 — so the Laplace transform of χ_{d+1} is computed once per
 * shape and each column costs (n − 1) log-erfcx per node. The integrand is
 * smooth and analytic in x and falls like s below e^{−30}c and at least like
 * s^{−(d+1)} above, so the rule is accurate to ~1e-9 relative (the tests hold
 * it against the adaptive integral to 1e-7).
 */
import { chiLogLaplace, chiMean, exactGaussianVariance } from "../../analytic/variance.js";
import { logErfcx } from "../../analytic/special.js";

const GL_X = [-0.9602898564975362, -0.7966664774136267, -0.525532409916329, -0.18343464249564978, 0.18343464249564978, 0.525532409916329, 0.7966664774136267, 0.9602898564975362];
const GL_W = [0.10122853629037706, 0.22238103445337443, 0.3137066458778869, 0.36268378337836166, 0.36268378337836166, 0.3137066458778869, 0.22238103445337443, 0.10122853629037706];
const BELOW = 30;
const ABOVE = 16;

interface Grid {
  /** Nodes s_k and the weights of ∫ f(s) ds = ∫ f(e^x) e^x dx. */
  s: Float64Array;
  logWeight: Float64Array;
  /** ln E[e^{−s_k R'}]. */
  logLaplace: Float64Array;
}

const grids = new Map<string, Grid>();

function grid(d: number, n: number): Grid {
  const key = `${d}:${n}`;
  let g = grids.get(key);
  if (g) return g;
  const center = -Math.log(Math.sqrt(d) + Math.sqrt(2 / Math.PI) * (n - 1));
  const panels = BELOW + ABOVE;
  const count = panels * GL_X.length;
  const s = new Float64Array(count);
  const logWeight = new Float64Array(count);
  const logLaplace = new Float64Array(count);
  const laplace = chiLogLaplace(d + 1);
  let k = 0;
  for (let p = 0; p < panels; p++) {
    const mid = center - BELOW + p + 0.5;
    for (let j = 0; j < GL_X.length; j++, k++) {
      const x = mid + 0.5 * GL_X[j];
      s[k] = Math.exp(x);
      logWeight[k] = Math.log(0.5 * GL_W[j]) + x;
      logLaplace[k] = laplace(s[k]);
    }
  }
  g = { s, logWeight, logLaplace };
  grids.set(key, g);
  return g;
}

/** V_q for Gaussian weights, unit length d and q (one positive weight per unit). */
export function gaussianSllVariance(d: number, q: ArrayLike<number>): number {
  const n = q.length;
  let equal = true;
  for (let i = 1; i < n; i++) if (q[i] !== q[0]) equal = false;
  if (equal) return exactGaussianVariance(d, n);
  const g = grid(d, n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let column = 0;
    for (let k = 0; k < g.s.length; k++) {
      let e = g.logLaplace[k] + g.logWeight[k];
      const a = (g.s[k] * Math.SQRT1_2) / q[i];
      for (let j = 0; j < n; j++) if (j !== i) e += logErfcx(a * q[j]);
      column += Math.exp(e);
    }
    total += column;
  }
  return (chiMean(d) / (d * n)) * total;
}
