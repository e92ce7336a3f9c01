/**
 * Adaptive Gauss–Kronrod quadrature (7-point Gauss embedded in the 15-point
 * Kronrod rule), globally adaptive: the interval with the largest error
 * estimate is bisected until the summed estimate meets the tolerance.
 * Semi-infinite and infinite ranges are mapped onto finite ones by
 * x = a + L·u/(1−u). The Kronrod nodes are interior, so integrable endpoint
 * singularities (x^{-1/2}, log x) are never evaluated and are resolved by
 * bisection towards the endpoint.
 */

export interface QuadratureOptions {
  /** Relative tolerance on the value (default 1e-12). */
  relTol?: number;
  /** Absolute tolerance (default 0). Stop when error ≤ max(absTol, relTol·|value|). */
  absTol?: number;
  /** Maximum number of bisections before giving up (default 2000); the result then has converged = false. */
  maxSubdivisions?: number;
  /** Split the range into this many equal pieces before adapting (finite ranges; default 1). Useful for oscillatory integrands. */
  initialIntervals?: number;
  /** Length scale L of the map x = a + L·u/(1−u) for infinite ranges (default 1): put it near where the integrand lives. */
  scale?: number;
}

export interface QuadratureResult {
  value: number;
  /** Estimated absolute error (QUADPACK's estimate from the Kronrod–Gauss difference). */
  error: number;
  /** Number of integrand evaluations. */
  evaluations: number;
  /**
   * Whether the discretisation error met the tolerance within maxSubdivisions.
   * `error` also contains the rounding floor 50·EPS·∫|f| (QUADPACK's), which no
   * bisection can lower; a tolerance below that floor still converges, with
   * error > tolerance, once only rounding is left.
   */
  converged: boolean;
}

// Kronrod 15-point abscissae on [-1, 1] (positive half; index 7 is the centre).
// Odd indices 1, 3, 5, 7 are also the 7-point Gauss nodes.
const XGK = [
  0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
  0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
  0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
  0.207784955007898467600689403773245, 0.0,
];
const WGK = [
  0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
  0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
  0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
  0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
];
// Gauss 7-point weights for nodes XGK[1], XGK[3], XGK[5], XGK[7].
const WG = [
  0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
  0.381830050505118944950369775488975, 0.417959183673469387755102040816327,
];

const EPS = Number.EPSILON;
const TINY = Number.MIN_VALUE / EPS;

interface Piece {
  a: number;
  b: number;
  value: number;
  error: number;
  /** Discretisation part of the error (before the rounding floor is applied). */
  truncation: number;
  /** The error estimate is only the rounding floor 50·EPS·∫|f|: bisecting cannot lower it. */
  atRoundoff: boolean;
}

/** One 15-point Kronrod evaluation on [a, b] with QUADPACK's error estimate. */
function kronrod15(f: (x: number) => number, a: number, b: number): Piece {
  const c = 0.5 * (a + b);
  const h = 0.5 * (b - a);
  const fc = f(c);
  let resK = fc * WGK[7];
  let resG = fc * WG[3];
  let resAbs = Math.abs(resK);
  const f1 = new Array<number>(7);
  const f2 = new Array<number>(7);
  for (let j = 0; j < 7; j++) {
    const dx = h * XGK[j];
    const y1 = f(c - dx);
    const y2 = f(c + dx);
    f1[j] = y1;
    f2[j] = y2;
    resK += WGK[j] * (y1 + y2);
    resAbs += WGK[j] * (Math.abs(y1) + Math.abs(y2));
    if (j % 2 === 1) resG += WG[(j - 1) / 2] * (y1 + y2);
  }
  const mean = resK * 0.5;
  let resAsc = WGK[7] * Math.abs(fc - mean);
  for (let j = 0; j < 7; j++) resAsc += WGK[j] * (Math.abs(f1[j] - mean) + Math.abs(f2[j] - mean));
  const ah = Math.abs(h);
  const value = resK * h;
  resAbs *= ah;
  resAsc *= ah;
  let error = Math.abs((resK - resG) * h);
  // QUADPACK's scaling: |K − G| grossly overestimates the Kronrod error for smooth integrands.
  if (resAsc !== 0 && error !== 0) error = resAsc * Math.min(1, Math.pow((200 * error) / resAsc, 1.5));
  const truncation = error;
  let atRoundoff = false;
  if (resAbs > TINY / (50 * EPS) && EPS * 50 * resAbs >= error) {
    error = EPS * 50 * resAbs;
    atRoundoff = true;
  }
  return { a, b, value, error, truncation, atRoundoff };
}

/** Max-heap on error, so the worst interval is bisected first. */
class PieceHeap {
  private readonly items: Piece[] = [];
  get size(): number {
    return this.items.length;
  }
  push(p: Piece): void {
    const it = this.items;
    it.push(p);
    let i = it.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (it[parent].error >= it[i].error) break;
      [it[parent], it[i]] = [it[i], it[parent]];
      i = parent;
    }
  }
  pop(): Piece {
    const it = this.items;
    const top = it[0];
    const last = it.pop()!;
    if (it.length > 0) {
      it[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < it.length && it[l].error > it[m].error) m = l;
        if (r < it.length && it[r].error > it[m].error) m = r;
        if (m === i) break;
        [it[m], it[i]] = [it[i], it[m]];
        i = m;
      }
    }
    return top;
  }
  all(): Piece[] {
    return this.items;
  }
}

