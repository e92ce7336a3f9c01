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
    expect(cli.out).toMatch(/^AOL stack: .*, bias std 0\.2 \(laplace, beta = 1\), /);
    cli.reset();
    expect(await cli.run(...residual)).toBe(0);
    expect(cli.out).toMatch(/^SLL residual stack: .*, bias std 0\.2 \(gaussian, beta = 2\), /);
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
    await cli.expectUsageError([...decay, "--bias-dist", "cauchy"], /^lipvar: error: --bias-dist must be one of gaussian, laplace, uniform, gnd, got 'cauchy'$/);
    await cli.expectUsageError([...decay, "--bias-dist", "laplace", "--bias-beta", "2"], /^lipvar: error: --bias-beta 2 conflicts with --bias-dist laplace/);
    // A shape whose bias scale underflows (RangeError from the experiment) is also one line, exit 2.
    await cli.expectUsageError([...decay, "--bias-beta", "1e-4"], /biasStd = 0.2 with biasBeta = 0.0001 gives the bias scale alpha = 0/);
  }, 60000);
});
