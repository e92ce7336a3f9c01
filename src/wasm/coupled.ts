/**
 * Typed wrappers for the Gaussian-coupled Monte Carlo (assembly/coupled.ts).
 */
import type { Kernels } from "./kernels.js";
import { MAX_DOUBLES, checkCount, checkDimension, checkFinite, checkFitsFor, checkLength, withBlocks } from "./check.js";

/** Doubles per coupled record (assembly/coupled.ts): [Yw, Aw, Bw, A2w, Cw, Yz, Az, Bz, A2z, Cz, E]. */
export const COUPLED_RECORD = 40;
/** Record index of the first of the 29 cross-projection controls X(a, t) (assembly/coupled.ts). */
export const COUPLED_CROSS_FIRST = 11;

export interface CoupledChunkOptions {
  /** Rows (d ≥ 1) and columns (n ≥ 1) of W. */
  d: number;
  n: number;
  /** SLL: n positive finite weights, fixed for every matrix; null or absent for AOL. */
  q?: ArrayLike<number> | null;
  /**
   * The coupling table of T_β = F_β⁻¹∘Φ (`couplingTable(beta)` from the
   * analytic side), or null for the identity (β = 2: W = Z).
   */
  table: Float64Array | null;
  /** κ = 1/(d·E W²), the scale of ‖w_i‖² in the cross-projection controls (finite > 0). */
  kappa: number;
  /** Matrices in this chunk (≥ 0). */
  count: number;
  seed: bigint | number;
  stream?: number;
}

function checkCouplingLayout(k: Kernels, table: Float64Array | null): void {
  const raw = k.raw;
  if (raw.COUPLED_RECORD.value !== COUPLED_RECORD || raw.COUPLED_CROSS_FIRST.value !== COUPLED_CROSS_FIRST) throw new Error("lipvar: Wasm record layout differs from the wrapper (rebuild the Wasm module)");
  if (table !== null) {
    if (!(table instanceof Float64Array)) throw new RangeError("table must be a Float64Array from couplingTable(beta), or null");
    checkLength("table", table, raw.couplingTableDoubles(), "couplingTableDoubles()");
  }
}

/**
 * One chunk of the Gaussian-coupled Monte Carlo (assembly/coupled.ts): `count`
 * pairs (Z, W = T(Z)) of d×n matrices from stream `stream` of `seed`, both
 * AOL or SLL (fixed q) rescaled; returns the count·COUPLED_RECORD records.
 */
export function coupledVarianceChunk(k: Kernels, options: CoupledChunkOptions): Float64Array {
  const { d, n, count, table } = options;
  checkDimension("d", d);
  checkDimension("n", n);
  checkCount("count", count);
  const q = options.q ?? null;
  if (q !== null) {
    checkLength("q", q, n, "n");
    for (let i = 0; i < n; i++) checkFinite(`q[${i}]`, q[i], Number.MIN_VALUE);
  }
  checkCouplingLayout(k, table);
  checkFinite("kappa", options.kappa, Number.MIN_VALUE);
  const raw = k.raw;
  const tableDoubles = table ? table.length : 0;
  const doublesFor = (dd: number, nn: number, cc: number) =>
    dd > MAX_DOUBLES || nn > MAX_DOUBLES ? [Infinity] : [COUPLED_RECORD * cc, raw.coupledScratchDoubles(dd, nn), tableDoubles, nn];
  checkFitsFor("d", d, (v) => doublesFor(v, 1, 0));
  checkFitsFor("n", n, (v) => doublesFor(d, v, 0));
  checkFitsFor("count", count, (v) => doublesFor(d, n, v));
  return withBlocks(k, [COUPLED_RECORD * count, raw.coupledScratchDoubles(d, n), tableDoubles, q ? n : 0], ([records, scratch, tab, qb]) => {
    if (table) tab.view.set(table);
    if (q) qb.view.set(Array.from(q));
    k.seed({ seed: options.seed, stream: options.stream ?? 0 });
    raw.coupledVarianceChunk(d, n, q ? qb.ptr : 0, table ? tab.ptr : 0, options.kappa, count, records.ptr, scratch.ptr);
    return records.view.slice();
  });
}

/** T(z) for each z as the kernel evaluates it from `table` (null: the identity); for accuracy checks. */
export function coupleValues(k: Kernels, table: Float64Array | null, z: ArrayLike<number>): Float64Array {
  checkCouplingLayout(k, table);
  if (table === null) return Float64Array.from(z);
  return withBlocks(k, [z.length, table.length, z.length], ([zb, tab, out]) => {
    zb.view.set(Array.from(z));
    tab.view.set(table);
    k.raw.coupleValues(zb.ptr, z.length, tab.ptr, out.ptr);
    return out.view.slice();
  });
}
