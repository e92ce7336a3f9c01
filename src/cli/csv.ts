/**
 * CSV for `--format csv` (RFC 4180): a header row, then one row per line of
 * the command's table, comma-separated, "\n" line ends. A field with a comma,
 * a quote or a line break is quoted ("" for a quote). Numbers are written in
 * full precision (the shortest text that reads back as the same double), a
 * missing value (null) as an empty field, an infinite β as "inf" (as in the
 * JSON), so R's read.csv, pandas.read_csv and spreadsheets read it as is.
 */

export type CsvValue = string | number | bigint | boolean | null | undefined;

function field(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  let text: string;
  if (typeof value === "number") text = Number.isFinite(value) ? (Object.is(value, -0) ? "0" : String(value)) : value > 0 ? "inf" : value < 0 ? "-inf" : "nan";
  else text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV text of a header and rows (each row as long as the header). */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  for (const [i, row] of rows.entries()) {
    if (row.length !== header.length) throw new Error(`CSV row ${i} has ${row.length} fields, the header ${header.length}`);
  }
  return [header, ...rows].map((row) => row.map(field).join(",")).join("\n") + "\n";
}

/** A CSV of records: the header is the keys of the first record (all records have the same keys). */
export function recordsCsv(records: readonly Record<string, CsvValue>[]): string {
  const header = records.length ? Object.keys(records[0]) : [];
  return toCsv(header, records.map((r) => header.map((k) => r[k])));
}
