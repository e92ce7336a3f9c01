/**
 * index.md and README.md of a report: the claims with their computed
 * verdicts, tables of the numbers ± SE, and the figures. Text only arranges
 * numbers from the results; verdicts come from claims.ts.
 */
import { remediesSection } from "./remedies-md.js";
import type { ReportResults } from "./results.js";
import { figureFile, type Figure } from "./figures/index.js";
import { plainText } from "./plugins.js";
import type { FigureFormat } from "./render.js";
import { APPROX_REL, K_SE, type ClosedFormRegion, closedFormRegions, closedFormsAtNOne, evaluateClaims, fixedPointTest, maxRelativeDifference, type Claim } from "./claims.js";
import { squareRatioAsymptote } from "../analytic/index.js";
import { AUTHOR_FIGURE_SETTINGS } from "./config.js";
import { formatEstimate, formatNumber, markdownTable } from "./markdown.js";
import { trainingSection } from "./training-md.js";
import { remediesTrainingSection, withTrainedAccuracy } from "./remedies-training.js";

const f = (x: number | null) => (x === null ? "—" : formatNumber(x));

/** How a report was written, for its README and its figure links. */
export interface ReportWriting {
  /** The folder as the user named it (--out). */
  outDir: string;
  figureFormat: FigureFormat;
  figureScale: number;
  /** false: written with --no-figures (default true). */
  figures?: boolean;
}

/** The `lipvar report` command line that writes this report again (same folder, seed, size and figure options). */
export function reportCommand(r: ReportResults, w: ReportWriting): string {
  const quote = (p: string) => (/^[\w./@%+=:,-]+$/.test(p) ? p : `'${p.replace(/'/g, "'\\''")}'`);
  return [
    "lipvar report",
    `--out ${quote(w.outDir)}`,
    `--seed ${r.meta.seed}`,
    ...(r.meta.quick ? ["--quick"] : r.meta.authorSettings ? ["--author-settings"] : []),
    ...(w.figures === false ? ["--no-figures"] : []),
    ...(w.figures !== false && w.figureFormat !== "png" ? [`--figure-format ${w.figureFormat}`] : []),
    ...(w.figures !== false && w.figureScale !== 1 ? [`--figure-scale ${w.figureScale}`] : []),
  ].join(" ");
}

/** A caption in Markdown: `_{…}` subscripts as <sub>…</sub>. */
function markdownCaption(caption: string): string {
  return caption.replace(/_\{([^}]*)\}/g, "<sub>$1</sub>");
}

/**
 * Math subscripts in Markdown prose as <sub>: "_{…}" markup, and a single
 * letter's "_" subscript (σ_b, y_ℓ, t_i, V_Gaussian, d_{ℓ+1}), which Markdown
 * would otherwise show with its raw underscore. Code spans, link targets and
 * identifiers (gradient_multi_layer, a_b inside a word) are left as they are.
 */
