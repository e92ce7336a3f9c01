/**
 * Haar-distributed orthogonal and semi-orthogonal matrices
 * (assembly/orthogonal.ts): the sign-corrected thin QR of a Gaussian matrix
 * drawn from a chosen RNG stream, so the same seed and stream give the same
 * matrix on every worker and build. A d×n result has orthonormal columns
 * (WᵀW = I_n) when d ≥ n and orthonormal rows (WWᵀ = I_d) when d < n.
 * Matrices are row-major Float64Arrays.
 */
import { Kernels, type StreamId } from "./kernels.js";

/** Largest d·n accepted: the kernel holds three d×n blocks (input, reflectors, Q). */
function checkShape(d: number, n: number): void {
  for (const [name, v] of [["d", d], ["n", n]] as const) {
    if (typeof v !== "number" || !Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be an integer >= 1, got ${v}`);
  }
  const cells = d * n;
  const why = Kernels.whyBlocksCannotFit([cells, 2 * cells + 2 * Math.min(d, n)]);
  if (why !== null) throw new RangeError(`d·n = ${d}·${n} cannot fit in Wasm memory (it ${why})`);
}

function run(k: Kernels, d: number, n: number, fill: (out: number, scratch: number) => void): Float64Array {
  const out = k.allocF64(d * n, "d·n");
  try {
    return k.withF64(k.raw.orthogonalScratchDoubles(d, n), (scratch) => {
      fill(out.ptr, scratch.ptr);
      return out.view.slice();
    });
  } finally {
    out.free();
  }
}

export interface OrthogonalOptions extends StreamId {
  /** Rows (outputs), an integer ≥ 1. */
  d: number;
  /** Columns (inputs), an integer ≥ 1. */
  n: number;
}

/**
 * A Haar (semi-)orthogonal d×n matrix from stream `stream` (default 0) of
 * `seed`: d·n standard normal draws (the draws `normal({count: d·n})` makes),
 * then their sign-corrected QR. Domain: d, n integers ≥ 1.
 * @param k - A module instance from `loadKernels()`.
 * @param options - d, n, and the seed and stream of the bit generator.
 * @returns The d×n matrix, row-major.
 * @throws RangeError when d or n is not an integer ≥ 1, or d·n does not fit in Wasm memory.
 * @example
 * ```ts
 * import { loadKernels, orthogonalMatrix } from "lipvar";
 * const k = await loadKernels();
 * const W = orthogonalMatrix(k, { d: 3, n: 2, seed: 1 });
 * W.length; // returns 6
 * Math.abs(W[0] * W[0] + W[2] * W[2] + W[4] * W[4] - 1) < 1e-12; // returns true (unit columns)
 * ```
 */
export function orthogonalMatrix(k: Kernels, options: OrthogonalOptions): Float64Array {
  const { d, n } = options;
  checkShape(d, n);
  k.seed(options);
  return run(k, d, n, (out, scratch) => k.raw.fillOrthogonal(out, d, n, scratch));
}

/**
 * The Haar map itself, for a given Gaussian d×n matrix G: Q of G = QR with
 * column j multiplied by sign(R_jj) when d ≥ n, or the transpose of that
 * factor of Gᵀ when d < n. Domain: d, n ≥ 1, G holding d·n finite values.
 */
export function orthogonalFromGaussian(k: Kernels, G: ArrayLike<number>, d: number, n: number): Float64Array {
  checkShape(d, n);
  if (!G || G.length !== d * n) throw new RangeError(`G must hold d·n = ${d * n} values, got ${G?.length}`);
  for (let i = 0; i < G.length; i++) {
    if (!Number.isFinite(G[i])) throw new RangeError(`G[${i}] must be finite, got ${G[i]}`);
  }
  return run(k, d, n, (out, scratch) => {
    new Float64Array(k.raw.memory.buffer, out, d * n).set(G);
    k.raw.orthogonalFromGaussian(out, d, n, out, scratch);
  });
}
