/**
 * A labelled table of numbers: what the trainer consumes. Data loaders
 * (files, the synthetic generator) produce it; nothing downstream parses.
 */
export interface TabularData {
  /** rows × columns feature values, row-major. */
  features: Float64Array;
  /** Class of each row, 0..classes−1. */
  labels: Int32Array;
  columns: number;
  classes: number;
  /** Column names (the header of a CSV, the UCI names for covtype.data). */
  columnNames: string[];
  /** Columns that hold measurements (standardised on request); the others are 0/1 indicators. */
  continuous: number[];
  /** Where the data came from, for the results' provenance. */
  source: string;
}

export function rowCount(data: TabularData): number {
  return data.labels.length;
}

/** Covertype's schema: 10 measurements, 4 wilderness-area and 40 soil-type indicators, 7 classes. */
export const COVERTYPE = {
  continuousNames: [
    "Elevation",
    "Aspect",
    "Slope",
    "Horizontal_Distance_To_Hydrology",
    "Vertical_Distance_To_Hydrology",
    "Horizontal_Distance_To_Roadways",
    "Hillshade_9am",
    "Hillshade_Noon",
    "Hillshade_3pm",
    "Horizontal_Distance_To_Fire_Points",
  ],
  wilderness: 4,
  soil: 40,
  classes: 7,
  /** Rows per class (labels 1–7) in the UCI file, 581,012 rows. */
  classCounts: [211840, 283301, 35754, 2747, 9493, 17367, 20510],
  /** The label column's name in the Kaggle/UCI CSV versions. */
  labelName: "Cover_Type",
} as const;

export function covertypeColumnNames(): string[] {
  return [
    ...COVERTYPE.continuousNames,
    ...Array.from({ length: COVERTYPE.wilderness }, (_, i) => `Wilderness_Area${i + 1}`),
    ...Array.from({ length: COVERTYPE.soil }, (_, i) => `Soil_Type${i + 1}`),
  ];
}
