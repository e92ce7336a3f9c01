import { describe, expect, it } from "vitest";
import { runStage } from "../../src/report/stages.js";
import { QUICK_REPORT_CONFIG } from "../../src/report/config.js";
import { STAGES, type RemedyRun } from "../../src/report/results.js";
import { remedyRows } from "../../src/report/remedies.js";
import { remediesSection } from "../../src/report/remedies-md.js";
import { remediesSpreadFigure, remediesVarianceFigure } from "../../src/report/figures/remedies.js";

describe("report: the Remedies section", async () => {
  const runs: RemedyRun[] = await runStage("remedies", { config: QUICK_REPORT_CONFIG, seed: 3n, workers: 2 });

  it("is the last stage (earlier stages keep their seeds) and runs every init × activation, the SLL layer twice and the residual stack per init", () => {
    expect(STAGES.at(-1)).toBe("remedies");
    const m = QUICK_REPORT_CONFIG.remedies;
    expect(runs).toHaveLength(m.inits.length * m.activations.length + 2 + m.inits.length);
    expect(runs.filter((r) => r.architecture === "SLL feed-forward").every((r) => r.decay!.config.transform === "sll" && r.decay!.config.qStd === m.sllQStd)).toBe(true);
    expect(runs.filter((r) => r.architecture === "SLL residual").map((r) => r.residual!.config.init)).toEqual(m.inits);
  });

  it("gives each row its factors and a verdict by the stated rule", () => {
    const rows = remedyRows(runs);
    const row = (arch: string, init: string, activation: string) => rows.find((r) => r.architecture === arch && r.init === init && r.activation === activation)!;
    const base = row("AOL feed-forward", "iid", "relu");
    expect(base.verdict).toBe("does not help");
    const om = row("AOL feed-forward", "orthogonal", "maxmin");
    expect(om.forward!.predicted).toBe(1);
    expect(Math.abs(om.forward!.measured.value - 1)).toBeLessThanOrEqual(1e-12);
    expect(om.depthTo1e6.depth).toBeNull();
    // E[y²] is kept, the spread is not: the worse factor decides.
    expect(om.worst).toBe(om.spread!.measured.value);
    expect(om.verdict).toBe(om.worst! >= 0.99 ? "stops the decay" : "slows it");
    expect(row("AOL feed-forward", "orthogonal", "groupsort:4").spread!.predicted).toBeNull();
    expect(row("SLL residual", "iid", "relu").gradient).toBeNull();
    for (const r of rows) expect(["stops the decay", "slows it", "does not help"]).toContain(r.verdict);
  });

  it("prints the table, with test-accuracy columns only when rows carry accuracy", () => {
    const md = remediesSection(runs).join("\n");
    expect(md).toMatch(/^## Remedies: which initialisations and activations stop the decay/);
    expect(md).toMatch(/\| architecture +\| +remedy +\| E\[y²\] factor predicted/);
    expect(md).toContain("measured only");
    expect(md).not.toContain("test accuracy, depth");
    const withAccuracy = runs.map((r, i) => (i === 0 ? { ...r, accuracy: [{ depth: 5, accuracy: 0.7, se: 0.01 }] } : r));
    const md2 = remediesSection(withAccuracy).join("\n");
    expect(md2).toContain("test accuracy, depth 5");
    expect(md2).toContain("70.00% ± 1.00%");
  });

  it("draws E[y²] with depth (log axis, predicted lines and measured points) and the mean cosine with depth", () => {
    const v = remediesVarianceFigure(runs) as unknown as { data: { datasets: { label: string }[] }; options: { scales: { y: { type: string } } } };
    expect(v.options.scales.y.type).toBe("logarithmic");
    const labels = v.data.datasets.map((d) => d.label);
    expect(labels).toContain("orthogonal, MaxMin: measured");
    expect(labels).toContain("orthogonal, MaxMin: predicted");
    const s = remediesSpreadFigure(runs) as unknown as { data: { datasets: { label: string }[] } };
    expect(s.data.datasets.map((d) => d.label)).toContain("GroupSort (groups of 4): measured");
    expect(s.data.datasets.map((d) => d.label)).not.toContain("GroupSort (groups of 4): mean field");
  });
});
