// The scale α of SGND(0, α, β) that gives a requested standard deviation σ,
// for kernels that draw SGND values of a given variance (the depth-stack
// biases): Var = α²·Γ(3/β)/Γ(1/β) (MATH.md §2), so
//   α = σ·√(Γ(1/β)/Γ(3/β)),
// with the closed forms α = σ√2 (β = 2), σ/√2 (β = 1, Laplace) and √3·σ
// (β = Infinity, uniform on (−α, α)). Other β go through ln Γ.

// Lanczos (g = 7, 9 terms) coefficients: Γ(x + 1) = √(2π)·t^{x+½}·e^{−t}·A(x),
// t = x + 7.5, A(x) = c_0 + Σ_{k=1..8} c_k/(x + k); relative error ~1e-15 for x ≥ −½.
const LANCZOS = memory.data<f64>([
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
]);
const HALF_LN_TWO_PI: f64 = 0.91893853320467274178;

/** ln Γ(z) for z > 0 (finite); below ½ by ln Γ(z) = ln Γ(z + 1) − ln z, so no reflection is needed. */
export function logGamma(z: f64): f64 {
  if (z < 0.5) return logGamma(z + 1.0) - Math.log(z);
  const x = z - 1.0;
  let a = load<f64>(LANCZOS);
  for (let k = 1; k < 9; k++) a += load<f64>(LANCZOS + (<usize>k << 3)) / (x + <f64>k);
  const t = x + 7.5;
  return HALF_LN_TWO_PI + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * α of SGND(0, α, β) with standard deviation sd: sd ≥ 0 finite, β > 0 or
 * Infinity. May underflow to 0 or overflow to Infinity for extreme β; the
 * host checks the scale is finite and > 0 before calling a kernel.
 */
export function sgndScaleForStd(sd: f64, beta: f64): f64 {
  if (beta == 2.0) return sd * Math.SQRT2;
  if (beta == 1.0) return sd * Math.SQRT1_2;
  if (beta == Infinity) return sd * Math.sqrt(3.0);
  return sd * Math.exp(0.5 * (logGamma(1.0 / beta) - logGamma(3.0 / beta)));
}
