import { describe, expect, it, vi } from "vitest";
import { parse } from "csv-parse/sync";
import { captureCli } from "./capture.js";
import { MAX_JSON_COUNT, MAX_TEXT_COUNT } from "../../src/cli/commands/sample.js";
import { loadKernels } from "../../src/wasm/kernels.js";
import { sampleSgnd, sgndScale } from "../../src/wasm/sampling.js";

const cli = captureCli();

const run = (...argv: string[]): Promise<number> => cli.run(...argv);

/** The same draws through the library (the CLI uses the process-wide module). */
async function expected(opts: Parameters<typeof sampleSgnd>[1]): Promise<number[]> {
  return [...sampleSgnd(await loadKernels(), opts)];
}


describe("lipvar sample", () => {
  it("text: one value per line, full precision, the library's draws", async () => {
    expect(await run("sample", "--beta", "1.5", "--count", "7", "--seed", "42", "--stream", "3")).toBe(0);
    expect(cli.err).toBe("");
    expect(cli.out.endsWith("\n")).toBe(true);
    const lines = cli.out.trimEnd().split("\n");
    expect(lines).toHaveLength(7);
    // Shortest round-trip text: parsing each line gives the double back exactly.
    expect(lines.map(Number)).toEqual(await expected({ count: 7, beta: 1.5, seed: 42, stream: 3 }));
    for (const line of lines) expect(line).toBe(String(Number(line)));
  });

  it("json: beta, alpha, seed (a string), stream, values", async () => {
    expect(await run("sample", "--beta", "inf", "--alpha", "2", "--count", "4", "--seed", "18446744073709551615", "--format", "json")).toBe(0);
    const r = JSON.parse(cli.out);
    expect(Object.keys(r)).toEqual(["beta", "alpha", "seed", "stream", "values"]);
    expect(r).toMatchObject({ beta: "inf", alpha: 2, seed: "18446744073709551615", stream: 0 });
    expect(r.values).toEqual(await expected({ count: 4, beta: Infinity, alpha: 2, seed: 18446744073709551615n }));
    expect(r.values.every((v: number) => Math.abs(v) < 2)).toBe(true);
  });

  it("csv: a 'value' column, read back by csv-parse as the library's draws, across write chunks", async () => {
    expect(await run("sample", "--beta", "0.7", "--count", "20000", "-s", "3", "-f", "csv")).toBe(0);
    expect(cli.out.startsWith("value\n")).toBe(true);
    const rows = parse(cli.out, { columns: true }) as { value: string }[];
    expect(rows).toHaveLength(20_000);
    expect(rows.map((r) => Number(r.value))).toEqual(await expected({ count: 20_000, beta: 0.7, seed: 3 }));
  });

  it("--variance sets alpha = √(V·Γ(1/β)/Γ(3/β)); --abs gives |X| of the same stream", async () => {
    expect(await run("sample", "--beta", "3", "--variance", "4", "--count", "5", "--seed", "9", "--format", "json")).toBe(0);
    const signed = JSON.parse(cli.out);
    expect(signed.alpha).toBe(sgndScale({ beta: 3, variance: 4 }));
    cli.reset();
    expect(await run("sample", "--beta", "3", "--variance", "4", "--count", "5", "--seed", "9", "--format", "json", "--abs")).toBe(0);
    expect(JSON.parse(cli.out).values).toEqual(signed.values.map(Math.abs));
  });

  it("streams large output in chunks (no single giant write), every value once", async () => {
    expect(await run("sample", "--beta", "2", "--count", "100000", "--seed", "5")).toBe(0);
    expect(cli.writes).toBeGreaterThan(3);
    const lines = cli.out.trimEnd().split("\n");
    expect(lines).toHaveLength(100_000);
    expect(lines.map(Number)).toEqual(await expected({ count: 100_000, beta: 2, seed: 5 }));
  });

  it("respects back-pressure: after a write returns false, nothing more is written until 'drain'", async () => {
    vi.restoreAllMocks();
    let waiting = false;
    let early = 0;
    const chunks: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => {
      if (waiting) early++;
      chunks.push(String(s));
      waiting = true; // the buffer is "full" after every chunk
      setTimeout(() => {
        waiting = false;
        process.stdout.emit("drain");
      }, 1);
      return false;
    });
    expect(await run("sample", "--beta", "1", "--count", "60000", "--seed", "5", "--format", "json")).toBe(0);
    expect(early).toBe(0);
    expect(chunks.length).toBeGreaterThan(3);
    expect(JSON.parse(chunks.join("")).values).toEqual(await expected({ count: 60_000, beta: 1, seed: 5 }));
  });

  it("values beyond the largest double are Infinity in text and null in JSON (never NaN)", async () => {
    // beta = 0.001: |X| = α·G^{1000} with G ≈ 1000, far above 1.8e308.
    expect(await run("sample", "--beta", "0.001", "--alpha", "1", "--count", "3", "--seed", "1")).toBe(0);
    expect(cli.out.trimEnd().split("\n").every((l) => l === "Infinity" || l === "-Infinity")).toBe(true);
    cli.reset();
    expect(await run("sample", "--beta", "0.001", "--alpha", "1", "--count", "3", "--seed", "1", "--format", "json")).toBe(0);
    expect(JSON.parse(cli.out).values).toEqual([null, null, null]);
  });

  describe("usage errors: exit 2, one line naming the option and its range", () => {
    const ok = ["--count", "3", "--seed", "1"];
    it.each([
      [["--beta", "0", ...ok], /--beta must be a finite number > 0 or 'inf', got '0'/],
      [["--beta", "-1", ...ok], /--beta must be a finite number > 0 or 'inf', got '-1'/],
      [["--beta", "NaN", ...ok], /--beta must be a finite number > 0 or 'inf', got 'NaN'/],
      [["--beta", "2", "--count", "0", "--seed", "1"], new RegExp(`--count must be an integer from 1 to ${MAX_TEXT_COUNT} in plain digits, got '0'`)],
      [["--beta", "2", "--count", "1.5", "--seed", "1"], /--count must be an integer from 1 to/],
      [["--beta", "2", "--count", String(MAX_TEXT_COUNT + 1), "--seed", "1"], new RegExp(`--count must be an integer from 1 to ${MAX_TEXT_COUNT}`)],
      [["--beta", "2", "--count", String(MAX_JSON_COUNT + 1), "--seed", "1", "--format", "json"], new RegExp(`--count must be an integer from 1 to ${MAX_JSON_COUNT}`)],
      [["--beta", "2", "--alpha", "1", "--variance", "2", ...ok], /give either --alpha or --variance, not both/],
      [["--beta", "2", "--alpha", "0", ...ok], /--alpha must be a finite number > 0, got '0'/],
      [["--beta", "2", "--variance", "-3", ...ok], /--variance must be a finite number > 0/],
      [["--beta", "2", "--count", "3", "--seed", "-1"], /--seed must be an integer from 0 to 2\^64-1/],
      [["--beta", "2", "--count", "3", "--seed", "18446744073709551616"], /--seed must be an integer from 0 to 2\^64-1/],
      [["--beta", "2", "--stream", "4294967296", ...ok], /--stream must be an integer from 0 to 4294967295/],
      [["--beta", "2", "--format", "xml", ...ok], /--format must be one of text, json, csv, got 'xml'/],
      [["--beta", "2", "--bogus", ...ok], /unknown option '--bogus'/],
      [["--count", "3"], /required option '--beta <B>' not specified/],
    ])("%j", async (args, what) => {
      await cli.expectUsageError(["sample", ...(args as string[])], what as RegExp);
    });
  });

  it("is listed by lipvar --help", async () => {
    expect(await run("--help")).toBe(0);
    expect(cli.out).toMatch(/\bsample\b.*generalised normal/);
  });
});
