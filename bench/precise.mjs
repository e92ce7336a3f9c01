// Bench item 7: the precise (Gaussian-coupled) Var[w̄] estimator against
// today's control-variate estimator (A, B), in the same run. For each point
// both run in-process on 2 workers, interleaved (precise, cv, precise, cv …),
// and each run's cost per matrix and spread per matrix give the projected
// wall time to a relative standard error of 1e-6 (matrices needed scale as
// (rse·√M / 1e-6)²; the precise time includes its pilot). "Cost per digit":
// each further digit costs 100× that time for either estimator, so the ratio
// of the two projections is the speed-up at any precision.
import { runPreciseVariance } from "../dist/experiments/precise.js";
import { runWeightVariance } from "../dist/experiments/weightVariance.js";

const SHAPES = [["laplace", 1], ["uniform", Infinity], ["gnd", 0.5], ["gnd", 1.5], ["gnd", 3]];
// Matrices per timed run at each size (about a second or two of work each on an idle 2-core VM).
const POINTS = [[8, 8, 300_000], [32, 32, 40_000], [64, 16, 80_000]];

export async function benchPrecise({ quick, interleaved, log }) {
  const points = quick ? [[8, 8, 100_000], [64, 16, 30_000]] : POINTS;
  const shapes = quick ? SHAPES.filter(([, b]) => b === 1 || b === 0.5) : SHAPES;
  const repeats = quick ? 1 : 2;
  const rows = [];
  for (const [d, n, samples] of points) {
    for (const [dist, beta] of shapes) {
      const config = { transform: "aol", d, n, dist, beta: dist === "gnd" ? beta : undefined, samples, seed: 7, workers: 2 };
      // Warm-up: builds the coupling table of β (cached per process, ~0.2 s) and the analytic constants.
      await runPreciseVariance({ ...config, samples: 20_000, chunkSize: 4096, pilotChunks: 1, workers: 1 });
      const [p, c] = await interleaved([() => runPreciseVariance(config), () => runWeightVariance({ ...config, histogram: false })], repeats);
      // seconds per matrix drawn × matrices needed for 1e-6 (σ per matrix from the run).
      const project = (seconds, drawn, rse, used) => (seconds / drawn) * (rse * Math.sqrt(used) / 1e-6) ** 2;
      const pr = p.out;
      const cv = c.out;
      const precise = project(p.seconds, pr.samples + pr.pilotSamples, pr.rse, pr.samples);
      const today = project(c.seconds, cv.samples, cv.se / cv.estimate, cv.samples);
      rows.push({
        d, n, dist: dist === "gnd" ? `β = ${beta}` : dist, samples,
        precise: { seconds: p.seconds, estimate: pr.estimate, se: pr.se, rse: pr.rse, pilot: pr.pilotSamples, secondsTo1e6: precise },
        today: { seconds: c.seconds, estimate: cv.estimate, se: cv.se, secondsTo1e6: today },
        speedUp: today / precise,
        agreeZ: (pr.estimate - cv.estimate) / Math.hypot(pr.se, cv.se),
      });
      log(`precise ${d}×${n} ${dist} ${beta}: to 1e-6 ${precise.toFixed(0)} s (today ${today.toFixed(0)} s)`);
    }
  }
  return { rows, repeats, note: `In-process runs on 2 workers (runPreciseVariance vs runWeightVariance without histogram), interleaved, median of ${repeats}; projections to relative SE 1e-6 from each run's cost per matrix drawn (the precise pilot counted as drawn, thread start-up included) and spread per matrix used.` };
}

const f = (x, digits = 2) => (x === null || x === undefined ? "–" : Number(x).toFixed(digits));
const secs = (s) => (s < 100 ? s.toFixed(1) : s.toPrecision(3).replace(/e\+?(\d+)/, "e$1"));

export function markdownPrecise(r) {
  const L = ["**7. Precise Var[w̄]** (Gaussian-coupled control variates vs today's A/B control variates, same run: projected wall seconds to relative SE 1e-6 on 2 workers; target ≤ 60 s)", ""];
  L.push("| d×n | weights | precise estimate | rel. SE (run) | precise s to 1e-6 | today s to 1e-6 | speed-up | target met | agreement z |", "|---|---|---|---|---|---|---|---|---|");
  for (const x of r.rows) {
    L.push(`| ${x.d}×${x.n} | ${x.dist} | ${x.precise.estimate.toPrecision(8)} | ${x.precise.rse.toExponential(1)} | ${secs(x.precise.secondsTo1e6)} | ${secs(x.today.secondsTo1e6)} | ${f(x.speedUp, 1)}× | ${x.precise.secondsTo1e6 <= 60 ? "yes" : "no"} | ${f(x.agreeZ)} |`);
  }
  L.push("", r.note, "");
  return L.join("\n");
}
