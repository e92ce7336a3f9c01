/**
 * Raw exports of assembly/gnd.ts (generalised-normal, normal and Gamma
 * samplers). Each fills `count` doubles at byte address `out` from the active
 * RNG stream; arguments are not checked there. Only src/wasm/sampling.ts
 * calls these.
 */
export interface GndExports {
  /** iid SGND(0, alpha, beta); beta = Infinity: uniform on (−alpha, alpha). alpha finite > 0, beta > 0. */
  fillSgnd(out: number, count: number, alpha: number, beta: number): void;
  /** |X| for the same draws as fillSgnd. */
  fillPgnd(out: number, count: number, alpha: number, beta: number): void;
  /** iid N(mean, sd²). */
  fillNormal(out: number, count: number, mean: number, sd: number): void;
  /** iid Gamma(shape, 1), shape finite > 0. */
  fillGamma(out: number, count: number, shape: number): void;
  /** One standard normal draw (the kernels' inline sampler, exported for checks). */
  normalNext(): number;
  /** The samplers' ln(1 + w), e^x and (1 + w)^e (assembly/explog.ts), exported for accuracy tests. */
  samplerLog1p(w: number): number;
  samplerExp(x: number): number;
  samplerPower1p(w: number, e: number): number;
}
