import { describe, expect, it } from "vitest";
import { runStage } from "../../src/report/stages.js";
import { QUICK_REPORT_CONFIG } from "../../src/report/config.js";
import { STAGES, type RemedyRun } from "../../src/report/results.js";
import { remedyRows } from "../../src/report/remedies.js";
import { remediesSection } from "../../src/report/remedies-md.js";
import { remediesSpreadFigure, remediesVarianceFigure } from "../../src/report/figures/remedies.js";

describe("report: the Remedies section", async () => {
  const runs: RemedyRun[] = await runStage("remedies", { config: QUICK_REPORT_CONFIG, seed: 3n, workers: 2 });

  it("is the last stage (earlier stages keep their seeds) and runs every init × activation, the SLL layer twice, the residual stack per init and the identity per noise", () => {
    expect(STAGES.at(-1)).toBe("remedies");
    const m = QUICK_REPORT_CONFIG.remedies;
    expect(runs).toHaveLength(m.inits.length * m.activations.length + 2 + m.inits.length + m.identityNoises.length);
    expect(runs.filter((r) => r.init.startsWith("identity:")).map((r) => [r.init, r.activation, r.decay!.config.init])).toEqual(m.identityNoises.map((e) => [`identity:${e}`, "maxmin", `identity:${e}`]));
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
    // The exact identity repeats layer 2: E[y²] kept to rounding; its spread drops once (layer 1 → 2), which the per-layer factor averages over the depth; the rule decides.
    const exact = row("AOL feed-forward", "identity:0", "maxmin");
    expect([exact.label, exact.forward!.predicted]).toEqual(["identity (exact) init, MaxMin", 1]);
    expect(Math.abs(exact.forward!.measured.value - 1)).toBeLessThanOrEqual(1e-12);
    // Layers 3… repeat layer 2 exactly, so nothing falls further: "stops the decay", and no depth reaches 1e-6.
    expect([exact.verdict, exact.depthTo1e6.depth, exact.spreadDepthTo1e6.depth]).toEqual(["stops the decay", null, null]);
    expect(exact.because).toMatch(/^every layer from the second repeats the second exactly/);
    const noisy = row("AOL feed-forward", "identity:0.01", "maxmin");
    expect(noisy.forward!.predicted).toBeCloseTo(1 / (1 + (2 / Math.sqrt(Math.PI)) * 0.01 * (QUICK_REPORT_CONFIG.remedies.width - 1)), 12);
    for (const r of rows) expect(["stops the decay", "slows it", "does not help"]).toContain(r.verdict);
  });

  it("prints the table, with test-accuracy columns only when rows carry accuracy", () => {
    const md = remediesSection(runs).join("\n");
    expect(md).toMatch(/^## Remedies: which initialisations and activations stop the decay/);
    expect(md).toMatch(/\| architecture +\| +remedy +\| E\[y²\] factor predicted/);
    expect(md).toContain("measured only");
    expect(md).not.toContain("test accuracy, depth");
    expect(md).toContain("- Apart from the exact identity, no activation here keeps inputs apart");
    expect(md).toMatch(/- The identity plus noise \(AOL, MaxMin; `lipvar decay --init identity:E`\): the exact identity is a fixed point .* ε = 0\.01: ×0\.\d{3} predicted, ×0\.\d{3} ± [0-9.e-]+ measured/);
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
