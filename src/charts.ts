/**
 * lipvar/charts — the report's Chart.js configurations for pages and apps
 * (browser-safe: no Node import, and Chart.js itself is the caller's):
 *
 *     import { Chart } from "chart.js/auto";
 *     import { setUpChartJs, depthVarianceFigure } from "lipvar/charts";
 *     setUpChartJs(Chart);
 *     new Chart(canvas, depthVarianceFigure(await runDecay({ depth: 8, width: 64, batch: 256, seed: 1 })));
 *
 * @module lipvar/charts
 */
export { setUpChartJs } from "./report/chart-setup.js";
export { depthVarianceFigure } from "./report/figures/depth-variance.js";
export { sizeVarianceFigure } from "./report/figures/size-variance.js";
export { sgndDensityFigure } from "./report/figures/density.js";
export { scatterChart, lineChart, barChart, histogramChart, type XYChartSpec, type SeriesSpec, type AxisSpec, type BarChartSpec, type HistogramChartSpec, type PointWithError, type HistogramSeries } from "./report/charts.js";
export type { SeriesRole } from "./report/style.js";
export type { ErrorBarPoint } from "./report/plugins.js";
