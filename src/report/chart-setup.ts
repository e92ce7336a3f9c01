/**
 * What every lipvar chart needs from Chart.js, wherever it is drawn (the PNG
 * renderer under Node, a page in a browser): the report's fonts and colour,
 * and the white-background, subscript (rich-text), error-bar and
 * legend-symbol plugins.
 */
import type { Chart } from "chart.js";
import { errorBars, legendSymbols, richText, whiteBackground } from "./plugins.js";
import { FONT, FONT_FAMILY } from "./style.js";

/** Set the report's defaults on a Chart.js constructor and register lipvar's plugins (idempotent). */
export function setUpChartJs(ChartJS: typeof Chart): void {
  ChartJS.defaults.font.family = FONT_FAMILY;
  ChartJS.defaults.font.size = FONT.base;
  ChartJS.defaults.color = "#222";
  ChartJS.register(whiteBackground, richText, errorBars, legendSymbols);
}
