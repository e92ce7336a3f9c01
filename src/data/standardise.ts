/**
 * Standardisation of the continuous columns, (x − mean)/sd with the mean and
 * standard deviation of the given reference rows (the training split, so the
 * test rows do not leak into it). A constant column is left centred (sd 0 →
 * divided by 1). The author feeds raw Covertype features; this is optional.
 */
import type { TabularData } from "./types.js";

export interface ColumnScaling {
  column: number;
  mean: number;
  sd: number;
}

export function standardiseColumns(data: TabularData, referenceRows: ArrayLike<number>): { data: TabularData; scaling: ColumnScaling[] } {
  const { columns } = data;
  const features = data.features.slice();
  const n = referenceRows.length;
  if (n < 1) throw new RangeError("standardisation needs at least one reference row");
  const scaling = data.continuous.map((j) => {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += data.features[referenceRows[i] * columns + j];
    mean /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (data.features[referenceRows[i] * columns + j] - mean) ** 2;
    const sd = Math.sqrt(ss / n);
    const div = sd > 0 ? sd : 1;
    for (let i = j; i < features.length; i += columns) features[i] = (features[i] - mean) / div;
    return { column: j, mean, sd };
  });
  return { data: { ...data, features }, scaling };
}
