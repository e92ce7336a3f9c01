import { DEFAULT_REPORT_CONFIG, type ReportConfig } from "../../src/report/config.js";

/** Every figure at the smallest sizes that still exercise each code path. */
export const TINY: ReportConfig = {
  sizes: [
    { d: 2, samples: 300 },
    { d: 4, samples: 300 },
  ],
  distributions: DEFAULT_REPORT_CONFIG.distributions,
  distSampleDivisor: 2,
  paperGrid: { inside: [1, 2], beyond: { ds: [2], ns: [16] }, samples: 100 },
  meanFieldShapes: [
    { d: 8, n: 8, samples: 2000 },
    { d: 16, n: 4, samples: 2000 },
  ],
  decay: { depth: 3, width: 8, batch: 16, replicates: 2, biasStd: 0.1, histogramBins: 12 },
  decayLarge: { runs: [{ width: 16, depth: 2, replicates: 2 }], batch: 16 },
  fixedPoint: { depth: 4, width: 8, batch: 8, replicates: 3, biasStd: 1 },
  scale: { stds: [1e-3, 1], samples: 50, depth: 2, width: 4, batch: 4, replicates: 2, biasStd: 0.1 },
  nonSquare: { widths: [4, 8, 4], authorWidths: [5, 6, 3], batch: 4, replicates: 2 },
  author: { forward: { depth: 3, width: 4, batch: 4, replicates: 2 }, gradient: { depth: 3, width: 4, batch: 4, replicates: 2 }, biasStd: 1 },
  residual: { depth: 3, width: 8, batch: 16, replicates: 2 },
  sampler: { betas: [1, 2], count: 2000, bins: 20 },
  precise: { shapes: [{ label: "Laplace", dist: "laplace" }], points: [{ d: 4, n: 4, maxSamples: 1200 }], targetRse: 1e-3, chunkSize: 256, pilotChunks: 1 },
  training: { models: ["plain", "sll"], depths: [1, 3], width: 8, seeds: 2, epochs: 1, rows: 400, batch: 32, standardise: true, statsRows: 64 },
  remedies: { depth: 3, width: 8, batch: 8, replicates: 2, inits: ["iid", "orthogonal"], activations: ["relu", "maxmin"], sllQStd: 1, identityNoises: [0] },
  remediesTraining: { remedies: [{ model: "sll", init: "orthogonal", activation: "maxmin" }] },
};