export function markdownMath(text: string): string {
  const prose = (segment: string) =>
    segment
      .replace(/(^|[^\p{L}\p{N}_])(\p{L})_\{([^}]*)\}/gu, "$1$2<sub>$3</sub>")
      .replace(/(^|[^\p{L}\p{N}_])(\p{L})_([\p{L}\p{Nd}]+)(?![\p{L}\p{Nd}_])/gu, "$1$2<sub>$3</sub>");
  // Code spans (`…`) and link targets (](…)) pass through untouched.
  return text.split(/(`[^`\n]*`|\]\([^)\n]*\))/).map((part, i) => (i % 2 === 1 ? part : prose(part))).join("");
}

/** The figure in index.md: an image (PNG, SVG), or a link for PDF (which Markdown viewers do not show inline). */
function figureMarkdown(fig: Figure, format: FigureFormat): string {
  const path = `figures/${figureFile(fig, format)}`;
  const alt = plainText(fig.caption).replace(/[[\]]/g, "");
  return format === "pdf" ? `[${alt} (PDF)](${path})` : `![${alt}](${path})`;
}

export function reportIndex(r: ReportResults, figures: Figure[], w: ReportWriting): string {
  const s = r.stages;
  const out: string[] = [];
  out.push(`# lipvar report${r.meta.quick ? " (quick)" : r.meta.authorSettings ? " (author's settings)" : ""}`, "");
  out.push(
    `lipvar ${r.meta.lipvarVersion}, Node ${r.meta.nodeVersion}, Wasm build ${r.meta.wasmBuild}, seed ${r.meta.seed}. ` +
      "Every number here and in the figures is in `results.json` (with the config). Written by `" + reportCommand(r, w) + "`, which writes it again.",
    "",
  );
  const claims = evaluateClaims(r);
  const legend =
    `Verdicts are computed from the numbers: **holds** = within ${K_SE} standard errors everywhere; ` +
    `**holds approximately** = beyond ${K_SE} SE somewhere but within ${100 * APPROX_REL}% relative; **fails** otherwise (the worst point is named); ` +
    "**identity** = follows from an identity (t_i ≥ ‖w_i‖², or W̄ homogeneous of degree 0 in W) and can fail only on a bug, so it gets no statistical verdict. " +
    `The last column says what each test could detect: the smallest relative departure it would flag at ${K_SE} SE, or how many SEs separate the result from a named alternative.`;
  const claimRows = (cs: Claim[]) => cs.map((c) => [c.claim, c.source, `**${c.verdict}**`, c.text, c.power]);
  out.push("## The paper's claims", "");
  out.push(
    "Each claim of the paper (arXiv 2503.00240: its abstract, theorems and figures) or of its author's code " +
      "(Marius-Juston/SLLLipschitzInitialization, file and lines), with lipvar's verdict. " + legend,
    "",
  );
  out.push(markdownTable(["claim", "source", "verdict", "evidence", "what the test could detect"], claimRows(claims.paper), ["left", "left", "left", "left", "left"]), "");
  out.push("## lipvar's own findings", "");
  out.push("What lipvar finds beyond the paper's claims (same rules).", "");
  out.push(markdownTable(["finding", "source", "verdict", "evidence", "what the test could detect"], claimRows(claims.findings), ["left", "left", "left", "left", "left"]), "");

  out.push("## The author's GND closed forms (plotting script)", "");
  out.push(
    "The three closed forms lipvar calls the paper's (`paperClosedForm`) are the formulas of the author's plotting script " +
      "`src/distribution/generalized_normal_plots.py`, lines 6–15: Laplace `2/(2√d(n−1) + (d−1)d + 2)`, normal `1/(√d(√d + n − 1))`, " +
      "uniform `(1+d)/(d^{3/2}(n−1) + d^{1/2}(n−1) + 4d − 2)`. The script draws them as a surface over d, n ∈ [1, 10] and never " +
      "compares them with simulation; the abstract calls the generalised result an upper bound. Below they are read both ways, " +
      "separately inside the plotted domain and beyond it: as an upper bound (violated where Monte Carlo exceeds the form by more " +
      `than ${K_SE} SE) and as an approximation (relative error form/MC − 1).`,
    "",
  );
  out.push(
    markdownTable(
      ["form", "region", "points", "upper bound violated at", "median |form/MC − 1|", "largest |form/MC − 1| (at (d, n))"],
      closedFormRegions(r).map((x) => [
        x.dist,
        x.region === "inside" ? "inside d, n ∈ [1, 10]" : "beyond",
        x.points,
        boundWhere(x, r),
        `${(100 * x.medianRelError).toPrecision(2)}%`,
        `${(100 * x.maxRelError).toPrecision(3)}% at (${x.maxAt.d}, ${x.maxAt.n})`,
      ]),
    ),
    "",
  );
  const one = closedFormsAtNOne(8);
  out.push(
    `At n = 1 every t_i = ‖w_i‖², so Var[w̄] = 1/d exactly; the forms give ${one.map((x) => `${x.dist} ${formatNumber(x.value)}`).join(", ")} at d = 8 (exact 0.125): ` +
      "only the normal form is consistent — the Laplace form `2/(d² − d + 2)` lies below the exact value and the uniform form `(1+d)/(4d − 2)` above the hard bound 1/d for d ≥ 3.",
    "",
  );

  const fp = s["fixed-point"];
  const fpt = fixedPointTest(fp);
  out.push(`## Bias fixed point (width ${fp.config.widths[0]}, depth ${fp.config.depth}, σ_b = ${fp.config.biasStd}, ${fp.config.replicates} networks × ${fp.config.batch} inputs)`, "");
  out.push(
    `Per network, the mean over layers ${fp.pooled.tailFrom}–${fp.config.depth} (past the transient) of Var[y_ℓ]/predicted_ℓ; mean ± SE over networks. ` +
      `The prediction there is the fixed point σ_b²/(1−r) with r = ${formatNumber(fpt.r)}; the alternatives, relative to it, are (1−r) for σ_b² and (1−r)/(1−2r) for σ_b²/(1−2r).`,
    "",
  );
  out.push(
    markdownTable(
      ["hypothesis", "measured / hypothesis level", "(measured − hypothesis)/SE"],
      [
        ["σ_b²/(1−r) (the claim)", formatEstimate(fpt.tail.value, fpt.tail.se), (fpt.z).toFixed(1)],
        ...fpt.alternatives.map((a) => [a.name, formatEstimate(fpt.tail.value / a.ratio, fpt.tail.se / a.ratio), a.z.toFixed(1)]),
      ],
    ),
    "",
  );

  out.push("## Layer-to-layer ratio without bias: finite-n r and the asymptote", "");
  out.push(
    "Per network, the mean over layers ℓ ≥ 2 of Var[y_ℓ]/Var[y_ℓ−1] relative to the predicted r = (n/2)·V(n, n); mean ± SE over networks, " +
      "shown as r (times the exact r). The asymptote √(π/8)/√n is lipvar's, not the paper's.",
    "",
  );
  out.push(
    markdownTable(
      ["width n", "networks × layers", "measured r ± SE", "exact finite-n r", "(measured − exact)/SE", "√(π/8)/√n", "asymptote/exact − 1"],
      s["decay-large"].filter((d) => d.pooled.step !== null).map((d) => {
        const n = d.config.widths[0];
        const exactR = d.layers[1].predictedRatio;
        const a = squareRatioAsymptote(n);
        return [n, `${d.config.replicates} × ${d.config.depth}`, formatEstimate(d.pooled.step!.value * exactR, d.pooled.step!.se * exactR), formatNumber(exactR), ((d.pooled.step!.value - 1) / d.pooled.step!.se).toFixed(1), formatNumber(a), `${(100 * (a / exactR - 1)).toFixed(1)}%`];
      }),
    ),
    "",
  );

  const sc = s.scale;
  out.push("## Scale invariance: the same seeds at several weight scales", "");
  out.push(
    "`--weight-std` sets the raw weights' standard deviation; the draws at two scales are the same draws times the ratio of the scales. " +
      "Var[w̄] (Gaussian (8, 8), Laplace (16, 4)), the AOL stack with bias and the SLL residual stack without bias agree to rounding; " +
      "the SLL residual stack with a bias does not (scaling P by c acts like dividing the bias by c).",
    "",
  );
  const base = sc.find((x) => x.weightStd === 1) ?? sc[0];
  out.push(
    markdownTable(
      ["weight std", "Var[w̄] Gaussian (8,8)", "Var[w̄] Laplace (16,4)", "AOL Var[y_L], bias", "SLL residual, no bias", "SLL residual, bias", "max rel. diff. vs std 1 (scale-free runs)"],
      sc.map((x) => [
        x.weightStd.toExponential(0),
        formatNumber(x.variance[0].estimate),
        formatNumber(x.variance[1].estimate),
        formatNumber(x.decay.layers.at(-1)!.variance),
        formatNumber(x.residual.layers.at(-1)!.variance),
        formatNumber(x.residualBias.layers.at(-1)!.variance),
        base ? maxRelativeDifference([...x.variance.map((v) => v.estimate), ...x.decay.layers.map((l) => l.variance), ...x.residual.layers.map((l) => l.variance)], [...base.variance.map((v) => v.estimate), ...base.decay.layers.map((l) => l.variance), ...base.residual.layers.map((l) => l.variance)]).toPrecision(2) : "—",
      ]),
    ),
    "",
  );

  const ns = s["non-square"];
  out.push("## Non-square layers and the two Gram conventions", "");
  out.push(
    "Column convention (AOL, Prach & Lampert): W̄ = W·diag(t)^{-1/2}, t from WᵀW, Var[w̄] = V(d, n). Row convention (the author's feed-forward SLL layer on a PyTorch out × in weight): " +
      "W̄ = diag(t)^{-1/2}·W, t from WWᵀ, Var[w̄] = V(n, d). Same draws, rescaled both ways; ± SE over networks.",
    "",
  );
  for (const [name, d] of [["column Gram", ns.column], ["row Gram", ns.row], ["row Gram, the author's widths", ns.author]] as const) {
    out.push(`**${name}** (widths ${d.config.widths.join(", ")}, ${d.config.replicates} networks × ${d.config.batch} inputs)`, "");
    out.push(
      markdownTable(
        ["layer", "n → d", "Var[w̄] used", "Var[y] ± SE", "predicted", "ratio", "grad² ratio"],
        d.layers.map((l) => [l.layer, `${l.n} → ${l.d}`, formatNumber(l.rescaledVariance), formatEstimate(l.variance, l.varianceSe), f(l.predicted), formatEstimate(l.ratio, l.ratioSe), formatEstimate(l.gradRatio, l.gradRatioSe)]),
      ),
      "",
    );
  }

  const au = s.author;
  const A = AUTHOR_FIGURE_SETTINGS;
  out.push("## The author's settings", "");
  out.push(
    "The author's figure configurations (`src/distribution/distribution.py`, `paper_figures`) rerun at the sizes below, so lipvar's figures 11 can be laid beside the paper's. " +
      (r.meta.authorSettings
        ? "This report ran with `--author-settings`: the largest sizes that fit this machine."
        : "This report uses reduced sizes; `lipvar report --author-settings` runs the largest that fit (forward width 1024, tied gradients at the author's width 2024; about 5–10 minutes on 2 cores)."),
    "",
  );
  out.push(
    markdownTable(
      ["setting", "the author", "this report", "why it differs"],
      [
        ["forward: layers × width", `${A.forward.depth} × ${A.forward.width}`, `${au.forwardNoBias.config.depth} × ${au.forwardNoBias.config.widths[0]}`, "15 independent 8192² layers are 8 GB of doubles: more than a Wasm instance can address (3.5 GiB), and hours on 2 cores"],
        ["forward: inputs", `${A.forward.batch.toLocaleString("en-US")} × 1 network`, `${au.forwardNoBias.config.batch} × ${au.forwardNoBias.config.replicates} networks`, "SEs need several independent networks"],
        ["bias", `b ~ N(0, ${A.biasStd}) per unit`, `b ~ N(0, ${au.forwardBias.config.biasStd}²) per unit, shared by the batch`, "—"],
        ["gradients: layers × width", `${A.gradient.depth} tied × ${A.gradient.width}`, `${au.gradientNoBias.config.depth} tied × ${au.gradientNoBias.config.widths[0]}`, au.gradientNoBias.config.widths[0] === A.gradient.width ? "—" : "reduced for time (see --author-settings)"],
        ["gradients: inputs", `${A.gradient.batches} × ${A.gradient.batch.toLocaleString("en-US")}`, `${au.gradientNoBias.config.batch} × ${au.gradientNoBias.config.replicates} networks`, "time"],
        ["gradients: loss", "Σ ReLU(y_L)", "Σ ReLU(y_L)", "—"],
        ["layer-1 factor of the forward curve", "(n/2)·V (ReLU ½ at layer 1 too)", "n·V (the input is not a ReLU output); the author's curve drawn alongside", "the author's curve is 2× low at every layer"],
      ],
    ),
    "",
  );
  const l1 = au.forwardNoBias.layers[0];
  const gr = [...au.gradientNoBias.layers, ...au.gradientBias.layers];
  const worstG = gr.reduce((a, b) => (Math.abs(b.gradRatio - 1) > Math.abs(a.gradRatio - 1) ? b : a));
  out.push(
    `Forward, layer 1: measured/lipvar = ${formatEstimate(l1.ratio, l1.ratioSe)}, measured/(the author's curve) = ${formatEstimate(l1.variance / (l1.predicted / 2), l1.varianceSe / (l1.predicted / 2))}. ` +
      `Tied-weight gradients against the independent-layer prediction: measured/predicted from ${Math.min(...gr.map((l) => l.gradRatio)).toFixed(2)} to ${Math.max(...gr.map((l) => l.gradRatio)).toFixed(2)} (worst ${formatEstimate(worstG.gradRatio, worstG.gradRatioSe)} at layer ${worstG.layer}).`,
    "",
  );

  out.push("## Rescaled-weight variance, Gaussian AOL, d = n", "");
  out.push(
    markdownTable(
      ["d = n", "matrices", "Monte Carlo ± SE", "exact V", "(MC − exact)/SE", "mean-field", "1/d"],
      s["variance-gaussian"].map((x) => [x.config.d, x.samples, formatEstimate(x.estimate, x.se), f(x.exact), x.exact === null ? "—" : ((x.estimate - x.exact) / x.se).toFixed(2), f(x.meanField), f(x.upper)]),
    ),
    "",
  );
  out.push("## Mean-field against Monte Carlo at the claimed shapes", "");
  out.push(markdownTable(["(d, n)", "Monte Carlo ± SE", "exact V", "mean-field", "(mean-field − MC)/SE"], s["mean-field"].map((x) => [`(${x.config.d}, ${x.config.n})`, formatEstimate(x.estimate, x.se), f(x.exact), f(x.meanField), ((x.meanField - x.estimate) / x.se).toFixed(1)])), "");

  out.push("## By distribution: d·Var[w̄] (1 = the bound)", "");
  const dsz = s["variance-distributions"][0]?.results.map((x) => x.config.d) ?? [];
  out.push(markdownTable(["distribution", ...dsz.map((d) => `d = ${d}`)], s["variance-distributions"].map((run) => [run.label, ...run.results.map((x) => formatEstimate(x.config.d * x.estimate, x.config.d * x.se))])), "");

  out.push(...preciseSection(r));

  out.push("## The author's GND closed forms against Monte Carlo, point by point", "");
  out.push(
    markdownTable(
      ["dist", "(d, n)", "Monte Carlo ± SE", "closed form", "form/MC − 1", "(form − MC)/SE"],
      s["paper-grid"].filter((x) => x.paper !== null).map((x) => [x.config.dist, `(${x.config.d}, ${x.config.n})`, formatEstimate(x.estimate, x.se), f(x.paper), `${(100 * (x.paper! / x.estimate - 1)).toFixed(2)}%`, x.se > 1e-12 * x.estimate ? ((x.paper! - x.estimate) / x.se).toFixed(1) : "exact: 1/d"]),
    ),
    "",
  );

  for (const [name, d] of [["without bias", s.decay.noBias], ["with bias σ_b = " + s.decay.bias.config.biasStd, s.decay.bias]] as const) {
    out.push(`## Depth: AOL stack ${name} (width ${d.config.widths[0]}, ${d.config.replicates} networks × ${d.config.batch} inputs)`, "");
    out.push(
      markdownTable(
        ["layer", "Var[y] ± SE", "predicted", "ratio", "grad² ± SE", "predicted", "ratio"],
        d.layers.map((l) => [l.layer, formatEstimate(l.variance, l.varianceSe), f(l.predicted), formatEstimate(l.ratio, l.ratioSe), formatEstimate(l.gradVariance, l.gradVarianceSe), f(l.gradPredicted), formatEstimate(l.gradRatio, l.gradRatioSe)]),
      ),
      "",
    );
  }
  out.push(`## SLL residual vs AOL feed-forward (width ${s.residual.config.width})`, "");
  out.push(markdownTable(["layer", "SLL mean square ± SE", "SLL predicted", "AOL Var[y] ± SE", "AOL predicted"], s.residual.layers.map((l) => [l.layer, formatEstimate(l.variance, l.varianceSe), f(l.predicted), formatEstimate(l.aolVariance, l.aolVarianceSe), f(l.aolPredicted)])), "");
  for (const n of s.residual.notes) out.push(`- ${n}`);
  out.push("");
  out.push("## SGND sampler", "");
  out.push(
    markdownTable(
      ["β", "draws", "variance ± SE", "analytic", "kurtosis ± SE", "analytic", "KS D (1% critical)"],
      s.sampler.map((x) => [x.beta, x.check.config.count, formatEstimate(x.check.variance.sample, x.check.variance.se), f(x.check.variance.analytic), formatEstimate(x.check.kurtosis.sample, x.check.kurtosis.se), f(x.check.kurtosis.analytic), `${x.check.ks.statistic.toPrecision(3)} (${x.check.ks.critical.toPrecision(3)})`]),
    ),
    "",
  );
  out.push(...remediesSection(withTrainedAccuracy(r)));
  out.push(...trainingSection(s.training));
  out.push(...remediesTrainingSection(r));
  out.push("## Figures", "");
  if (figures.length === 0) out.push("This report was written with `--no-figures`: every number behind the figures is in `results.json`.", "");
  for (const fig of figures) out.push(`### ${markdownCaption(fig.caption)}`, "", figureMarkdown(fig, w.figureFormat), "");
  return markdownMath(out.join("\n"));
}

