import { describe, expect, it } from "vitest";
import { captureCli } from "./capture.js";

const cli = captureCli();
const base = ["--depth", "3", "--width", "8", "--batch", "16", "--seed", "1", "--replicates", "2", "--workers", "1"];

describe("lipvar decay / residual: --init, --activation, --transform, --q-std", () => {
  it("run the remedies; the JSON records them and the header names what ran", async () => {
    cli.reset();
    expect(await cli.run("decay", ...base, "--init", "orthogonal", "--activation", "MaxMin", "--json")).toBe(0);
    const r = JSON.parse(cli.out);
    expect(r.config).toMatchObject({ init: "orthogonal", activation: "maxmin", transform: "aol", qStd: 0, gram: "column" });
    expect(r.label).toBe("AOL stack, orthogonal init, MaxMin, width 8");
    expect(r.factors.forward.predicted).toBe(1);
    cli.reset();
    expect(await cli.run("decay", ...base, "--transform", "sll", "--activation", "groupsort:4")).toBe(0);
    expect(cli.out).toMatch(/^SLL stack \(q = 1\), iid init, GroupSort \(groups of 4\), width 8: depth 3, row Gram, /);
    expect(cli.out).toMatch(/\nper-layer factor \(layers >= 2, mean over networks ± SE\): E\[y²\] /);
    cli.reset();
    expect(await cli.run("residual", ...base, "--init", "orthogonal", "--activation", "abs", "--json")).toBe(0);
    const res = JSON.parse(cli.out);
    expect(res.config).toMatchObject({ init: "orthogonal", activation: "abs" });
    expect(res.layers[0].predictedExact).toBe(true);
  }, 60000);

  it("bad input: exit 2 with one line naming the option and the accepted values", async () => {
    await cli.expectUsageError(["decay", ...base, "--activation", "gelu"], /^lipvar: error: --activation must be relu, abs, maxmin or groupsort:K with K an integer from 2 to 256, got 'gelu'$/);
    await cli.expectUsageError(["decay", ...base, "--activation", "groupsort:1"], /^lipvar: error: --activation must be relu, abs, maxmin or groupsort:K/);
    await cli.expectUsageError(["decay", ...base, "--init", "identity"], /^lipvar: error: --init must be one of iid, orthogonal, identity:E, got /);
    await cli.expectUsageError(["decay", ...base, "--init", "orthogonal", "--dist", "laplace"], /^lipvar: error: --dist applies to --init iid only/);
    await cli.expectUsageError(["decay", ...base, "--q-std", "0.5"], /^lipvar: error: --q-std applies to --transform sll only/);
    await cli.expectUsageError(["residual", ...base, "--init", "orthogonal", "--weight-std", "2"], /^lipvar: error: --weight-std applies to --init iid only/);
  }, 60000);
});
