/**
 * V_q(d, n) — Var[w̄] of Gaussian weights under SLL rescaling with a fixed q
 * (docs/MATH.md §5b) — for many q vectors of one shape, as the weight check
 * needs (one q per initialisation and layer, all entries distinct):
 *
 *     V_q = (E[R]/(d n)) Σ_i ∫_0^∞ E[e^{−sR'}] ∏_{j≠i} erfcx(s q_j/(q_i √2)) ds,
 *     R ~ χ_d, R' ~ χ_{d+1}.
 *
 * src/analytic's exactGaussianVarianceSll integrates each column adaptively
 * to 1e-12, about a second for n = 64 distinct q. Here the columns share one
 * grid: 8-point Gauss–Legendre panels of unit width in x = ln s, from
 * s_b = e^{−3} times the smallest column decay scale upwards, and two panels
 * linear in s on [0, s_b], where the integrand is analytic and varies on
 * scales ≥ e³ s_b. The Laplace transform of χ_{d+1} is computed once per
 * node (cached per shape for the log panels), and each column costs (n − 1)
 * log-erfcx per node (a cubic Hermite table), summed from the panel of its own decay scale upwards
 * until the terms are e^{−40} below the largest (the tail falls at least like
 * s^{−(d+1)}). The tests hold it against the adaptive integral to 1e-10.
 */
import { chiLogLaplace, chiMean, exactGaussianVariance } from "../../analytic/variance.js";
import { logErfcx } from "../../analytic/special.js";

const GL_X = [-0.9602898564975362, -0.7966664774136267, -0.525532409916329, -0.18343464249564978, 0.18343464249564978, 0.525532409916329, 0.7966664774136267, 0.9602898564975362];
const GL_W = [0.10122853629037706, 0.22238103445337443, 0.3137066458778869, 0.36268378337836166, 0.36268378337836166, 0.3137066458778869, 0.22238103445337443, 0.10122853629037706];
/** Log panels above the q ≡ 1 decay scale. */
const ABOVE = 16;
/** Terms below e^{−TAIL} times the largest end a column's sum. */
const TAIL = 40;
/** The linear head ends e^{−HEAD} below the smallest column scale. */
const HEAD = 3;

interface Shape {
  /** ln E[e^{−sR'}] of χ_{d+1}. */
  laplace: (s: number) => number;
  /** x = ln s of the log panels' lower ends, cached per panel index (panel p spans [x0 + p, x0 + p + 1]). */
  x0: number;
  panels: Map<number, Nodes>;
  /** The linear heads [0, s_b], by the index of the first log panel. */
  heads: Map<number, Nodes>;
}

interface Nodes {
  s: Float64Array;
  logWeight: Float64Array;
  logLaplace: Float64Array;
}

const shapes = new Map<string, Shape>();

function shapeOf(d: number, n: number): Shape {
  const key = `${d}:${n}`;
  let sh = shapes.get(key);
  if (!sh) {
    sh = { laplace: chiLogLaplace(d + 1), x0: -Math.log(Math.sqrt(d) + Math.sqrt(2 / Math.PI) * (n - 1)), panels: new Map(), heads: new Map() };
    shapes.set(key, sh);
  }
  return sh;
}

/** Nodes and log-weights of ∫ f(e^x) e^x dx over log panel p. */
function panel(sh: Shape, p: number): Nodes {
  let out = sh.panels.get(p);
  if (!out) {
    const s = new Float64Array(GL_X.length);
    const logWeight = new Float64Array(GL_X.length);
    const logLaplace = new Float64Array(GL_X.length);
    GL_X.forEach((u, j) => {
      const x = sh.x0 + p + 0.5 + 0.5 * u;
      s[j] = Math.exp(x);
      logWeight[j] = Math.log(0.5 * GL_W[j]) + x;
      logLaplace[j] = sh.laplace(s[j]);
    });
    out = { s, logWeight, logLaplace };
    sh.panels.set(p, out);
  }
  return out;
}

// ln erfcx on [0, TABLE_END] as cubic Hermite pieces of width 1/TABLE_STEPS with exact
// slopes (ln erfcx)' = 2x − 2/(√π erfcx(x)); beyond, the asymptotic series of erfcx.
// Interpolation error ≤ h⁴/384·max|f⁗| ≈ 1e-12 (the integrals above need far less);
// one evaluation is a few multiplications instead of src/analytic's ~0.7 µs.
const TABLE_STEPS = 256;
const TABLE_END = 64;
let table: { value: Float64Array; slope: Float64Array } | undefined;

