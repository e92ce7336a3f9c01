/** Plain-text tables of the CLI's commands. */

/** Four significant digits, the precision of the per-layer tables. */
export const fmt4 = (x: number): string => x.toPrecision(4);

/** Right-aligned text table from a header and rows. */
export function layerTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padStart(widths[i])).join("  ");
  return [line(header), ...rows.map(line)].join("\n") + "\n";
}
