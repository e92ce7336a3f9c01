// The explorer page: a consumer of lipvar's prebuilt browser bundle like any
// other page (it imports nothing from src/). The form's settings live in the
// URL query (read on load, written back on every change, so the address bar
// can be shared). It shows the closed forms at once, runs the Monte Carlo in
// Web Workers in stages of growing size (each stage a complete run with the
// same seed, so the last one is exactly `runWeightVariance` with the chosen
// number of matrices), then the depth experiment (an AOL stack, or the
// author's SLL feed-forward layer; i.i.d. or orthogonal weights; ReLU or a
// gradient-norm-preserving activation), then Var[w̄] against the layer size (a
// sweep), drawn with the report's chart configurations; the weight density
// is drawn at once. "Copy the lipvar commands" gives the CLI lines that
// compute the same numbers; JSON and CSV downloads give them as files.
import { exactGaussianVariance, meanFieldVariance, paperClosedForm, runDecay, runSweep, runWeightVariance, upperBound } from "../dist/browser/lipvar.js";
import { depthVarianceFigure, setUpChartJs, sgndDensityFigure, sizeVarianceFigure } from "../dist/browser/lipvar-charts.js";

const Chart = globalThis.Chart; // chart.umd.js
setUpChartJs(Chart);

const form = document.getElementById("controls");
const el = (id) => document.getElementById(id);
const BETA = { gaussian: 2, laplace: 1, uniform: Infinity };
const DIST_LABEL = { gaussian: "Gaussian (β = 2)", laplace: "Laplace (β = 1)", uniform: "uniform (β = ∞)" };
/** Matrices per chunk (lipvar's default) and the first stage's size. */
const FIRST_STAGE = 2 * 4096;
/** Networks and inputs per network of the depth experiment. */
const DECAY = { batch: 256, replicates: 8 };
/** The sizes of the Var[w̄]-against-size chart (and the chosen one up to the largest), and its matrices per point at most. */
const SIZES = [2, 4, 8, 16, 32, 64, 128];
const SIZE_SAMPLES = 4096;
/** Web Workers: the browser's logical cores (the form's limit is 64). */
const DEFAULT_WORKERS = Math.max(1, Math.min(64, navigator.hardwareConcurrency || 2));

/** What the page computed, for readers of the console and for the browser test. */
const state = (globalThis.lipvarExplorer = { status: "idle", config: null, stages: [], variance: null, decay: null, sweep: null, commands: null, error: null });

// Defaults: the form's own values (workers: this browser's cores); the URL holds only what differs from them.
form.elements.workers.value = String(DEFAULT_WORKERS);
const FIELDS = [...form.elements].filter((e) => e.name);
const DEFAULTS = Object.fromEntries(FIELDS.map((e) => [e.name, e.value]));

for (const [name, value] of new URLSearchParams(location.search)) {
  if (form.elements[name]) form.elements[name].value = value;
}

