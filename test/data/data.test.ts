/**
 * The data module: the covtype.data and CSV parsers (good rows, malformed
 * rows reported with their line number), gzip detection, standardisation,
 * and the synthetic Covertype-schema table (schema, class proportions,
 * reproducibility).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { kernels } from "../helpers.js";
import { COVERTYPE, parseCovtype, parseCsv, standardiseColumns, syntheticCovertype } from "../../src/data/index.js";
import { readDataFile } from "../../src/data/read.js";

/** A covtype.data line: 10 measurements, one-hot wilderness w and soil s, label. */
function covLine(seed: number, w: number, s: number, label: number): string {
  const v = Array.from({ length: 10 }, (_, j) => (seed * 37 + j * 11) % 300);
  const wild = Array.from({ length: 4 }, (_, j) => (j === w ? 1 : 0));
  const soil = Array.from({ length: 40 }, (_, j) => (j === s ? 1 : 0));
  return [...v, ...wild, ...soil, label].join(",");
}

const dir = mkdtempSync(join(tmpdir(), "lipvar-data-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("parseCovtype", () => {
  it("reads 54 features and labels 1–7 (stored 0–6), skipping blank lines and CRLF", () => {
    const text = [covLine(1, 0, 3, 1), covLine(2, 3, 39, 7), "", covLine(3, 1, 0, 2)].join("\r\n") + "\r\n";
    const t = parseCovtype(text);
    expect(t.columns).toBe(54);
    expect(Array.from(t.labels)).toEqual([0, 6, 1]);
    expect(t.features[54 + 10 + 3]).toBe(1);
    expect(t.features[54 + 14 + 39]).toBe(1);
    expect(t.continuous).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(t.columnNames[0]).toBe("Elevation");
  });

  it("reports malformed rows with their line number", () => {
    const good = covLine(1, 0, 0, 1);
    expect(() => parseCovtype([good, good, "1,2,3"].join("\n"), "f.data")).toThrow(/^f\.data line 3: expected 55 comma-separated values .* got 3$/);
    expect(() => parseCovtype([good, good.replace(/^\d+/, "abc")].join("\n"), "f.data")).toThrow(/^f\.data line 2: field 1 "abc" is not a finite number$/);
    expect(() => parseCovtype([good.replace(/,1$/, ",8")].join("\n"), "f.data")).toThrow(/^f\.data line 1: label 8 must be an integer in 1\.\.7$/);
    expect(() => parseCovtype([good.replace(/,1$/, ",2.5")].join("\n"), "f.data")).toThrow(/line 1: label 2\.5/);
    expect(() => parseCovtype("\n\n", "f.data")).toThrow(/no data rows/);
  });
});

describe("parseCsv", () => {
  it("takes the named label column anywhere; 1-based labels shift to 0-based; continuous columns detected", () => {
    const t = parseCsv("a,Cover_Type,b,c\n1.5,2,0,1\n-2,1,1,0\n3,3,0,0\n", "Cover_Type");
    expect(t.columns).toBe(3);
    expect(t.columnNames).toEqual(["a", "b", "c"]);
    expect(Array.from(t.labels)).toEqual([1, 0, 2]);
    expect(t.classes).toBe(3);
    expect(Array.from(t.features)).toEqual([1.5, 0, 1, -2, 1, 0, 3, 0, 0]);
    expect(t.continuous).toEqual([0]);
  });

  it("0-based labels stay; errors name the line", () => {
    expect(Array.from(parseCsv("y,x\n0,1\n1,2\n", "y").labels)).toEqual([0, 1]);
    expect(() => parseCsv("y,x\n0,1\n1\n", "y", "t.csv")).toThrow(/^t\.csv line 3: expected 2 comma-separated values \(as the header\), got 1$/);
    expect(() => parseCsv("y,x\n0,NaN\n", "y", "t.csv")).toThrow(/^t\.csv line 2: field 2 "NaN" is not a finite number$/);
    expect(() => parseCsv("y,x\n0,1\n", "label", "t.csv")).toThrow(/^t\.csv line 1: no column named "label"/);
    expect(() => parseCsv("y,x\n1,1\n1,2\n", "y", "t.csv")).toThrow(/one class only/);
  });
});

