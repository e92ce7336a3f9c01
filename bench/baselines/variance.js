// Plain-JavaScript Monte Carlo of Var[w̄] under AOL (MATH.md §1): per matrix,
// draw W (d×n, SGND(1, β)), t_i = Σ_j |⟨w_i, w_j⟩|, w̄ = W diag(t)^{-1/2},
// Y = mean of w̄². The baseline for benchmark item 2.
import { sgndFill } from "./sampling.js";
import { gram } from "./gemm.js";

/** Mean over `count` matrices of Y; d, n ≥ 1, β > 0 or Infinity. */
export function aolVarianceMean(d, n, beta, count) {
  const W = new Float64Array(d * n), G = new Float64Array(n * n);
  let sum = 0;
  for (let m = 0; m < count; m++) {
    sgndFill(W, beta);
    gram(W, G, d, n);
    let y = 0;
    for (let i = 0; i < n; i++) {
      let t = 0;
      for (let j = 0; j < n; j++) t += Math.abs(G[i * n + j]);
      if (t > 0) y += G[i * n + i] / t; // Σ_k w̄_ki² = ‖w_i‖²/t_i
    }
    sum += y / (d * n);
  }
  return sum / count;
}