/** Where a closed form fails as an upper bound, or (when shorter) where it holds: "none", "all 16", "29 of 36; holds only at (1, 1) …". */
function boundWhere(x: ClosedFormRegion, r: ReportResults): string {
  if (x.violations.length === 0) return "none";
  if (x.violations.length === x.points) return `all ${x.points}`;
  const bad = new Set(x.violations.map((v) => `${v.d},${v.n}`));
  const shapes = r.stages["paper-grid"].filter((p) => p.config.dist === x.dist && p.paper !== null && (p.config.d <= 10 && p.config.n <= 10) === (x.region === "inside"));
  const holds = shapes.filter((p) => !bad.has(`${p.config.d},${p.config.n}`)).map((p) => `(${p.config.d}, ${p.config.n})`);
  const violated = x.violations.map((v) => `(${v.d}, ${v.n})`);
  return holds.length < violated.length ? `${x.violations.length} of ${x.points}; holds only at ${holds.join(" ")}` : `${x.violations.length} of ${x.points}: ${violated.join(" ")}`;
}

/** README.md of a report folder: what this folder is, what it holds, and the command that wrote it (so: how to write it again). */
export function reportReadme(r: ReportResults, w: ReportWriting): string {
  const ext = w.figureFormat;
  const kind = ext === "png" ? `PNG${w.figureScale !== 1 ? ` at ${w.figureScale}× pixel density (${Math.round(1000 * w.figureScale)}×${Math.round(650 * w.figureScale)} pixels)` : " (1000×650 pixels)"}` : ext === "svg" ? "SVG (vector; 1000×650 pt)" : "PDF (vector, one page each; 1000×650 pt)";
  const size = r.meta.quick ? " (the --quick sizes)" : r.meta.authorSettings ? " (with the author's figure settings)" : "";
  return [
    `# ${w.outDir.replace(/\/+$/, "")}/`,
    "",
    `A lipvar report${size}, written by \`${reportCommand(r, w)}\` (lipvar ${r.meta.lipvarVersion}, Node ${r.meta.nodeVersion}, Wasm build ${r.meta.wasmBuild}). ` +
      "lipvar replaces this folder as a whole on every run: do not edit it by hand.",
    "",
    "- `index.md` — the paper's claims (with sources) and lipvar's own findings, with measured verdicts and what each test could detect (computed, not hand-written), tables with ± standard errors, and every figure;",
    "- `results.json` — every number behind every figure and table, the config, seed, lipvar version, Node version and Wasm build;",
    w.figures === false
      ? "- no `figures/`: written with `--no-figures` (drop it, where chartjs-node-canvas and canvas are installed, for the figures);"
      : `- \`figures/*.${ext}\` — the figures, ${kind}, named by figure number, zero-padded (\`01-…\`, \`02-…\`) so they sort in reading order; drawn with Chart.js through chartjs-node-canvas;`,
    "- `.partial/*.json` — per-stage caches used by `--resume`.",
    "",
    `Write it again (the same numbers: the seed fixes every draw): \`${reportCommand(r, w)}\`; add \`--resume\` to continue an interrupted run from \`.partial/\`.`,
    "",
  ].join("\n");
}

