/**
 * Parsers for text tables: the UCI `covtype.data` layout (no header, 54
 * numbers then the label 1–7 on each line) and a CSV with a header row and a
 * named label column. Pure functions of the text: a malformed row is a
 * RangeError naming the source and the 1-based line number.
 *
 * Labels: integers. covtype.data takes 1–7 (class c is stored as c − 1). In a
 * CSV, labels are 0-based (0..K−1) when any label is 0, else 1-based (1..K),
 * the covertype convention; K is the largest label (+1 when 0-based).
 */
import { COVERTYPE, covertypeColumnNames, type TabularData } from "./types.js";

const COVTYPE_FIELDS = covertypeColumnNames().length + 1;

function fail(source: string, line: number, what: string): never {
  throw new RangeError(`${source} line ${line}: ${what}`);
}

/** Splits text into lines, yielding [1-based line number, text] for non-blank lines. */
function* lines(text: string): Generator<[number, string]> {
  let start = 0;
  let n = 0;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    n++;
    let line = text.slice(start, end);
    if (line.endsWith("\r")) line = line.slice(0, -1);
    if (line.trim() !== "") yield [n, line];
    start = end + 1;
  }
}

function parseField(source: string, line: number, field: number, raw: string): number {
  const s = raw.trim();
  const v = s === "" ? NaN : Number(s);
  if (!Number.isFinite(v)) fail(source, line, `field ${field} ${JSON.stringify(raw.slice(0, 40))} is not a finite number`);
  return v;
}

/** Growable row-major storage. */
class Rows {
  private values: Float64Array;
  private labelsBuf: Int32Array;
  rows = 0;
  constructor(readonly columns: number, expected: number) {
    this.values = new Float64Array(Math.max(1, expected) * columns);
    this.labelsBuf = new Int32Array(Math.max(1, expected));
  }
  push(values: number[], label: number): void {
    if (this.rows === this.labelsBuf.length) {
      const grow = (a: any, n: number) => {
        const b = new a.constructor(n);
        b.set(a);
        return b;
      };
      this.values = grow(this.values, this.values.length * 2);
      this.labelsBuf = grow(this.labelsBuf, this.labelsBuf.length * 2);
    }
    this.values.set(values, this.rows * this.columns);
    this.labelsBuf[this.rows++] = label;
  }
  features(): Float64Array {
    return this.values.slice(0, this.rows * this.columns);
  }
  labels(): Int32Array {
    return this.labelsBuf.slice(0, this.rows);
  }
}

/**
 * The UCI covtype.data layout: 55 comma-separated numbers per line, the last the label 1–7.
 * @param text - The file's text.
 * @param source - The file name, for messages (default "covtype.data").
 * @returns The table (features as doubles, labels 0–6).
 * @throws RangeError naming the line of a malformed row.
 * @example
 * ```ts
 * import { parseCovtype } from "lipvar";
 * const row = Array.from({ length: 54 }, (_, i) => (i < 10 ? i : 0)).join(",") + ",3";
 * parseCovtype(row + "\n" + row).labels.length; // returns 2
 * ```
 */
export function parseCovtype(text: string, source = "covtype.data"): TabularData {
  const columns = COVTYPE_FIELDS - 1;
  const out = new Rows(columns, Math.ceil(text.length / 120));
  const values = new Array<number>(columns);
  for (const [n, line] of lines(text)) {
    const fields = line.split(",");
    if (fields.length !== COVTYPE_FIELDS) fail(source, n, `expected ${COVTYPE_FIELDS} comma-separated values (54 features and the label), got ${fields.length}`);
    for (let j = 0; j < columns; j++) values[j] = parseField(source, n, j + 1, fields[j]);
    const label = parseField(source, n, COVTYPE_FIELDS, fields[columns]);
    if (!Number.isInteger(label) || label < 1 || label > COVERTYPE.classes) fail(source, n, `label ${label} must be an integer in 1..${COVERTYPE.classes}`);
    out.push(values, label - 1);
  }
  if (out.rows === 0) throw new RangeError(`${source}: no data rows`);
  return {
    features: out.features(),
    labels: out.labels(),
    columns,
    classes: COVERTYPE.classes,
    columnNames: covertypeColumnNames(),
    continuous: COVERTYPE.continuousNames.map((_, i) => i),
    source,
  };
}

/**
 * A CSV with a header row; `label` names the label column (integer labels,
 * see above); every other column is a feature. Continuous columns are those
 * with a value other than 0 and 1.
 * @param text - The CSV text, with a header row.
 * @param label - The name of the label column (integer labels).
 * @param source - The file name, for messages (default "data.csv").
 * @returns The table.
 * @throws RangeError naming the line or column of a malformed value, or a missing label column.
 * @example
 * ```ts
 * import { parseCsv } from "lipvar";
 * const t = parseCsv("x,y,class\n0.5,1,0\n1.5,0,1\n", "class");
 * t.labels.length; // returns 2
 * ```
 */
export function parseCsv(text: string, label: string, source = "data.csv"): TabularData {
  const it = lines(text);
  const first = it.next();
  if (first.done) throw new RangeError(`${source}: empty file (a header row is needed)`);
  const header = first.value[1].split(",").map((h) => h.trim().replace(/^"(.*)"$/, "$1"));
  const labelAt = header.indexOf(label);
  if (labelAt < 0) throw new RangeError(`${source} line 1: no column named ${JSON.stringify(label)} in the header (columns: ${header.slice(0, 8).join(", ")}${header.length > 8 ? ", …" : ""}); choose it with --label`);
  if (header.length < 2) throw new RangeError(`${source} line 1: the header needs the label and at least one feature column`);
  const columns = header.length - 1;
  const out = new Rows(columns, Math.ceil(text.length / (8 * header.length)));
  const values = new Array<number>(columns);
  const rawLabels: number[] = [];
  for (const [n, line] of it) {
    const fields = line.split(",");
    if (fields.length !== header.length) fail(source, n, `expected ${header.length} comma-separated values (as the header), got ${fields.length}`);
    let c = 0;
    for (let j = 0; j < fields.length; j++) {
      if (j === labelAt) continue;
      values[c++] = parseField(source, n, j + 1, fields[j]);
    }
    const y = parseField(source, n, labelAt + 1, fields[labelAt]);
    if (!Number.isInteger(y) || y < 0 || y > 1000) fail(source, n, `label ${y} must be an integer in 0..1000`);
    rawLabels.push(y);
    out.push(values, y);
  }
  if (out.rows === 0) throw new RangeError(`${source}: no data rows after the header`);
  const labels = out.labels();
  const zeroBased = rawLabels.some((y) => y === 0);
  let classes = 0;
  for (let i = 0; i < labels.length; i++) {
    if (!zeroBased) labels[i] -= 1;
    classes = Math.max(classes, labels[i] + 1);
  }
  if (classes < 2) throw new RangeError(`${source}: the label column ${JSON.stringify(label)} holds one class only; at least 2 are needed`);
  const features = out.features();
  const continuous: number[] = [];
  for (let j = 0; j < columns; j++) {
    for (let i = j; i < features.length; i += columns) {
      if (features[i] !== 0 && features[i] !== 1) {
        continuous.push(j);
        break;
      }
    }
  }
  return { features, labels, columns, classes, columnNames: header.filter((_, j) => j !== labelAt), continuous, source };
}