describe("readDataFile", () => {
  it("reads plain and gzip files alike (gzip by magic bytes); .csv by name", () => {
    const text = [covLine(1, 0, 3, 1), covLine(2, 3, 39, 7)].join("\n") + "\n";
    writeFileSync(join(dir, "covtype.data"), text);
    writeFileSync(join(dir, "covtype.data.gz"), gzipSync(text));
    const a = readDataFile(join(dir, "covtype.data"));
    const b = readDataFile(join(dir, "covtype.data.gz"));
    expect(Array.from(b.features)).toEqual(Array.from(a.features));
    expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
    writeFileSync(join(dir, "t.csv.gz"), gzipSync("x,Cover_Type\n1,1\n2,2\n"));
    expect(readDataFile(join(dir, "t.csv.gz")).classes).toBe(2);
    expect(() => readDataFile(join(dir, "missing.data"))).toThrow(/--data .*missing\.data: cannot read the file \(ENOENT\)/);
    writeFileSync(join(dir, "broken.gz"), Buffer.from([0x1f, 0x8b, 1, 2, 3]));
    expect(() => readDataFile(join(dir, "broken.gz"))).toThrow(/not a valid gzip file/);
  });
});

describe("standardiseColumns", () => {
  it("gives the reference rows mean 0 and sd 1 in the continuous columns, leaves indicators", () => {
    const t = parseCsv("x,z,ind,y\n1,5,0,1\n3,5,1,2\n8,5,1,1\n", "y");
    const { data, scaling } = standardiseColumns(t, [0, 1]);
    expect(scaling.map((s) => s.column)).toEqual([0, 1]);
    expect(data.features[0]).toBeCloseTo(-1, 14);
    expect(data.features[3]).toBeCloseTo(1, 14);
    expect(data.features[6]).toBeCloseTo((8 - 2) / 1, 14);
    expect(data.features[1]).toBe(0); // constant column: centred, divided by 1
    expect(data.features[5]).toBe(1);
  });
});

describe("syntheticCovertype", () => {
  it("has Covertype's schema: 10 measurements, one wilderness and one soil indicator per row", async () => {
    const k = await kernels();
    const t = syntheticCovertype(k, { rows: 3000, seed: 1n });
    expect(t.columns).toBe(54);
    expect(t.classes).toBe(7);
    for (let r = 0; r < 3000; r++) {
      const row = t.features.subarray(r * 54, r * 54 + 54);
      expect(row.subarray(10, 14).reduce((a, b) => a + b, 0)).toBe(1);
      expect(row.subarray(14).reduce((a, b) => a + b, 0)).toBe(1);
      expect(row[6]).toBeGreaterThanOrEqual(0);
      expect(row[6]).toBeLessThanOrEqual(255);
    }
    const again = syntheticCovertype(k, { rows: 3000, seed: 1n });
    expect(Array.from(again.labels)).toEqual(Array.from(t.labels));
    expect(Array.from(syntheticCovertype(k, { rows: 3000, seed: 2n }).labels)).not.toEqual(Array.from(t.labels));
  });

  it("has Covertype's class proportions beyond the rows the offsets were fitted on (within 4 SE)", async () => {
    const k = await kernels();
    const rows = 40000;
    const t = syntheticCovertype(k, { rows, seed: 3n });
    const total = COVERTYPE.classCounts.reduce((a, b) => a + b, 0);
    // Rows 10000.. are outside the fit; their labels are iid given the teacher.
    const held = rows - 10000;
    const counts = new Array(7).fill(0);
    for (let r = 10000; r < rows; r++) counts[t.labels[r]]++;
    COVERTYPE.classCounts.forEach((c, i) => {
      const p = c / total;
      // The offsets are fitted on 10000 rows, so the fitted share carries its
      // own binomial error: the SE of the difference adds both variances.
      const se = Math.sqrt(p * (1 - p) * (1 / 10000 + 1 / held));
      expect(Math.abs(counts[i] / held - p)).toBeLessThan(4 * se);
    });
  });
});
