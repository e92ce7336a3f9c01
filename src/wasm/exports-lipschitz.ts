/**
 * Raw exports of assembly/lipschitz.ts and the kernel files it re-exports
 * (gemm.ts, gram.ts, aol.ts, mcvariance.ts, decay.ts, residual.ts; the
 * last three share the histogram layout of histogram.ts). Addresses are
 * byte offsets into Wasm memory; every f64 buffer is allocated by the host.
 * Only src/wasm/lipschitz.ts calls these.
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
  // mcvariance.ts — one Monte Carlo chunk from the active stream; records of VARIANCE_RECORD doubles [Y, A, B].
  varianceChunk(
    d: number, n: number, alpha: number, beta: number, qStd: number, count: number,
    records: number,
    hist: number, bins: number, histLo: number, histHi: number,
    keepW: number, keepQ: number,
    scratch: number,
  ): void;
  varianceScratchDoubles(d: number, n: number): number;
  VARIANCE_RECORD: WebAssembly.Global;
  // decay.ts — one feed-forward network, forward and backward; records of LAYER_RECORD doubles.
  /** α of SGND(0, α, β) with standard deviation sd, as the depth-stack kernels compute it for the bias. */
  sgndScaleForStd(sd: number, beta: number): number;
  forwardBackward(
    widths: number, layers: number, batch: number,
    alpha: number, beta: number, biasStd: number, biasBeta: number, qStd: number, reluOnOutput: boolean | number, rowGram: boolean | number, tied: boolean | number,
    init: number, activation: number, group: number,
    x0: number,
    records: number, inputStats: number,
    hist: number, bins: number, histLo: number, histHi: number,
    gradHist: number, gradBins: number, gradLo: number, gradHi: number,
    keepW: number, keepQ: number, keepBias: number, keepX0: number,
    scratch: number,
  ): void;
  forwardBackwardScratchDoubles(widths: number, layers: number, batch: number, rowGram: boolean | number, tied: boolean | number, init: number): number;
  LAYER_RECORD: WebAssembly.Global;
  // residual.ts — SLL residual blocks, forward; records of RESIDUAL_RECORD doubles.
  residualStack(
    m: number, k: number, blocks: number, batch: number,
    alpha: number, beta: number, biasStd: number, biasBeta: number, qStd: number, orthogonal: boolean | number,
    x0: number,
    records: number, inputStats: number,
    hist: number, bins: number, histLo: number, histHi: number,
    keepP: number, keepQ: number, keepBias: number, keepX0: number,
    scratch: number,
  ): void;
  residualScratchDoubles(m: number, k: number, batch: number): number;
  RESIDUAL_RECORD: WebAssembly.Global;
  // coupled.ts — Gaussian-coupled Monte Carlo chunk (records of COUPLED_RECORD doubles) and the table map T.
  coupledVarianceChunk(d: number, n: number, q: number, table: number, kappa: number, count: number, records: number, scratch: number): void;
  coupledScratchDoubles(d: number, n: number): number;
  coupleValues(z: number, count: number, table: number, out: number): void;
  couplingTableDoubles(): number;
  COUPLED_RECORD: WebAssembly.Global;
  COUPLED_CROSS_FIRST: WebAssembly.Global;
}
