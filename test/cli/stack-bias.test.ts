import { describe, expect, it } from "vitest";
import { captureCli } from "./capture.js";

const cli = captureCli();


const decay = ["decay", "--depth", "2", "--width", "8", "--batch", "16", "--seed", "1", "--replicates", "2", "--workers", "1", "--bias-std", "0.2"];
const residual = ["residual", "--depth", "2", "--width", "8", "--inner", "4", "--batch", "16", "--seed", "1", "--replicates", "2", "--workers", "1", "--bias-std", "0.2"];

describe("lipvar decay / residual --bias-dist, --bias-beta", () => {
  it("--json records the bias distribution; the text header names it", async () => {
    cli.reset();
    expect(await cli.run(...decay, "--bias-dist", "uniform", "--json")).toBe(0);
    expect(JSON.parse(cli.out).config).toMatchObject({ biasStd: 0.2, biasDist: "uniform", biasBeta: "inf" });
    cli.reset();
    expect(await cli.run(...residual, "--bias-dist", "gnd", "--bias-beta", "1.5", "--json")).toBe(0);
    expect(JSON.parse(cli.out).config).toMatchObject({ biasStd: 0.2, biasDist: "gnd", biasBeta: 1.5 });
    cli.reset();
    expect(await cli.run(...decay, "--bias-dist", "laplace")).toBe(0);
    expect(cli.out).toMatch(/^AOL stack, iid init, ReLU, width 8: .*, bias std 0\.2 \(laplace, beta = 1\), /);
    cli.reset();
    expect(await cli.run(...residual)).toBe(0);
    expect(cli.out).toMatch(/^SLL residual stack, iid init, ReLU, width 8, inner 4 .*: .*, bias std 0\.2 \(gaussian, beta = 2\), /);
  }, 60000);

  it("default bias is Gaussian: the same JSON as --bias-dist gaussian (apart from the run timing)", async () => {
    const layers = async (extra: string[]) => {
      cli.reset();
      expect(await cli.run(...decay, ...extra, "--json")).toBe(0);
      const r = JSON.parse(cli.out);
      return JSON.stringify({ config: r.config, layers: r.layers });
    };
    expect(await layers(["--bias-dist", "gaussian"])).toBe(await layers([]));
  }, 60000);

  it("bad input: exit 2 with one line naming the option and its range", async () => {
    await cli.expectUsageError([...decay, "--bias-dist", "gnd"], /^lipvar: error: --bias-beta is required with --bias-dist gnd \(a number > 0 or 'inf'\)$/);
    await cli.expectUsageError([...decay, "--bias-beta", "-1"], /^lipvar: error: --bias-beta must be a finite number > 0 or 'inf', got '-1'$/);
    await cli.expectUsageError([...residual, "--bias-dist", "gnd"], /^lipvar: error: --bias-beta is required with --bias-dist gnd/);
    await cli.expectUsageError([...residual, "--bias-beta", "0"], /^lipvar: error: --bias-beta must be a finite number > 0 or 'inf', got '0'$/);
    await cli.expectUsageError([...decay, "--bias-dist", "cauchy"], /^lipvar: error: --bias-dist must be one of gaussian, laplace, uniform, gnd \(any case; normal = gaussian\), got 'cauchy'$/);
    await cli.expectUsageError([...decay, "--bias-dist", "laplace", "--bias-beta", "2"], /^lipvar: error: --bias-beta 2 conflicts with --bias-dist laplace/);
    // A shape whose bias scale underflows (RangeError from the experiment) is also one line, exit 2.
    await cli.expectUsageError([...decay, "--bias-beta", "1e-4"], /biasStd = 0.2 with biasBeta = 0.0001 gives the bias scale alpha = 0/);
  }, 60000);
});