/** Write the form's settings into the address bar (history.replaceState: no new history entry per keystroke). */
function writeUrl() {
  const query = new URLSearchParams();
  for (const e of FIELDS) if (e.value !== DEFAULTS[e.name]) query.set(e.name, e.value);
  const search = query.toString();
  history.replaceState(null, "", `${location.pathname}${search ? `?${search}` : ""}${location.hash}`);
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
    width: int("width"),
    init: f.init.value,
    activation: f.activation.value,
    biasStd: Number(f.biasStd.value),
    samples: int("samples"),
    sizeAxis: f.sizeAxis.value,
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

// ---------------------------------------------------------------- the runs' configs

/** The weights as every experiment takes them: dist, and beta for gnd only. */
function weights(c) {
  return c.dist === "gnd" ? { dist: "gnd", beta: c.beta } : { dist: c.dist };
}

function varianceConfig(c, samples) {
  return { transform: c.transform, qStd: c.qStd, d: c.d, n: c.n, ...weights(c), samples, seed: c.seed, histogram: false };
}

/**
 * The depth stack: AOL (column Gram), or the author's feed-forward SLL layer
 * (row Gram, q = exp(θ), θ ~ N(0, s²)); weights i.i.d. from the chosen
 * distribution or orthogonal (Haar: the distribution does not apply), and
 * the chosen activation (the remedies of MATH.md).
 */
function decayConfig(c) {
  return {
    depth: c.depth,
    width: c.width,
    batch: DECAY.batch,
    replicates: DECAY.replicates,
    seed: c.seed,
    transform: c.transform,
    qStd: c.qStd,
    init: c.init,
    activation: c.activation,
    ...(c.init === "iid" ? weights(c) : {}),
    biasStd: c.biasStd,
    histogramBins: 0,
  };
}

/** The sweep of the size chart: the varying dimension over SIZES (and the chosen value up to 256), the other fixed. */
function sweepConfig(c) {
  const chosen = c.sizeAxis === "d" ? c.d : c.n;
  const sizes = [...new Set([...SIZES, ...(chosen <= 256 ? [chosen] : [])])].sort((a, b) => a - b);
  return {
    transform: c.transform,
    qStd: c.qStd,
    d: c.sizeAxis === "d" ? sizes : [c.d],
    n: c.sizeAxis === "n" ? sizes : [c.n],
    ...(c.dist === "gnd" ? { dist: "gnd", beta: [c.beta] } : { dist: c.dist }),
    seeds: [c.seed],
    samples: Math.min(c.samples, SIZE_SAMPLES),
  };
}

/** The `lipvar` command lines that compute the same numbers as the page (the Wasm build and the workers never change them). */
function commandsFor(c) {
  const w = c.dist === "gnd" ? `--dist gnd --beta ${c.beta}` : `--dist ${c.dist}`;
  const sll = c.transform === "sll" ? ` --q-std ${c.qStd}` : "";
  const s = sweepConfig(c);
  return [
    `lipvar variance --transform ${c.transform}${sll} --d ${c.d} --n ${c.n} ${w} --samples ${c.samples} --seed ${c.seed} --histogram-bins 0`,
    `lipvar decay --depth ${c.depth} --width ${c.width} --batch ${DECAY.batch} --replicates ${DECAY.replicates} --seed ${c.seed} --transform ${c.transform}${sll}` +
      `${c.init === "iid" ? ` ${w}` : " --init orthogonal"}${c.activation === "relu" ? "" : ` --activation ${c.activation}`} --bias-std ${c.biasStd}`,
    `lipvar sweep --transform ${c.transform}${sll} --d ${s.d.join(",")} --n ${s.n.join(",")} ${w} --seeds ${c.seed} --samples ${s.samples}`,
  ];
}

// ---------------------------------------------------------------- charts and downloads

const charts = {};

/** Draw a report chart configuration into a canvas, resized with its column (same aspect as the 1000×650 PNGs). */
function draw(id, config) {
  charts[id]?.destroy();
  charts[id] = new Chart(el(id), { ...config, options: { ...config.options, responsive: true, maintainAspectRatio: true, aspectRatio: 1000 / 650 } });
}

function densityLabel(c) {
  return c.dist === "gnd" ? `GND (β = ${c.beta})` : DIST_LABEL[c.dist];
}

/** Every number on screen as one tidy table: chart, series, x, y, se (empty when none). */
function csvRows() {
  const rows = [["chart", "series", "x", "y", "se"]];
  const v = state.variance;
  if (v) {
    const d = state.config.d;
    rows.push(["variance", "monte carlo", d, v.estimate, v.se]);
    for (const [name, value] of [["exact", v.exact], ["mean-field", v.meanField], ["paper closed form", v.paper], ["upper bound 1/d", v.upper]]) {
      if (value !== null) rows.push(["variance", name, d, value, ""]);
    }
  }
  for (const l of state.decay?.layers ?? []) {
    rows.push(["depth", "measured", l.layer, l.variance, l.varianceSe]);
    rows.push(["depth", "predicted", l.layer, l.predicted, ""]);
  }
  for (const p of state.sweep?.points ?? []) {
    const x = p.config[state.config.sizeAxis];
    rows.push(["size", "monte carlo", x, p.estimate, p.se]);
    if (p.exact !== null) rows.push(["size", "exact", x, p.exact, ""]);
    rows.push(["size", "mean-field", x, p.meanField, ""]);
    if (p.paper !== null) rows.push(["size", "paper closed form", x, p.paper, ""]);
    rows.push(["size", "upper bound 1/d", x, p.upper, ""]);
  }
  // Full precision: String(x) round-trips a double.
  return rows.map((r) => r.map((x) => (typeof x === "string" && /[",\n]/.test(x) ? `"${x.replace(/"/g, '""')}"` : String(x))).join(",")).join("\n") + "\n";
}

function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function snapshot() {
  return { page: location.href, commands: state.commands, config: state.config, variance: state.variance, decay: state.decay, sweep: state.sweep };
}

el("download-json").addEventListener("click", () => download("lipvar-explorer.json", "application/json", JSON.stringify(snapshot(), null, 1) + "\n"));
el("download-csv").addEventListener("click", () => download("lipvar-explorer.csv", "text/csv", csvRows()));
el("copy-command").addEventListener("click", async () => {
  const text = el("commands").textContent;
  try {
    await navigator.clipboard.writeText(text);
    el("copied").textContent = "copied";
  } catch {
    // No clipboard access (an insecure origin, or refused): select the text for Ctrl-C.
    getSelection().selectAllChildren(el("commands"));
    el("copied").textContent = "selected: press Ctrl-C";
  }
});

// ---------------------------------------------------------------- the run

let generation = 0;

async function run() {
  const mine = ++generation;
  const c = readConfig();
  Object.assign(state, { status: "running", config: c, stages: [], variance: null, decay: null, sweep: null, commands: null, error: null });
  document.body.dataset.status = "running";
  el("error").hidden = true;
  el("notes").textContent = "";
  el("copied").textContent = "";
  try {
    showAnalytic(c);
    state.commands = commandsFor(c);
    el("commands").textContent = state.commands.join("\n");
    draw("density-chart", sgndDensityFigure(c.beta, densityLabel(c)));
    const options = { build: c.build, workers: c.workers };
    let samples = Math.min(c.samples, FIRST_STAGE);
    for (;;) {
      const r = await runWeightVariance({ ...varianceConfig(c, samples), workers: c.workers }, { build: c.build, onProgress: (done, total) => status(`Monte Carlo: ${samples.toLocaleString("en")} matrices`, done, total) });
      if (mine !== generation) return;
      state.stages.push({ samples, estimate: r.estimate, se: r.se });
      state.variance = r;
      setRow("monteCarlo", r.estimate, c.d, r.se);
      el("notes").textContent = `${r.samples.toLocaleString("en")} matrices on ${r.run.workers} Web Worker(s), Wasm build ${r.run.build}, ${r.run.seconds.toFixed(2)} s. ${r.notes.join(" ")}`;
      if (samples >= c.samples) break;
      samples = Math.min(c.samples, samples * 4);
    }
    const decay = await runDecay({ ...decayConfig(c), workers: c.workers }, { build: c.build, onProgress: (done, total) => status(`depth: ${c.depth} layers × ${DECAY.replicates} networks`, done, total) });
    if (mine !== generation) return;
    state.decay = decay;
    draw("depth-chart", depthVarianceFigure(decay));
    const sweep = await runSweep(sweepConfig(c), { ...options, onProgress: (done, total) => status(`Var[w̄] against ${c.sizeAxis}`, done, total) });
    if (mine !== generation) return;
    state.sweep = sweep;
    draw("size-chart", sizeVarianceFigure(sweep, c.sizeAxis));
    status(`done: Var[w̄] from ${state.variance.samples.toLocaleString("en")} matrices; depth ${c.depth} from ${DECAY.replicates} networks of width ${c.width}; ${sweep.points.length} sizes`, 1, 1);
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

form.addEventListener("input", writeUrl);
form.addEventListener("change", () => {
  syncEnabled();
  writeUrl();
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  void run();
});
syncEnabled();
writeUrl();
void run();