/** The precise (Gaussian-coupled) table: Var[w̄] ± SE and the shape effect against the exact Gaussian value. */
function preciseSection(r: ReportResults): string[] {
  const runs = r.stages["precise-distributions"];
  const pts = r.config.precise.points;
  const first = runs[0]?.results ?? [];
  const out = ["## By distribution at high precision (Gaussian-coupled estimator, `lipvar variance --method precise`)", ""];
  out.push(
    `Each entry: Var[w̄] with its SE on the last two digits, e.g. 0.04204420(91) = 0.04204420 ± 0.00000091, then the shape effect 100·(Var/V_Gaussian − 1) in %, likewise. Runs aim at relative SE ${r.config.precise.targetRse.toExponential(0)} ` +
      "and stop at the point's matrix cap (docs/MATH.md, \"Precise non-Gaussian Var[w̄]\"; the small-β shapes reach less).",
    "",
  );
  const header = ["distribution", ...pts.map((p) => `(${p.d}, ${p.n})`)];
  const rows = [["normal (β = 2), exact", ...first.map((x) => x.gaussian.toPrecision(10))]];
  for (const run of runs) {
    rows.push([run.label, ...run.results.map((x) => `${concise(x.estimate, x.se)}; ${concise(100 * (x.estimate / x.gaussian - 1), (100 * x.se) / x.gaussian)}%`)]);
  }
  out.push(markdownTable(header, rows), "");
  out.push(markdownTable(["distribution", ...pts.map((p) => `rel. SE (${p.d}, ${p.n})`)], runs.map((run) => [run.label, ...run.results.map((x) => `${x.rse.toExponential(1)} (${x.samples.toLocaleString("en")} matrices)`)])), "");
  return out;
}

/** x with its SE as two digits in parentheses on the last places shown, e.g. 0.04204420(91). */
function concise(x: number, se: number): string {
  if (!(se > 0)) return x.toPrecision(12);
  let decimals = Math.max(0, 1 - Math.floor(Math.log10(se)));
  if (Math.round(se * 10 ** decimals) >= 100 && decimals > 0) decimals--; // 0.00996 → (10), not (100)
  const digits = Math.round(se * 10 ** decimals);
  return `${x.toFixed(decimals)}(${digits})`;
}
