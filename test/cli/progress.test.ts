import { describe, expect, it } from "vitest";
import { createProgress, formatDuration, formatRate, progressMode } from "../../src/cli/progress.js";

/** A fake stderr and clock. */
function harness(isTTY: boolean, env: Record<string, string | undefined> = {}) {
  let t = 0;
  const out: string[] = [];
  const stream = { isTTY, columns: 100, write: (s: string) => out.push(s) };
  return { out, stream, env, now: () => t, advance: (ms: number) => (t += ms) };
}

describe("progress mode", () => {
  it("is a bar on a terminal, lines elsewhere or in CI, off when quiet", () => {
    expect(progressMode({ stream: { isTTY: true, write: () => {} }, env: {} })).toBe("bar");
    expect(progressMode({ stream: { isTTY: true, write: () => {} }, env: { CI: "true" } })).toBe("lines");
    expect(progressMode({ stream: { isTTY: false, write: () => {} }, env: {} })).toBe("lines");
    expect(progressMode({ quiet: true, stream: { isTTY: true, write: () => {} }, env: {} })).toBe("off");
  });
});

describe("plain lines (not a terminal)", () => {
  it("prints nothing for a run under a second", () => {
    const h = harness(false);
    const p = createProgress({ total: 100, label: "variance", ...h });
    for (let i = 1; i <= 100; i++) {
      h.advance(5);
      p.update(i);
    }
    p.finish();
    expect(h.out).toEqual([]);
  });

  it("prints a line per 10% once past the first second, with rate and ETA, then a final line", () => {
    const h = harness(false);
    const p = createProgress({ total: 100, label: "variance", ...h });
    for (let i = 1; i <= 100; i++) {
      h.advance(50); // 20 chunks/s, 5 s in all
      p.update(i);
    }
    p.finish();
    expect(h.out).toEqual([
      "variance: 20% (20/100 chunks), 20/s, ETA 0:04",
      "variance: 30% (30/100 chunks), 20/s, ETA 0:04",
      "variance: 40% (40/100 chunks), 20/s, ETA 0:03",
      "variance: 50% (50/100 chunks), 20/s, ETA 0:03",
      "variance: 60% (60/100 chunks), 20/s, ETA 0:02",
      "variance: 70% (70/100 chunks), 20/s, ETA 0:02",
      "variance: 80% (80/100 chunks), 20/s, ETA 0:01",
      "variance: 90% (90/100 chunks), 20/s, ETA 0:01",
      "variance: 100% (100/100 chunks), 20/s, ETA 0:00",
      "variance: done, 100/100 chunks in 0:05",
    ].map((l) => `${l}\n`));
  });

  it("in a slow run prints at least every 10 s, never more often without another 10%", () => {
    const h = harness(false, { CI: "1" });
    const p = createProgress({ total: 1000, label: "decay", unit: "batches", ...h });
    const times: number[] = [];
    for (let i = 1; i <= 50; i++) {
      h.advance(1000); // 1 batch/s: 10% takes 100 s
      const before = h.out.length;
      p.update(i);
      if (h.out.length > before) times.push(h.now());
    }
    expect(times).toEqual([1000, 11000, 21000, 31000, 41000]);
    expect(h.out[1]).toBe("decay: 1% (11/1000 batches), 1/s, ETA 16:29\n");
  });
});

describe("bar (terminal)", () => {
  it("redraws in place at most 10 times a second, after the first second, and ends the line", () => {
    const h = harness(true);
    const p = createProgress({ total: 1000, label: "variance", ...h });
    for (let i = 1; i <= 1000; i++) {
      h.advance(3); // 3 s in all
      p.update(i);
    }
    p.finish();
    // 2 s of drawing at ≤ 10 redraws/s, plus the final 100% draw and the closing line.
    expect(h.out.length).toBeGreaterThan(15);
    expect(h.out.length).toBeLessThanOrEqual(23);
    expect(h.out.every((s) => s.startsWith("\r") && s.includes("\x1b[K"))).toBe(true);
    expect(h.out[0]).toMatch(/^\rvariance \[#+-+\]  33% 334\/1000 chunks 333\/s ETA 0:02\x1b\[K$/);
    expect(h.out[h.out.length - 1]).toBe(`\rvariance [${"#".repeat(40)}] 100% 1000/1000 chunks in 0:03\x1b[K\n`);
  });

  it("shows nothing for a quick run, and nothing at all when quiet", () => {
    for (const quiet of [false, true]) {
      const h = harness(true);
      const p = createProgress({ total: 10, quiet, ...h });
      for (let i = 1; i <= 10; i++) {
        h.advance(quiet ? 1000 : 50);
        p.update(i);
      }
      p.finish();
      expect(h.out).toEqual([]);
    }
  });
});

describe("formatting helpers", () => {
  it("durations and rates", () => {
    expect([0, 7.4, 754, 3723, NaN].map(formatDuration)).toEqual(["0:00", "0:07", "12:34", "1:02:03", "--"]);
    expect([12.345, 0.4523, 1250.4, Infinity].map(formatRate)).toEqual(["12.3/s", "0.452/s", "1250/s", "--/s"]);
  });

  it("rejects a bad total", () => {
    expect(() => createProgress({ total: -1 })).toThrow("total must be an integer >= 0, got -1");
  });
});
