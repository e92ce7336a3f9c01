/**
 * Raw exports of assembly/orthogonal.ts (Haar orthogonal matrices).
 * Addresses are byte offsets into Wasm memory. Only src/wasm/orthogonal.ts calls these.
 */
export interface OrthogonalExports {
  /** Doubles of scratch for a d×n matrix. */
  orthogonalScratchDoubles(d: number, n: number): number;
  /** The sign-corrected thin-QR factor of the Gaussian d×n matrix at g, into out (may equal g). */
  orthogonalFromGaussian(g: number, d: number, n: number, out: number, scratch: number): void;
  /** d·n normal draws from the active stream, then orthogonalFromGaussian, into out. */
  fillOrthogonal(out: number, d: number, n: number, scratch: number): void;
}