function fastLogErfcx(x: number): number {
  if (x >= TABLE_END) {
    const r = 1 / (2 * x * x);
    // erfcx(x) = (1/(x√π))·(1 − r + 3r² − 15r³ + 105r⁴ − …), r = 1/(2x²) ≤ 1.2e-4 here.
    return -Math.log(x * Math.sqrt(Math.PI)) + Math.log1p(-r + 3 * r * r - 15 * r * r * r + 105 * r * r * r * r);
  }
  if (!table) {
    const count = TABLE_END * TABLE_STEPS + 1;
    const value = new Float64Array(count);
    const slope = new Float64Array(count);
    for (let k = 0; k < count; k++) {
      const t = k / TABLE_STEPS;
      value[k] = logErfcx(t);
      slope[k] = 2 * t - 2 / (Math.sqrt(Math.PI) * Math.exp(value[k]));
    }
    table = { value, slope };
  }
  const u = x * TABLE_STEPS;
  const k = Math.floor(u);
  const t = u - k;
  const h = 1 / TABLE_STEPS;
  const y0 = table.value[k];
  const y1 = table.value[k + 1];
  const m0 = table.slope[k] * h;
  const m1 = table.slope[k + 1] * h;
  const t2 = t * t;
  const t3 = t2 * t;
  return (2 * t3 - 3 * t2 + 1) * y0 + (t3 - 2 * t2 + t) * m0 + (-2 * t3 + 3 * t2) * y1 + (t3 - t2) * m1;
}

/** V_q for Gaussian weights, unit length d and q (one positive weight per unit). */
export function gaussianSllVariance(d: number, q: ArrayLike<number>): number {
  const n = q.length;
  let equal = true;
  for (let i = 1; i < n; i++) if (q[i] !== q[0]) equal = false;
  if (equal) return exactGaussianVariance(d, n);
  const sh = shapeOf(d, n);
  let qSum = 0;
  for (let j = 0; j < n; j++) qSum += q[j];
  const scales = Array.from({ length: n }, (_, i) => 1 / (Math.sqrt(d) + (Math.sqrt(2 / Math.PI) * (qSum - q[i])) / q[i]));
  // The first log panel starts at or below e^{−HEAD} times the smallest column scale.
  const pFirst = Math.floor(Math.log(Math.min(...scales)) - HEAD - sh.x0);
  const sb = Math.exp(sh.x0 + pFirst);
  // Linear head [0, s_b]: two panels of 8 nodes (cached per s_b, which takes the panels' discrete ends).
  let head = sh.heads.get(pFirst);
  if (!head) {
    head = { s: new Float64Array(16), logWeight: new Float64Array(16), logLaplace: new Float64Array(16) };
    for (let h = 0; h < 2; h++) {
      for (let j = 0; j < GL_X.length; j++) {
        const s = (sb / 4) * (2 * h + 1 + GL_X[j]);
        head.s[h * 8 + j] = s;
        head.logWeight[h * 8 + j] = Math.log((sb / 4) * GL_W[j]);
        head.logLaplace[h * 8 + j] = sh.laplace(s);
      }
    }
    sh.heads.set(pFirst, head);
  }
  const headNodes = head;
  const term = (nodes: Nodes, k: number, i: number): number => {
    let e = nodes.logLaplace[k] + nodes.logWeight[k];
    const a = (nodes.s[k] * Math.SQRT1_2) / q[i];
    for (let j = 0; j < n; j++) if (j !== i) e += fastLogErfcx(a * q[j]);
    return e;
  };
  const pLast = ABOVE + 40; // far beyond any column's tail; the loop ends by TAIL first
  let total = 0;
  for (let i = 0; i < n; i++) {
    let column = 0;
    let top = -Infinity;
    for (let k = 0; k < 16; k++) {
      const e = term(headNodes, k, i);
      top = Math.max(top, e);
      column += Math.exp(e);
    }
    const pOwn = Math.floor(Math.log(scales[i]) - sh.x0);
    let done = false;
    for (let p = pFirst; p < pLast && !done; p++) {
      const nodes = panel(sh, p);
      for (let k = 0; k < GL_X.length; k++) {
        const e = term(nodes, k, i);
        top = Math.max(top, e);
        column += Math.exp(e);
        if (p > pOwn && e < top - TAIL) {
          done = true;
          break;
        }
      }
    }
    total += column;
  }
  return (chiMean(d) / (d * n)) * total;
}
