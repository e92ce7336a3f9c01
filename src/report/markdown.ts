/**
 * Markdown for reports: tables, and numbers written with as many digits as
 * their standard error justifies.
 */

const SUPERSCRIPT_FREE_EXP = (e: number) => (e < 0 ? `e${e}` : `e+${e}`);

/** `x` rounded to `digits` significant digits, in plain or e-notation (|x| < 1e-4 or ≥ 1e6 → e-notation). */
export function formatNumber(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const exponent = Math.floor(Math.log10(Math.abs(x)));
  if (exponent < -4 || exponent >= 6) {
    const [m, e] = x.toExponential(digits - 1).split("e");
    return `${String(Number(m))}${SUPERSCRIPT_FREE_EXP(Number(e))}`;
  }
  return String(Number(x.toPrecision(digits)));
}

/**
 * "value ± se" with the digits the SE justifies: the SE keeps 2 significant
 * digits when they start with 1 or 2 (so 0.0012 does not become 0.001),
 * otherwise 1, and the value is rounded to the same decimal place:
 * (0.0421047, 0.0000312) → "0.04210 ± 0.00003". Values far from 1 share an
 * exponent: "(4.211 ± 0.003)e-5". An SE of 0 gives the value to 10
 * significant digits "± 0"; a missing (NaN) SE gives 6 digits and no "±".
 */
export function formatEstimate(value: number, se: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isNaN(se) || se === undefined) return formatNumber(value, 6);
  if (se === Infinity) return `${formatNumber(value, 6)} ± ∞`;
  if (se < 0) throw new RangeError(`se must be a number >= 0, got ${se}`);
  if (se === 0) return `${formatNumber(value, 10)} ± 0`;

  const twoDigits = Number(se.toPrecision(2));
  const leading = Number(twoDigits.toExponential(1)[0]);
  const seDigits = leading <= 2 ? 2 : 1;
  const seRounded = Number(se.toPrecision(seDigits));
  // Decimal place of the SE's last kept digit: 10^q.
  const q = Math.floor(Math.log10(seRounded)) - (seDigits - 1);
  const magnitude = Math.floor(Math.log10(Math.max(Math.abs(value), seRounded)));
  if (magnitude >= -4 && magnitude < 6) {
    const decimals = Math.max(0, -q);
    const v = (Math.round(value / 10 ** q) * 10 ** q).toFixed(decimals);
    const s = seRounded.toFixed(decimals);
    return `${Number(v) === 0 ? v.replace(/^-/, "") : v} ± ${s}`;
  }
  const decimals = Math.max(0, magnitude - q);
  const scale = 10 ** magnitude;
  const v = (value / scale).toFixed(decimals);
  const s = (seRounded / scale).toFixed(decimals);
  return `(${v} ± ${s})${SUPERSCRIPT_FREE_EXP(magnitude)}`;
}

export type Cell = string | number | null | undefined;
export type Alignment = "left" | "right" | "center";

function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return "—";
  const text = typeof cell === "number" ? formatNumber(cell) : cell;
  // A pipe would end the cell; a newline would end the table.
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/**
 * A GitHub-flavoured Markdown table, columns padded for reading as plain text.
 * Numbers are written with `formatNumber` (4 significant digits); format
 * estimates with `formatEstimate` first. null/undefined cells show "—".
 * `align` defaults to left for the first column and right for the others.
 */
export function markdownTable(headers: readonly string[], rows: readonly (readonly Cell[])[], align?: readonly Alignment[]): string {
  if (headers.length === 0) throw new RangeError("markdownTable needs at least one column");
  rows.forEach((r, i) => {
    if (r.length !== headers.length) throw new RangeError(`row ${i} has ${r.length} cells for ${headers.length} columns`);
  });
  const aligns = headers.map((_, j) => align?.[j] ?? (j === 0 ? "left" : "right"));
  const text = [headers.map(cellText), ...rows.map((r) => r.map(cellText))];
  const widths = headers.map((_, j) => Math.max(3, ...text.map((r) => [...r[j]].length)));
  const pad = (s: string, j: number) => {
    const gap = widths[j] - [...s].length;
    if (aligns[j] === "right") return " ".repeat(gap) + s;
    if (aligns[j] === "center") return " ".repeat(Math.floor(gap / 2)) + s + " ".repeat(Math.ceil(gap / 2));
    return s + " ".repeat(gap);
  };
  const line = (cells: string[]) => `| ${cells.map(pad).join(" | ")} |`;
  const rule = widths.map((w, j) => {
    const dashes = "-".repeat(w);
    if (aligns[j] === "right") return `${dashes.slice(1)}:`;
    if (aligns[j] === "center") return `:${dashes.slice(2)}:`;
    return dashes;
  });
  return [line(text[0]), `| ${rule.join(" | ")} |`, ...text.slice(1).map(line)].join("\n") + "\n";
}
