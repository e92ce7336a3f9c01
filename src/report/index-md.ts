/**
 * index.md and README.md of a report: the claims with their computed
 * verdicts, tables of the numbers ± SE, and the figures. Text only arranges
 * numbers from the results; verdicts come from claims.ts.
 */
import type { ReportResults } from "./results.js";
import type { Figure } from "./figures/index.js";
import { APPROX_REL, K_SE, evaluateClaims } from "./claims.js";
import { formatEstimate, formatNumber, markdownTable } from "./markdown.js";
import { trainingSection } from "./training-md.js";

const f = (x: number | null) => (x === null ? "—" : formatNumber(x));

export function reportIndex(r: ReportResults, figures: Figure[]): string {
  const s = r.stages;
  const out: string[] = [];
  out.push(`# lipvar report${r.meta.quick ? " (quick)" : ""}`, "");
  out.push(
    `lipvar ${r.meta.lipvarVersion}, Node ${r.meta.nodeVersion}, Wasm build ${r.meta.wasmBuild}, seed ${r.meta.seed}. ` +
      "Every number here and in the figures is in `results.json` (with the config). Regenerate with `npm run report` " +
      "(or `node bin/lipvar.js report --seed " + r.meta.seed + (r.meta.quick ? " --quick" : "") + "`).",
    "",
  );
  out.push("## The paper's claims, measured", "");
  out.push(
    `Verdicts are computed from the numbers: **holds** = within ${K_SE} standard errors everywhere; ` +
      `**holds approximately** = beyond ${K_SE} SE somewhere but within ${100 * APPROX_REL}% relative; **fails** otherwise (the worst point is named).`,
    "",
  );
  out.push(markdownTable(["claim (docs/MATH.md)", "verdict", "evidence"], evaluateClaims(r).map((c) => [c.claim, `**${c.verdict}**`, c.text]), ["left", "left", "left"]), "");

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

  out.push("## The paper's closed forms against Monte Carlo", "");
  out.push(
    markdownTable(
      ["dist", "(d, n)", "Monte Carlo ± SE", "paper", "paper/MC − 1", "(paper − MC)/SE"],
      s["paper-grid"].filter((x) => x.paper !== null).map((x) => [x.config.dist, `(${x.config.d}, ${x.config.n})`, formatEstimate(x.estimate, x.se), f(x.paper), `${(100 * (x.paper! / x.estimate - 1)).toFixed(2)}%`, ((x.paper! - x.estimate) / x.se).toFixed(1)]),
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
  out.push("## Large square layers: first decay ratio", "");
  out.push(
    markdownTable(
      ["width n", "Var[y₂]/Var[y₁]", "0.63/√n", "predicted r"],
      s["decay-large"].map((d) => [d.config.widths[0], (d.layers[1].variance / d.layers[0].variance).toPrecision(4), (0.63 / Math.sqrt(d.config.widths[0])).toPrecision(4), (d.layers[1].predicted / d.layers[0].predicted).toPrecision(4)]),
    ),
    "",
  );
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
  out.push(...trainingSection(s.training));
  out.push("## Figures", "");
  for (const fig of figures) out.push(`### ${fig.caption}`, "", `![${fig.caption}](figures/${fig.file})`, "");
  return out.join("\n");
}

export function reportReadme(quick: boolean): string {
  return [
    "# reports/",
    "",
    `This directory is generated by \`lipvar report\`${quick ? " --quick" : ""} and committed so readers see the figures on the repository page. Do not edit it by hand: it is replaced as a whole on every run.`,
    "",
    "- `index.md` — the paper's claims with measured verdicts (computed, not hand-written), tables with ± standard errors, and every figure;",
    "- `results.json` — every number behind every figure and table, the config, seed, lipvar version, Node version and Wasm build;",
    "- `figures/*.png` — the figures (Chart.js, rendered with chartjs-node-canvas);",
    "- `.partial/*.json` — per-stage caches used by `--resume`.",
    "",
    "Regenerate: `npm run report` (runs `node bin/lipvar.js report` after setup), or `node bin/lipvar.js report --out reports --seed 1`.",
    "`--quick` makes a smaller, faster report; `--resume` continues an interrupted run from `.partial/`.",
    "",
  ].join("\n");
}
