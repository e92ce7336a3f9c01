// Sampling throughput (values/s) of lipvar's SGND sampler against numpy, in
// the same run, for β = 1, 1.5, 2, 8, ∞ (issue 6, item 1). A benchmark, not
// a test: it prints a table and returns the numbers; it asserts nothing.
//
//   npm run build:ts && node bench/sampling.mjs [--count N] [--repeats R] [--json]
//
// Each figure is the median over R runs of one call producing N values
// (lipvar: sampleSgnd, which draws in Wasm and copies out chunk by chunk;
// numpy: a default_rng Generator). lipvar writes into one reused array (the
// `out` option), which is numpy's steady state too: its allocator hands back
// the memory freed by the previous call. The "fresh array" column is lipvar
// allocating a new Float64Array per call: V8 takes new pages from the OS
// for it, and first touching them can cost more than the draws (~12-23 ns
// per value on a Firecracker VM).
// numpy baselines, written for this script:
//   * its dedicated sampler where one exists: laplace (β = 1),
//     standard_normal (β = 2), uniform (β = ∞);
//   * the Gamma route for every finite β: rng.gamma(1/β, size=N)**(1/β) times
//     a random sign (rng.integers(0, 2, N)*2 − 1), times α.
// Without python3/numpy the numpy columns are skipped with a note.
import { spawnSync } from "node:child_process";
import { cpus } from "node:os";
import { pathToFileURL } from "node:url";
import { createKernels, sampleSgnd, sgndScale } from "../dist/wasm/index.js";
import { median } from "./stats.mjs";

export const BETAS = [1, 1.5, 2, 8, Infinity];


const NUMPY_SCRIPT = String.raw`
import json, sys, time
import numpy as np
count, repeats = int(sys.argv[1]), int(sys.argv[2])
betas = json.loads(sys.argv[3])  # [beta or "inf", alpha] pairs
rng = np.random.default_rng(12345)
def rate(f):
    f()  # warm-up
    times = []
    for _ in range(repeats):
        t = time.perf_counter(); f(); times.append(time.perf_counter() - t)
    return count / float(np.median(times))
out = []
for beta, alpha in betas:
    row = {"dedicated": None, "gammaRoute": None, "dedicatedName": None}
    if beta == 1:
        row["dedicatedName"] = "laplace"
        row["dedicated"] = rate(lambda: rng.laplace(0.0, alpha, count))
    elif beta == 2:
        row["dedicatedName"] = "standard_normal"
        row["dedicated"] = rate(lambda: rng.standard_normal(count) * (alpha / np.sqrt(2)))
    elif beta == "inf":
        row["dedicatedName"] = "uniform"
        row["dedicated"] = rate(lambda: rng.uniform(-alpha, alpha, count))
    if beta != "inf":
        b = float(beta)
        row["gammaRoute"] = rate(lambda: alpha * rng.gamma(1.0 / b, size=count) ** (1.0 / b) * (rng.integers(0, 2, count) * 2 - 1))
    out.append(row)
print(json.dumps({"numpy": np.__version__, "rows": out}))
`;

function numpyRates(count, repeats, pairs) {
  const r = spawnSync("python3", ["-c", NUMPY_SCRIPT, String(count), String(repeats), JSON.stringify(pairs)], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  if (r.error || r.status !== 0) return { note: `numpy baseline skipped: ${r.error?.message ?? r.stderr.trim().split("\n").pop()}` };
  return JSON.parse(r.stdout);
}

/** Run the benchmark; returns one row per β (values/s, and ratios against numpy where it ran). */
export async function benchSampling({ count = 10_000_000, repeats = 5 } = {}) {
  const k = await createKernels();
  const rows = [];
  for (const beta of BETAS) {
    const alpha = sgndScale({ beta });
    const out = new Float64Array(count);
    sampleSgnd(k, { count, beta, alpha, seed: 1, out }); // warm-up: JIT tier-up, and out's pages touched
    const reused = [];
    const fresh = [];
    for (let r = 0; r < repeats; r++) {
      let t = performance.now();
      sampleSgnd(k, { count, beta, alpha, seed: 1, stream: r, out });
      reused.push((performance.now() - t) / 1000);
      t = performance.now();
      sampleSgnd(k, { count, beta, alpha, seed: 1, stream: r });
      fresh.push((performance.now() - t) / 1000);
    }
    rows.push({ beta, alpha, lipvar: count / median(reused), lipvarFreshArray: count / median(fresh) });
  }
  const numpy = numpyRates(count, repeats, rows.map((r) => [r.beta === Infinity ? "inf" : r.beta, r.alpha]));
  rows.forEach((row, i) => {
    const n = numpy.rows?.[i];
    row.numpyDedicated = n?.dedicated ?? null;
    row.numpyDedicatedName = n?.dedicatedName ?? null;
    row.numpyGammaRoute = n?.gammaRoute ?? null;
    row.vsDedicated = n?.dedicated ? row.lipvar / n.dedicated : null;
    row.vsGammaRoute = n?.gammaRoute ? row.lipvar / n.gammaRoute : null;
  });
  return { build: k.build, count, repeats, cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, node: process.version, numpy: numpy.numpy ?? null, note: numpy.note ?? null, rows };
}

function table(result) {
  const m = (x) => (x === null ? "—" : `${(x / 1e6).toFixed(1)} M/s`);
  const q = (x) => (x === null ? "—" : `${x.toFixed(2)}×`);
  const lines = [
    `lipvar ${result.build} build, Node ${result.node}, numpy ${result.numpy ?? "absent"}; ${result.count} values per call, median of ${result.repeats}; ${result.cpu} (${result.cores} cores)`,
    "",
    "| β | lipvar | lipvar, fresh array | numpy dedicated | ratio | numpy Gamma route | ratio |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const r of result.rows) {
    const name = r.numpyDedicatedName ? ` (${r.numpyDedicatedName})` : "";
    lines.push(`| ${r.beta === Infinity ? "∞" : r.beta} | ${m(r.lipvar)} | ${m(r.lipvarFreshArray)} | ${m(r.numpyDedicated)}${name} | ${q(r.vsDedicated)} | ${m(r.numpyGammaRoute)} | ${q(r.vsGammaRoute)} |`);
  }
  if (result.note) lines.push("", result.note);
  return lines.join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name, dflt) => {
    const i = process.argv.indexOf(name);
    return i < 0 ? dflt : Number(process.argv[i + 1]);
  };
  const result = await benchSampling({ count: arg("--count", 10_000_000), repeats: arg("--repeats", 5) });
  console.log(process.argv.includes("--json") ? JSON.stringify(result, null, 2) : table(result));
}
