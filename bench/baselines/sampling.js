// Plain-JavaScript SGND(α = 1, β) sampler: the straightforward code a
// researcher would write without Wasm, as the baseline for benchmark item 1.
// Math.random for uniforms; β = 1 by inverse CDF (Laplace), β = 2 by polar
// Box–Muller scaled to α = 1 (σ = 1/√2), β = ∞ uniform on (−1, 1), other β by
// the Gamma route X = ±G^{1/β}, G ~ Gamma(1/β) (Marsaglia–Tsang, with the
// U^{1/a} boost for shape < 1).

function normal() {
  for (;;) {
    const u = 2 * Math.random() - 1, v = 2 * Math.random() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

function gamma(shape) {
  if (shape < 1) return gamma(shape + 1) * Math.pow(1 - Math.random(), 1 / shape);
  const d = shape - 1 / 3, c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x, v;
    do {
      x = normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - Math.random();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** Fill `out` with SGND(1, β) values; β > 0 or Infinity. */
export function sgndFill(out, beta) {
  const n = out.length;
  if (beta === Infinity) for (let i = 0; i < n; i++) out[i] = 2 * Math.random() - 1;
  else if (beta === 1) {
    for (let i = 0; i < n; i++) {
      const u = Math.random() - 0.5;
      out[i] = u < 0 ? Math.log(1 + 2 * u) : -Math.log(1 - 2 * u);
    }
  } else if (beta === 2) for (let i = 0; i < n; i++) out[i] = Math.SQRT1_2 * normal();
  else {
    const inv = 1 / beta;
    for (let i = 0; i < n; i++) {
      const g = Math.pow(gamma(inv), inv);
      out[i] = Math.random() < 0.5 ? -g : g;
    }
  }
  return out;
}
