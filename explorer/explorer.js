// The explorer page: a consumer of lipvar's prebuilt browser bundle like any
// other page (it imports nothing from src/). Reads the form (or the same
// names from the URL query, so a configuration can be linked), shows the
// closed forms at once, then runs the Monte Carlo in Web Workers in stages of
// growing size (each stage a complete run with the same seed, so the last one
// is exactly `runWeightVariance` with the chosen number of matrices), then the
// depth experiment, drawn with the report's chart configuration.
import { exactGaussianVariance, meanFieldVariance, paperClosedForm, runDecay, runWeightVariance, upperBound } from "../dist/browser/lipvar.js";
import { depthVarianceFigure, setUpChartJs } from "../dist/browser/lipvar-charts.js";

const Chart = globalThis.Chart; // chart.umd.js
setUpChartJs(Chart);

const form = document.getElementById("controls");
const el = (id) => document.getElementById(id);
const BETA = { gaussian: 2, laplace: 1, uniform: Infinity };
/** Matrices per chunk (lipvar's default) and the first stage's size. */
const FIRST_STAGE = 2 * 4096;
/** Networks and inputs per network of the depth experiment. */
const DECAY = { batch: 256, replicates: 8 };

/** What the page computed, for readers of the console and for the browser test. */
const state = (globalThis.lipvarExplorer = { status: "idle", config: null, stages: [], variance: null, decay: null, error: null });

for (const [name, value] of new URLSearchParams(location.search)) {
  if (form.elements[name]) form.elements[name].value = value;
}

function readConfig() {
  const f = form.elements;
  const int = (name) => Number(f[name].value);
  const dist = f.dist.value;
  return {
    d: int("d"),
    n: int("n"),
    dist,
    beta: dist === "gnd" ? Number(f.beta.value) : BETA[dist],
    transform: f.transform.value,
    qStd: f.transform.value === "sll" ? Number(f.qStd.value) : 0,
    depth: int("depth"),
    biasStd: Number(f.biasStd.value),
    samples: int("samples"),
    seed: int("seed"),
    workers: int("workers"),
    build: f.build.value,
  };
}

function syncEnabled() {
  form.elements.beta.disabled = form.elements.dist.value !== "gnd";
  form.elements.qStd.disabled = form.elements.transform.value !== "sll";
}

const fmt = (x) => (x === null || x === undefined || !Number.isFinite(x) ? "—" : x.toPrecision(6));

function setRow(key, value, d, se) {
  const cells = document.querySelectorAll(`tr[data-key="${key}"] td`);
  cells[1].textContent = se === undefined ? fmt(value) : `${fmt(value)} ± ${fmt(se)}`;
  cells[2].textContent = value === null || value === undefined ? "—" : se === undefined ? fmt(d * value) : `${fmt(d * value)} ± ${fmt(d * se)}`;
}

function showAnalytic(c) {
  const aol = c.transform === "aol" || c.qStd === 0;
  setRow("exact", c.beta === 2 && aol ? exactGaussianVariance(c.d, c.n) : null, c.d);
  setRow("meanField", meanFieldVariance(c.d, c.n, { beta: c.beta }), c.d);
  // The author's closed forms cover Laplace, normal and uniform weights only.
  setRow("paper", [1, 2, Infinity].includes(c.beta) ? paperClosedForm(c.d, c.n, { beta: c.beta }) : null, c.d);
  setRow("upper", upperBound(c.d, c.n), c.d);
  setRow("monteCarlo", null, c.d);
}

function status(text, done = 0, total = 1) {
  el("status").textContent = text;
  const bar = document.querySelector("#progress progress");
  bar.max = total;
  bar.value = done;
}

let chart;
let generation = 0;

async function run() {
  const mine = ++generation;
  const c = readConfig();
  Object.assign(state, { status: "running", config: c, stages: [], variance: null, decay: null, error: null });
  document.body.dataset.status = "running";
  el("error").hidden = true;
  el("notes").textContent = "";
  try {
    showAnalytic(c);
    const options = { build: c.build };
    const variance = { transform: c.transform, qStd: c.qStd, d: c.d, n: c.n, dist: c.dist === "gnd" ? "gnd" : c.dist, beta: c.beta, seed: c.seed, workers: c.workers, histogram: false };
    if (c.dist !== "gnd") delete variance.beta;
    let samples = Math.min(c.samples, FIRST_STAGE);
    for (;;) {
      const r = await runWeightVariance({ ...variance, samples }, { ...options, onProgress: (done, total) => status(`Monte Carlo: ${samples.toLocaleString("en")} matrices`, done, total) });
      if (mine !== generation) return;
      state.stages.push({ samples, estimate: r.estimate, se: r.se });
      state.variance = r;
      setRow("monteCarlo", r.estimate, c.d, r.se);
      el("notes").textContent = `${r.samples.toLocaleString("en")} matrices on ${r.run.workers} Web Worker(s), Wasm build ${r.run.build}, ${r.run.seconds.toFixed(2)} s. ${r.notes.join(" ")}`;
      if (samples >= c.samples) break;
      samples = Math.min(c.samples, samples * 4);
    }
    const decay = await runDecay(
      { depth: c.depth, width: c.d, batch: DECAY.batch, replicates: DECAY.replicates, seed: c.seed, dist: variance.dist, beta: variance.beta, biasStd: c.biasStd, workers: c.workers, histogramBins: 0 },
      { ...options, onProgress: (done, total) => status(`depth: ${c.depth} layers × ${DECAY.replicates} networks`, done, total) },
    );
    if (mine !== generation) return;
    state.decay = decay;
    chart?.destroy();
    chart = new Chart(el("depth-chart"), depthVarianceFigure(decay));
    status(`done: Var[w̄] from ${state.variance.samples.toLocaleString("en")} matrices; depth ${c.depth} from ${DECAY.replicates} networks of width ${c.d}`, 1, 1);
    state.status = "done";
  } catch (e) {
    if (mine !== generation) return;
    state.status = "error";
    state.error = e instanceof Error ? e.message : String(e);
    el("error").textContent = state.error;
    el("error").hidden = false;
    status("stopped", 0, 1);
  }
  document.body.dataset.status = state.status;
}

form.addEventListener("change", syncEnabled);
form.addEventListener("submit", (event) => {
  event.preventDefault();
  void run();
});
syncEnabled();
void run();
