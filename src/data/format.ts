/**
 * A table as text other tools read: the UCI covtype.data layout (no header;
 * the features, then the label 1–7, comma-separated, one row a line) or a CSV
 * with a header row and the label column last (labels 1-based, as Covertype's
 * Cover_Type). Numbers are written in the shortest form that reads back as
 * the same double, so parseCovtype/parseCsv read back exactly this table.
 */
import { COVERTYPE, type TabularData } from "./types.js";

export type TableFormat = "covtype" | "csv";

/** The text of `table` in `format` (labels written 1-based; `label` names the CSV's label column). */
export function tableText(table: TabularData, format: TableFormat, label: string = COVERTYPE.labelName): string {
  const { features, labels, columns } = table;
  const lines: string[] = format === "csv" ? [[...table.columnNames, label].join(",")] : [];
  const row = new Array<string>(columns + 1);
  for (let i = 0; i < labels.length; i++) {
    for (let j = 0; j < columns; j++) {
      const v = features[i * columns + j];
      row[j] = v === 0 ? "0" : String(v); // -0 as 0
    }
    row[columns] = String(labels[i] + 1);
    lines.push(row.join(","));
  }
  return lines.join("\n") + "\n";
}
