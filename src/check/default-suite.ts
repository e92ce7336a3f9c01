/**
 * The suite `lipvar check` runs when no --suite is given: the claims of
 * issue 4, sized (issue 18) so that every Var[w̄] row flags a 2% departure,
 * every forward-variance (decay) row 5% and every gradient row 10% — each
 * row's "detects" column states what it flags — within a minute on two cores. Written as suite-file
 * JSON and parsed like any file, so it is validated by the same schema and
 * doubles as an example for authors of their own suites.
 */
import { parseSuite, type Suite } from "./suite.js";

export const DEFAULT_SUITE_JSON = {
  version: 1,
  name: "lipvar default",
  expectations: [
    // Monte Carlo against the exact Gaussian V(d, n) (MATH.md §6 shapes).
    { kind: "variance", transform: "aol", d: 2, n: 2, dist: "gaussian", samples: 20000, seed: 1, k: 4 },
    { kind: "variance", transform: "aol", d: 5, n: 3, dist: "gaussian", samples: 20000, seed: 2, k: 4 },
    { kind: "variance", transform: "aol", d: 8, n: 8, dist: "gaussian", samples: 20000, seed: 3, k: 4 },
    { kind: "variance", transform: "aol", d: 64, n: 16, dist: "gaussian", samples: 4000, seed: 4, k: 4 },
    { kind: "variance", transform: "aol", d: 128, n: 64, dist: "gaussian", samples: 1000, seed: 5, k: 4 },
    // Edge cases with exact answers: n = 1 gives 1/d, d = 1 gives 1/n.
    { kind: "variance", transform: "aol", d: 16, n: 1, dist: "gaussian", samples: 2000, seed: 6, k: 4, description: "n = 1: Var[w̄] = 1/d" },
    { kind: "variance", transform: "aol", d: 1, n: 8, dist: "gaussian", samples: 20000, seed: 7, k: 4, description: "d = 1: Var[w̄] = 1/n" },
    { kind: "variance", transform: "sll", qStd: 0, d: 8, n: 8, dist: "gaussian", samples: 20000, seed: 8, k: 4, description: "SLL with q = 1 is AOL" },
    // Non-Gaussian weights against the precise estimator's reference values (reference-data.ts).
    { kind: "variance", transform: "aol", d: 16, n: 16, dist: "gnd", beta: 0.5, samples: 4000, seed: 41, k: 4 },
    { kind: "variance", transform: "aol", d: 16, n: 16, dist: "laplace", samples: 4000, seed: 42, k: 4 },
    { kind: "variance", transform: "aol", d: 16, n: 16, dist: "gnd", beta: 8, samples: 4000, seed: 43, k: 4 },
    { kind: "variance", transform: "aol", d: 16, n: 16, dist: "uniform", samples: 4000, seed: 44, k: 4 },
    // The distribution-free bound 1/d, across shapes and for SLL with random q.
    { kind: "upperBound", transform: "aol", d: 16, n: 16, dist: "gnd", beta: 0.5, samples: 4000, seed: 11, k: 4 },
    { kind: "upperBound", transform: "aol", d: 16, n: 16, dist: "laplace", samples: 4000, seed: 12, k: 4 },
    { kind: "upperBound", transform: "aol", d: 16, n: 16, dist: "gaussian", samples: 4000, seed: 13, k: 4 },
    { kind: "upperBound", transform: "aol", d: 16, n: 16, dist: "gnd", beta: 8, samples: 4000, seed: 14, k: 4 },
    { kind: "upperBound", transform: "aol", d: 16, n: 16, dist: "uniform", samples: 4000, seed: 15, k: 4 },
    { kind: "upperBound", transform: "sll", qStd: 1, d: 16, n: 16, dist: "gaussian", samples: 4000, seed: 16, k: 4 },
    // Depth decay of Gaussian AOL stacks, without and with bias: each layer's forward variance and
    // gradient against the recursion. The SEs are over networks, and one network's layers vary by
    // ~12% (forward) and ~20% (gradient) at width 128: these replicate counts make each forward
    // row flag a 5% departure and each gradient row a 10% one (the "detects" column).
    { kind: "decay", depth: 3, width: 128, batch: 256, replicates: 384, dist: "gaussian", seed: 23, k: 4 },
    { kind: "decay", depth: 3, width: 128, batch: 256, replicates: 448, biasStd: 0.1, dist: "gaussian", seed: 22, k: 4 },
    // SGND sampler moments.
    { kind: "sampler", beta: 0.5, count: 200000, seed: 31, k: 4 },
    { kind: "sampler", beta: 1, count: 200000, seed: 32, k: 4 },
    { kind: "sampler", beta: 2, count: 200000, seed: 33, k: 4 },
    { kind: "sampler", beta: 8, count: 200000, seed: 34, k: 4 },
    { kind: "sampler", beta: "inf", count: 200000, seed: 35, k: 4 },
  ],
} as const;

/** The built-in suite, validated. */
export const defaultSuite: Suite = parseSuite(JSON.stringify(DEFAULT_SUITE_JSON), "default suite");
