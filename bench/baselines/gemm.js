// Plain-JavaScript matrix multiply and Gram matrix (row-major Float64Array),
// the straightforward i-k-j loops: the baseline for benchmark item 3.

/** C (m×n) = A (m×k) · B (k×n). */
export function matmul(A, B, C, m, k, n) {
  C.fill(0);
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    for (let p = 0; p < k; p++) {
      const a = A[i * k + p], bp = p * n;
      for (let j = 0; j < n; j++) C[ci + j] += a * B[bp + j];
    }
  }
  return C;
}

/** G (n×n) = WᵀW for W (d×n): upper triangle computed, mirrored. */
export function gram(W, G, d, n) {
  G.fill(0);
  for (let r = 0; r < d; r++) {
    const wr = r * n;
    for (let i = 0; i < n; i++) {
      const a = W[wr + i], gi = i * n;
      for (let j = i; j < n; j++) G[gi + j] += a * W[wr + j];
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) G[i * n + j] = G[j * n + i];
  return G;
}