describe("lipvar decay / residual / variance: --widths, --gram, --weight-std", () => {
  const base = ["--depth", "2", "--batch", "8", "--seed", "1", "--replicates", "2", "--workers", "1"];
  it("--widths and --gram row run a non-square stack; --weight-std leaves every rescaled number unchanged", async () => {
    const layers = async (args: string[]) => {
      cli.reset();
      expect(await cli.run(...args, "--json")).toBe(0);
      const r = JSON.parse(cli.out);
      return r;
    };
    const a = await layers(["decay", ...base, "--widths", "6,12,3", "--gram", "row"]);
    expect(a.config).toMatchObject({ widths: [6, 12, 3], gram: "row", weightStd: null });
    const b = await layers(["decay", ...base, "--widths", "6,12,3", "--gram", "row", "--weight-std", "1000"]);
    expect(b.config.weightStd).toBe(1000);
    b.layers.forEach((l: { variance: number }, i: number) => expect(Math.abs(l.variance / a.layers[i].variance - 1)).toBeLessThan(1e-12));
    const r = await layers(["residual", ...base, "--width", "6", "--widths", "6,4,2", "--weight-std", "0.001"]);
    expect(r.config).toMatchObject({ aolWidths: [6, 4, 2], gram: "column", weightStd: 0.001 });
    const v = await layers(["variance", "--transform", "aol", "--d", "4", "--n", "2", "--samples", "10", "--seed", "1", "--weight-std", "3"]);
    expect(v.entryVariance).toBeCloseTo(9, 12);
    cli.reset();
    expect(await cli.run("decay", ...base, "--widths", "6,12,3")).toBe(0);
    expect(cli.out).toMatch(/^AOL stack, iid init, ReLU, widths 6,12,3: depth 2, column Gram, /);
    const tied = await layers(["decay", ...base, "--width", "6", "--tied-weights", "--relu-on-output"]);
    expect(tied.config).toMatchObject({ tied: true, reluOnOutput: true });
  }, 60000);

  it("bad input: exit 2 with one line naming the option and its range", async () => {
    await cli.expectUsageError(["decay", ...base], /^lipvar: error: decay needs exactly one of --width \(square layers\) and --widths \(w_0,...,w_L\)$/);
    await cli.expectUsageError(["decay", ...base, "--width", "4", "--widths", "4,4,4"], /^lipvar: error: decay needs exactly one of --width/);
    await cli.expectUsageError(["decay", ...base, "--widths", "4,4"], /^lipvar: error: --depth 2 contradicts --widths, which lists 2 widths \(depth 1\); drop --depth or fix one of them$/);
    await cli.expectUsageError(["decay", ...base.filter((_, i) => i !== base.indexOf("--depth") && i !== base.indexOf("--depth") + 1), "--widths", "4"], /^lipvar: error: --widths must list at least 2 integers/);
    await cli.expectUsageError(["decay", ...base, "--widths", "4,0,4"], /^lipvar: error: --widths must be an integer from 1 to \d+ in plain digits, got '0'$/);
    await cli.expectUsageError(["decay", ...base, "--width", "4", "--gram", "rows"], /^lipvar: error: --gram must be one of column, row, got 'rows'$/);
    await cli.expectUsageError(["decay", ...base, "--width", "4", "--weight-std", "0"], /^lipvar: error: --weight-std must be a finite number > 0, got '0'$/);
    await cli.expectUsageError(["residual", ...base, "--width", "4", "--widths", "5,4,4"], /^lipvar: error: --widths must start with --width \(4\)/);
    await cli.expectUsageError(["decay", ...base, "--widths", "4,8,8", "--tied-weights"], /^lipvar: error: --tied-weights needs equal widths \(use --width\)$/);
    await cli.expectUsageError(["report", "--quick", "--author-settings", "--out", "/tmp/lipvar-never-written"], /^lipvar: error: --quick and --author-settings exclude each other/);
    await cli.expectUsageError(["variance", "--transform", "aol", "--d", "2", "--n", "2", "--samples", "4", "--seed", "1", "--weight-std", "nan"], /^lipvar: error: --weight-std must be a finite number > 0, got 'nan'$/);
  }, 60000);
});
