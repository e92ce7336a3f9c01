/**
 * Modified Bessel function K_0(z) for complex z in the sector |arg z| ≤ π/4,
 * which is all product.ts needs: the density of |UU'| for independent
 * standard GND(β) variables is proportional to K_0(2p^{β/2}), and the product
 * CF integrates it along a ray rotated into that sector.
 *
 *  - |z| ≤ 2: the ascending series
 *    K_0(z) = −(ln(z/2) + γ) I_0(z) + Σ_{k≥1} H_k (z²/4)^k / (k!)²;
 *  - |z| > 2: K_0(z) = e^{−z} ∫_0^∞ e^{−2z sinh²(w/2)} dw by the trapezoidal
 *    rule, which converges geometrically for integrands analytic in a strip
 *    (|arg z| ≤ π/4 leaves a strip of half-width π/4); the step is chosen from
 *    that strip bound so the discretisation error stays below e^{−42}.
 */

const EULER_GAMMA = 0.5772156649015329;

/** Output holder, reused to keep the hot loop allocation-free. */
export interface Complex {
  re: number;
  im: number;
}

/**
 * K_0(z) for z = re + i·im with re > 0 and |im| ≤ re (|arg z| ≤ π/4); writes
 * into `out` and returns it. Relative accuracy ≈1e-15 near the ends of
 * the series range, better elsewhere. Outside the sector the result is not
 * guaranteed.
 */
export function besselK0(re: number, im: number, out: Complex): Complex {
  const rho = Math.hypot(re, im);
  if (rho <= 2) {
    // q = z²/4
    const qr = 0.25 * (re * re - im * im);
    const qi = 0.5 * re * im;
    let tr = 1; // term q^k/(k!)²
    let ti = 0;
    let iRe = 1; // I_0 partial sum
    let iIm = 0;
    let hRe = 0; // Σ H_k term
    let hIm = 0;
    let harmonic = 0;
    for (let k = 1; k < 60; k++) {
      const nr = (tr * qr - ti * qi) / (k * k);
      const ni = (tr * qi + ti * qr) / (k * k);
      tr = nr;
      ti = ni;
      harmonic += 1 / k;
      iRe += tr;
      iIm += ti;
      hRe += harmonic * tr;
      hIm += harmonic * ti;
      if (Math.abs(tr) + Math.abs(ti) < 1e-18 * (Math.abs(iRe) + Math.abs(iIm))) break;
    }
    const lr = Math.log(0.5 * rho) + EULER_GAMMA;
    const li = Math.atan2(im, re);
    out.re = -(lr * iRe - li * iIm) + hRe;
    out.im = -(lr * iIm + li * iRe) + hIm;
    return out;
  }
  const scaleRe = Math.exp(-re);
  if (scaleRe === 0) {
    out.re = 0;
    out.im = 0;
    return out;
  }
  // Step from the strip bound: shifting the contour by iη costs at most
  // e^{ρ(1−√cos2η)/√2} (worst case arg z = π/4) and gains e^{−2πη/h}; take the η
  // that allows the largest h with the total below e^{−42}.
  const eta = Math.min(Math.sqrt((42 * Math.SQRT2) / rho), 0.7);
  const h = (2 * Math.PI * eta) / (42 + (rho * (1 - Math.sqrt(Math.cos(2 * eta)))) / Math.SQRT2);
  let sr = 0.5;
  let si = 0;
  for (let j = 1; j < 100000; j++) {
    const sh = Math.sinh(0.5 * j * h);
    const a = 2 * sh * sh; // cosh(w) − 1
    const mag = Math.exp(-re * a);
    if (mag < 1e-19) break;
    sr += mag * Math.cos(im * a);
    si -= mag * Math.sin(im * a);
  }
  sr *= h;
  si *= h;
  // multiply by e^{−z} = e^{−re}(cos im − i sin im)
  const c = Math.cos(im);
  const s = Math.sin(im);
  out.re = scaleRe * (sr * c + si * s);
  out.im = scaleRe * (si * c - sr * s);
  return out;
}