function integrateFinite(f: (x: number) => number, a: number, b: number, opts: QuadratureOptions): QuadratureResult {
  const relTol = opts.relTol ?? 1e-12;
  const absTol = opts.absTol ?? 0;
  const maxSub = opts.maxSubdivisions ?? 2000;
  const n0 = Math.max(1, Math.floor(opts.initialIntervals ?? 1));
  let evaluations = 0;
  const g = (x: number) => {
    evaluations++;
    return f(x);
  };
  const heap = new PieceHeap();
  // Intervals too narrow to bisect in floating point are set aside with their error.
  let frozenValue = 0;
  let frozenError = 0;
  let frozenTruncation = 0;
  let value = 0;
  let error = 0;
  // The stopping test uses the discretisation error only: the rounding floor
  // (50·EPS·∫|f| summed over pieces) cannot be reduced by bisecting, and a
  // tolerance below it would otherwise bisect until maxSubdivisions.
  let truncation = 0;
  for (let i = 0; i < n0; i++) {
    const lo = i === 0 ? a : a + ((b - a) * i) / n0;
    const hi = i === n0 - 1 ? b : a + ((b - a) * (i + 1)) / n0;
    const p = kronrod15(g, lo, hi);
    heap.push(p);
    value += p.value;
    error += p.error;
    truncation += p.truncation;
  }
  let subdivisions = 0;
  let converged = false;
  for (;;) {
    if (truncation <= Math.max(absTol, relTol * Math.abs(value))) {
      converged = true;
      break;
    }
    if (heap.size === 0 || subdivisions >= maxSub) break;
    const worst = heap.pop();
    if (worst.atRoundoff) {
      frozenValue += worst.value;
      frozenError += worst.error;
      frozenTruncation += worst.truncation;
      continue;
    }
    const mid = 0.5 * (worst.a + worst.b);
    if (!(mid > Math.min(worst.a, worst.b) && mid < Math.max(worst.a, worst.b)) || Math.abs(worst.b - worst.a) < 1e3 * EPS * Math.max(Math.abs(mid), TINY)) {
      frozenValue += worst.value;
      frozenError += worst.error;
      frozenTruncation += worst.truncation;
      continue;
    }
    const left = kronrod15(g, worst.a, mid);
    const right = kronrod15(g, mid, worst.b);
    heap.push(left);
    heap.push(right);
    subdivisions++;
    // Re-sum rather than update incrementally, so rounding does not drift over thousands of steps.
    value = frozenValue;
    error = frozenError;
    truncation = frozenTruncation;
    for (const p of heap.all()) {
      value += p.value;
      error += p.error;
      truncation += p.truncation;
    }
  }
  return { value, error, evaluations, converged };
}

/**
 * ∫_a^b f(x) dx for a ≤ b or a > b (sign follows), either bound possibly
 * infinite. Returns the value, an error estimate, the number of
 * evaluations and whether the tolerance was met. Throws RangeError for NaN
 * bounds. Integrable singularities at finite endpoints are fine; interior
 * singularities should be made endpoints by splitting the range.
 */
export function integrate(f: (x: number) => number, a: number, b: number, opts: QuadratureOptions = {}): QuadratureResult {
  if (typeof f !== "function") throw new TypeError(`f must be a function, got ${f === null ? "null" : typeof f}`);
  if (opts === null || typeof opts !== "object") throw new TypeError(`opts must be an object, got ${opts === null ? "null" : typeof opts}`);
  if (Number.isNaN(a) || Number.isNaN(b)) throw new RangeError(`integration bounds must be numbers, got [${a}, ${b}]`);
  if (a === b) return { value: 0, error: 0, evaluations: 0, converged: true };
  if (a > b) {
    const r = integrate(f, b, a, opts);
    return { ...r, value: -r.value };
  }
  const scale = opts.scale ?? 1;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`scale must be a finite number > 0, got ${scale}`);
  if (a === -Infinity && b === Infinity) {
    const left = integrate(f, -Infinity, 0, opts);
    const right = integrate(f, 0, Infinity, opts);
    return {
      value: left.value + right.value,
      error: left.error + right.error,
      evaluations: left.evaluations + right.evaluations,
      converged: left.converged && right.converged,
    };
  }
  if (b === Infinity) {
    // x = a + L u/(1−u), dx = L/(1−u)² du; u = 1 is never evaluated.
    const g = (u: number) => {
      const w = 1 - u;
      const x = a + (scale * u) / w;
      if (x === Infinity) return 0;
      const y = f(x);
      return y === 0 ? 0 : (y * scale) / (w * w);
    };
    return integrateFinite(g, 0, 1, { ...opts, initialIntervals: 1 });
  }
  if (a === -Infinity) {
    return integrate((x) => f(-x), -b, Infinity, opts);
  }
  return integrateFinite(f, a, b, opts);
}
