/**
 * Raw exports of assembly/lipschitz.ts and the kernel files it re-exports
 * (gemm.ts, gram.ts, aol.ts, histogram.ts, mcvariance.ts, decay.ts,
 * residual.ts). Addresses are byte offsets into Wasm memory; every f64
 * buffer is allocated by the host. Only src/wasm/lipschitz.ts calls these.
 */
export interface LipschitzExports {
  // gemm.ts — blocked C = A·B, row-major; scratch: gemmScratchDoubles(m, n, k) doubles.
  gemm(a: number, b: number, c: number, m: number, k: number, n: number, scratch: number): void;
  gemmAccumulate(a: number, b: number, c: number, m: number, k: number, n: number, scratch: number): void;
  gemmScratchDoubles(m: number, n: number, k: number): number;
  // gram.ts — G = WᵀW for row-major W (d×n); scratch: gramScratchDoubles(d, n) doubles.
  gram(w: number, d: number, n: number, g: number, scratch: number): void;
  gramScratchDoubles(d: number, n: number): number;
  // aol.ts — t and W̄ = W·diag(t)^{-1/2}; q = 0 for AOL; scratch: rescaleScratchDoubles(d, n) doubles.
  rescale(w: number, d: number, n: number, q: number, out: number, t: number, scratch: number): void;
  rescaleScratchDoubles(d: number, n: number): number;
}
