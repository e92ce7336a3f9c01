import { describe, expect, it } from "vitest";
import { formatEstimate, formatNumber, markdownTable } from "../../src/report/markdown.js";
import { markdownMath } from "../../src/report/index-md.js";

describe("formatEstimate", () => {
  it.each([
    [0.0421047, 0.0000312, "0.04210 ± 0.00003"],
    [0.04211, 0.000031, "0.04211 ± 0.00003"],
    [0.0421047, 0.000012, "0.042105 ± 0.000012"], // leading 1: two SE digits
    [0.0421047, 0.000096, "0.0421 ± 0.0001"], // 0.000096 rounds up to 0.0001
    [0.31161262, 0.0025, "0.3116 ± 0.0025"],
    [1234.5, 120, "1230 ± 120"],
    [-0.5003, 0.004, "-0.500 ± 0.004"],
    [-0.00002, 0.004, "0.000 ± 0.004"],
    [4.2107e-5, 3.1e-8, "(4.211 ± 0.003)e-5"],
    [123456789, 1234, "(1.234568 ± 0.000012)e+8"],
    [0.125, 0, "0.125 ± 0"],
  ])("(%s, %s) → %s", (value, se, text) => {
    expect(formatEstimate(value, se)).toBe(text);
  });

  it("handles missing and infinite SEs and non-finite values", () => {
    expect(formatEstimate(0.123456789, NaN)).toBe("0.123457");
    expect(formatEstimate(2, Infinity)).toBe("2 ± ∞");
    expect(formatEstimate(NaN, 1)).toBe("NaN");
    expect(() => formatEstimate(1, -1)).toThrow("se must be a number >= 0, got -1");
  });
});

describe("formatNumber", () => {
  it("rounds to significant digits and uses e-notation far from 1", () => {
    expect([0.0421047061, 12345.678, 1.5e-7, 2.5e8, 0, -3].map((x) => formatNumber(x))).toEqual(["0.0421", "12350", "1.5e-7", "2.5e+8", "0", "-3"]);
  });
});

describe("markdownMath", () => {
  it("writes a letter's subscript as <sub>, leaving identifiers, code spans and link targets alone", () => {
    expect(markdownMath("Var[y_ℓ] with σ_b² and t_i ≥ ‖w_i‖², V_Gaussian(d, d), d_{ℓ+1}/2, x_0")).toBe(
      "Var[y<sub>ℓ</sub>] with σ<sub>b</sub>² and t<sub>i</sub> ≥ ‖w<sub>i</sub>‖², V<sub>Gaussian</sub>(d, d), d<sub>ℓ+1</sub>/2, x<sub>0</sub>",
    );
    const untouched = "gradient_multi_layer_distribution_test, `y_l = W x_l`, [x](figures/a_b.png), snake_case, arXiv 2503.00240";
    expect(markdownMath(untouched)).toBe(untouched);
  });
});

describe("markdownTable", () => {
  it("pads columns, right-aligns numbers, escapes pipes and shows missing cells as —", () => {
    const table = markdownTable(["d", "n", "estimate", "note"], [
      [8, 8, formatEstimate(0.0421047, 0.0000312), "a|b"],
      [128, 64, formatEstimate(0.00144092, 0.0000021), null],
    ], ["left", "right", "right", "left"]);
    expect(table).toBe(
      [
        "| d   |   n |              estimate | note |",
        "| --- | --: | --------------------: | ---- |",
        "| 8   |   8 |     0.04210 ± 0.00003 | a\\|b |",
        "| 128 |  64 | 0.0014409 ± 0.0000021 | —    |",
      ].join("\n") + "\n",
    );
  });

  it("rejects ragged rows", () => {
    expect(() => markdownTable(["a", "b"], [[1]])).toThrow("row 0 has 1 cells for 2 columns");
  });
});
