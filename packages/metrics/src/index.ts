export { formatMs, ratio, type Summary, summarize } from "./summarize.ts";
export {
  type Bar,
  columnChart,
  escapeXml,
  lineChart,
  niceStep,
  type PercentileRow,
  percentileChart,
  type ReferenceLine,
  type Series,
} from "./svgCharts.ts";
