export { formatMs, ratio, type Summary, summarize } from "./summarize.ts";
