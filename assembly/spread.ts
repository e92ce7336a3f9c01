// The spread of a batch of rows, for the decay and residual stacks' records:
// the per-unit variance across the batch (averaged over units) and the mean
// pairwise cosine between rows, from sums gathered row by row.

/**
 * Adds the unit row row/‖row‖ (n doubles; rowSq = ‖row‖²) to dirSum when the
 * row is nonzero, and returns 1 then, else 0 (a zero row counts as cosine 0).
 */
// @ts-ignore: decorator
@inline export function addDirection(dirSum: usize, row: usize, n: i32, rowSq: f64): f64 {
  if (!(rowSq > 0.0)) return 0.0;
  const inv = 1.0 / Math.sqrt(rowSq);
  for (let i = 0; i < n; i++) {
    const u = dirSum + (<usize>i << 3);
    store<f64>(u, load<f64>(u) + load<f64>(row + (<usize>i << 3)) * inv);
  }
  return 1.0;
}

/**
 * E_b y² − (E_b y)² averaged over the n units: meanSquare is the mean of y²
 * over all batch·n cells, unitSum the per-unit sums over the batch rows.
 */
export function unitVarianceFromSums(unitSum: usize, n: i32, batch: i32, meanSquare: f64): f64 {
  const nb = <f64>batch;
  let meanSq = 0.0;
  for (let i = 0; i < n; i++) {
    const m = load<f64>(unitSum + (<usize>i << 3)) / nb;
    meanSq += m * m;
  }
  return max(0.0, meanSquare - meanSq / <f64>n);
}

/** Mean pairwise cosine (‖Σ_b u_b‖² − Σ_b ‖u_b‖²) / (N(N − 1)), from the summed unit rows (dirSum, n doubles) and the count of nonzero rows. */
export function meanCosineFromSums(dirSum: usize, n: i32, batch: i32, unitNorms: f64): f64 {
  let dirSq = 0.0;
  for (let i = 0; i < n; i++) {
    const u = load<f64>(dirSum + (<usize>i << 3));
    dirSq += u * u;
  }
  const nb = <f64>batch;
  return (dirSq - unitNorms) / (nb * (nb - 1.0));
}
