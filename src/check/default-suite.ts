/**
 * The suite `lipvar check` runs when no --suite is given: the claims of
 * issue 4 at sizes that finish in seconds on two cores. Written as suite-file
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
    // The distribution-free bound 1/d, across shapes and for SLL with random q.
    { kind: "upperBound", transform: "aol", d: 16, n: 16, dist: "gnd", beta: 0.5, samples: 4000, seed: 11, k: 4 },
    { kind: "upperBound", transform: "aol", d: 16, n: 16, dist: "laplace", samples: 4000, seed: 12, k: 4 },
    { kind: "upperBound", transform: "aol", d: 16, n: 16, dist: "gaussian", samples: 4000, seed: 13, k: 4 },
    { kind: "upperBound", transform: "aol", d: 16, n: 16, dist: "gnd", beta: 8, samples: 4000, seed: 14, k: 4 },
    { kind: "upperBound", transform: "aol", d: 16, n: 16, dist: "uniform", samples: 4000, seed: 15, k: 4 },
    { kind: "upperBound", transform: "sll", qStd: 1, d: 16, n: 16, dist: "gaussian", samples: 4000, seed: 16, k: 4 },
    // Depth decay of a Gaussian AOL stack, without and with bias.
    { kind: "decay", depth: 6, width: 256, batch: 1000, dist: "gaussian", seed: 21, k: 4, layers: 3 },
    { kind: "decay", depth: 12, width: 64, batch: 2000, biasStd: 0.1, dist: "gaussian", seed: 22, k: 4 },
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
