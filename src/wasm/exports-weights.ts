/**
 * Raw exports of assembly/weights-check.ts (the kernels of `lipvar check
 * --weights`). Addresses are byte offsets into Wasm memory; every f64 buffer
 * is allocated by the host. Only src/wasm/weights-check.ts calls these.
 */
export interface WeightsCheckExports {
  // Operator norm and Perron root of |Gram| of one matrix; out: SPECTRAL_RECORD doubles.
  spectralChecks(w: number, d: number, n: number, rowGram: boolean | number, tol: number, maxIter: number, out: number, scratch: number): void;
  spectralScratchDoubles(d: number, n: number, rowGram: boolean | number): number;
  SPECTRAL_RECORD: WebAssembly.Global;
  // Forward pass of N normal inputs through given matrices and biases; records: one mean y² per layer.
  givenForward(widths: number, layers: number, batch: number, weights: number, biases: number, relu: number, records: number, scratch: number): void;
  givenForwardScratchDoubles(widths: number, layers: number, batch: number): number;
}
