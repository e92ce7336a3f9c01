/**
 * Every ```console block of README.md and docs/*.md runs, and prints what
 * the block shows (after the masking rule of ./console-blocks.ts, written for
 * readers in docs/CONTRIBUTING.md). `npm run doctest:update` rewrites the
 * blocks whose output differs from the actual output instead (then read the diff).
 */
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { blockName, consoleBlocks, documentationFiles, elisions, mask, rewriteBlocks, runBlock, type ConsoleBlock } from "./console-blocks.js";

const UPDATE = process.env.LIPVAR_DOCTEST_UPDATE === "1";
const files = documentationFiles();
const blocks: ConsoleBlock[] = files.flatMap((f) => consoleBlocks(readFileSync(f, "utf8"), f));
const tested = blocks.filter((b) => !b.norun);

describe("console blocks of README.md and docs/*.md", () => {
  it("the documentation has tested console blocks, each with a command, and elides nothing", () => {
    expect(tested.length).toBeGreaterThan(10);
    for (const b of tested) {
      expect(b.commands.length, blockName(b)).toBeGreaterThan(0);
      for (const c of b.commands) expect(elisions(c.output), `${blockName(b)}: $ ${c.command}`).toEqual([]);
    }
  });

  if (UPDATE) {
    // One block a test (each within the test timeout); the files are rewritten when all have run.
    const updates = new Map<string, { block: ConsoleBlock; outputs: string[] }[]>();
    it.each(tested.map((b) => [blockName(b), b] as const))("%s: actual output recorded (LIPVAR_DOCTEST_UPDATE=1)", async (_name, block) => {
      const { outputs, tmp } = await runBlock(block);
      // A command whose output matches the block after masking keeps the block's text (no churn in timings).
      const kept = outputs.map((out, i) => (mask(out, tmp) === mask(block.commands[i].output, tmp) ? block.commands[i].output : out));
      updates.set(block.file, [...(updates.get(block.file) ?? []), { block, outputs: kept }]);
    });
    afterAll(() => {
      for (const [file, list] of updates) rewriteBlocks(file, list);
    });
  } else {
    it.each(tested.map((b) => [blockName(b), b] as const))("%s prints what it shows", async (_name, block) => {
      const { outputs, tmp } = await runBlock(block);
      block.commands.forEach(({ command, output }, i) => {
        expect(mask(outputs[i], tmp), `$ ${command}`).toBe(mask(output, tmp));
      });
    });
  }
});

describe("the masking rule", () => {
  it("masks durations, worker counts, versions and the temporary folder, and spacing; not numbers", () => {
    expect(mask("matrices 8192 (seed 1, 2 workers, simd, 0.29 s)  \n\n")).toBe("matrices 8192 (seed 1, <n> workers, simd, <seconds> s)");
    expect(mask("took 12s, 1 worker; lipvar 0.1.0 on Node v20.20.2")).toBe("took <seconds> s, <n> workers; lipvar <version> on Node <version>");
    expect(mask("wrote /tmp/lipvar-doc-x/a.json", "/tmp/lipvar-doc-x")).toBe("wrote <tmp>/a.json");
    expect(mask("estimate 0.0063199574 ± 8.6e-8   z = 0.54")).toBe("estimate 0.0063199574 ± 8.6e-8 z = 0.54");
    expect(mask("3 seeds, 25 epochs")).toBe("3 seeds, 25 epochs");
    expect(mask("epochs: 0.166 s each, 229 steps/s; 4.55/s")).toBe("epochs: <seconds> s each, <rate> steps/s; <rate> /s");
  });

  it("finds elided lines and norun blocks", () => {
    const md = "```console\n$ lipvar a\nrow 1\n  ...\n```\n\n```console norun\n$ lipvar b\n```\n";
    const [a, b] = consoleBlocks(md, "x.md");
    expect(elisions(a.commands[0].output)).toEqual(["  ..."]);
    expect([a.norun, b.norun]).toEqual([false, true]);
    expect(a.commands).toEqual([{ command: "lipvar a", output: "row 1\n  ...\n" }]);
  });
});
