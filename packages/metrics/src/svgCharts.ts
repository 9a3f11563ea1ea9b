// Charts as inline SVG text, so report.html is one self-contained file (no scripts, no network).

export type Bar = { label: string; value: number; color?: string };
export type ReferenceLine = { value: number; label: string; color: string };

const font = `font-family="system-ui, sans-serif" font-size="11"`;
const defaultColor = "#4e79a7";

export function escapeXml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
}

/** A round step (1, 2 or 5 × a power of ten) giving about `count` ticks up to `max`. */
export function niceStep(max: number, count = 4): number {
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= rough);
  return step ?? 10 * power;
}

function formatTick(value: number): string {
  return value >= 1 ? Math.round(value).toLocaleString("en-US") : String(Number(value.toPrecision(2)));
}

function formatValue(value: number): string {
  if (value >= 100) return Math.round(value).toLocaleString("en-US");
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/**
 * Vertical bars on a linear scale with optional horizontal reference lines. With many bars the
 * labels are thinned to about 20, so 200 tenants stay readable.
 */
export function columnChart(options: {
  bars: readonly Bar[];
  unit: string;
  lines?: readonly ReferenceLine[];
  legend?: readonly { label: string; color: string }[];
  width?: number;
  height?: number;
}): string {
  const { bars, unit, lines = [], legend = [] } = options;
  const width = options.width ?? 760;
  const height = options.height ?? 260;
  // A legend gets its own line above the plot, clear of the bars.
  const margin = { top: legend.length > 0 ? 32 : 16, right: 44, bottom: 80, left: 64 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const highest = Math.max(1e-9, ...bars.map((bar) => bar.value), ...lines.map((line) => line.value));
  const step = niceStep(highest);
  const max = Math.ceil((highest * 1.05) / step) * step;
  const y = (value: number) => margin.top + plotHeight - (value / max) * plotHeight;
  const barWidth = plotWidth / Math.max(1, bars.length);
  const labelEvery = Math.max(1, Math.ceil(bars.length / 20));
  const parts: string[] = [];
  for (let value = 0; value <= max + step / 2; value += step) {
    parts.push(
      `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(value)}" y2="${y(value)}" stroke="#e5e5e5"/>`,
      `<text x="${margin.left - 6}" y="${y(value) + 4}" text-anchor="end" ${font}>${formatTick(value)}</text>`,
    );
  }
  bars.forEach((bar, index) => {
    const x = margin.left + index * barWidth;
    const top = y(bar.value);
    parts.push(
      `<rect x="${x + barWidth * 0.1}" y="${top}" width="${Math.max(1, barWidth * 0.8)}" height="${margin.top + plotHeight - top}" fill="${bar.color ?? defaultColor}"><title>${escapeXml(`${bar.label}: ${formatValue(bar.value)} ${unit}`)}</title></rect>`,
    );
    if (index % labelEvery === 0) {
      const lx = x + barWidth / 2;
      const ly = margin.top + plotHeight + 10;
      parts.push(`<text x="${lx}" y="${ly}" transform="rotate(40 ${lx} ${ly})" ${font}>${escapeXml(bar.label)}</text>`);
    }
  });
  for (const line of lines) {
    parts.push(
      `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(line.value)}" y2="${y(line.value)}" stroke="${line.color}" stroke-dasharray="5 3"/>`,
      `<text x="${width - margin.right}" y="${y(line.value) - 4}" text-anchor="end" fill="${line.color}" ${font}>${escapeXml(line.label)}</text>`,
    );
  }
  legend.forEach((entry, index) => {
    const x = margin.left + 8 + index * 110;
    parts.push(
      `<rect x="${x}" y="4" width="10" height="10" fill="${entry.color}"/>`,
      `<text x="${x + 14}" y="13" ${font}>${escapeXml(entry.label)}</text>`,
    );
  });
  parts.push(
    `<text x="14" y="${margin.top + plotHeight / 2}" transform="rotate(-90 14 ${margin.top + plotHeight / 2})" text-anchor="middle" ${font}>${escapeXml(unit)}</text>`,
  );
  return svg(width, height, parts);
}

export type PercentileRow = { label: string; p50: number; p95: number; p99: number };

/**
 * One row per item: a bar to p95, ticks at p50 and p99, on a log scale (0.1 ms … the largest
 * value or line), so a 2 ms read and a 500 ms target fit one axis.
 */
export function percentileChart(options: { rows: readonly PercentileRow[]; lines?: readonly ReferenceLine[]; width?: number }): string {
  const { rows, lines = [] } = options;
  const width = options.width ?? 760;
  const rowHeight = 22;
  const margin = { top: 24, right: 24, bottom: 28, left: 220 };
  const height = margin.top + margin.bottom + rows.length * rowHeight;
  const plotWidth = width - margin.left - margin.right;
  const low = 0.1;
  const high = Math.max(1, ...rows.map((row) => row.p99), ...lines.map((line) => line.value)) * 1.2;
  const x = (value: number) => margin.left + (Math.log10(Math.max(low, value) / low) / Math.log10(high / low)) * plotWidth;
  const parts: string[] = [];
  for (let tick = low; tick <= high; tick *= 10) {
    parts.push(
      `<line x1="${x(tick)}" x2="${x(tick)}" y1="${margin.top}" y2="${height - margin.bottom}" stroke="#e5e5e5"/>`,
      `<text x="${x(tick)}" y="${height - margin.bottom + 14}" text-anchor="middle" ${font}>${formatTick(tick)} ms</text>`,
    );
  }
  rows.forEach((row, index) => {
    const top = margin.top + index * rowHeight;
    const mid = top + rowHeight / 2;
    parts.push(
      `<text x="${margin.left - 8}" y="${mid + 4}" text-anchor="end" ${font}>${escapeXml(row.label)}</text>`,
      `<rect x="${margin.left}" y="${top + 5}" width="${x(row.p95) - margin.left}" height="${rowHeight - 10}" fill="${defaultColor}"><title>${escapeXml(`${row.label}: p50 ${formatValue(row.p50)} ms, p95 ${formatValue(row.p95)} ms, p99 ${formatValue(row.p99)} ms`)}</title></rect>`,
      `<line x1="${x(row.p50)}" x2="${x(row.p50)}" y1="${top + 2}" y2="${top + rowHeight - 2}" stroke="#f28e2b" stroke-width="2"/>`,
      `<line x1="${x(row.p99)}" x2="${x(row.p99)}" y1="${top + 2}" y2="${top + rowHeight - 2}" stroke="#222" stroke-width="2"/>`,
    );
  });
  for (const line of lines) {
    parts.push(
      `<line x1="${x(line.value)}" x2="${x(line.value)}" y1="${margin.top - 6}" y2="${height - margin.bottom}" stroke="${line.color}" stroke-dasharray="5 3"/>`,
      `<text x="${x(line.value)}" y="${margin.top - 10}" text-anchor="middle" fill="${line.color}" ${font}>${escapeXml(line.label)}</text>`,
    );
  }
  return svg(width, height, parts);
}

export type Series = { label: string; color: string; points: readonly { x: number; y: number }[] };

/**
 * Curves over a numeric x axis (e.g. tenants in the fleet), linear scales from 0, a dot and its
 * value at every point, a legend above the plot: for figures measured at a few steps.
 */
export function lineChart(options: {
  /** What the chart shows, for readers that cannot see it (the SVG's title and aria-label). */
  title: string;
  series: readonly Series[];
  xUnit: string;
  yUnit: string;
  lines?: readonly ReferenceLine[];
  width?: number;
  height?: number;
}): string {
  const { series, xUnit, yUnit, lines = [] } = options;
  const width = options.width ?? 760;
  const height = options.height ?? 280;
  const margin = { top: 32, right: 44, bottom: 44, left: 72 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const points = series.flatMap((line) => line.points);
  const highestX = Math.max(1e-9, ...points.map((point) => point.x));
  const highestY = Math.max(1e-9, ...points.map((point) => point.y), ...lines.map((line) => line.value));
  const stepX = niceStep(highestX);
  const stepY = niceStep(highestY);
  const maxX = Math.ceil(highestX / stepX) * stepX;
  const maxY = Math.ceil((highestY * 1.05) / stepY) * stepY;
  const x = (value: number) => margin.left + (value / maxX) * plotWidth;
  const y = (value: number) => margin.top + plotHeight - (value / maxY) * plotHeight;
  const parts: string[] = [];
  for (let value = 0; value <= maxY + stepY / 2; value += stepY) {
    parts.push(
      `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(value)}" y2="${y(value)}" stroke="#e5e5e5"/>`,
      `<text x="${margin.left - 6}" y="${y(value) + 4}" text-anchor="end" ${font}>${formatTick(value)}</text>`,
    );
  }
  for (let value = 0; value <= maxX + stepX / 2; value += stepX) {
    parts.push(`<text x="${x(value)}" y="${margin.top + plotHeight + 16}" text-anchor="middle" ${font}>${formatTick(value)}</text>`);
  }
  for (const line of lines) {
    parts.push(
      `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(line.value)}" y2="${y(line.value)}" stroke="${line.color}" stroke-dasharray="5 3"/>`,
      `<text x="${width - margin.right}" y="${y(line.value) - 4}" text-anchor="end" fill="${line.color}" ${font}>${escapeXml(line.label)}</text>`,
    );
  }
  series.forEach((line, index) => {
    const path = line.points.map((point) => `${x(point.x)},${y(point.y)}`).join(" ");
    parts.push(`<polyline points="${path}" fill="none" stroke="${line.color}" stroke-width="2"/>`);
    for (const point of line.points) {
      parts.push(
        `<circle cx="${x(point.x)}" cy="${y(point.y)}" r="3" fill="${line.color}"><title>${escapeXml(`${line.label} at ${formatTick(point.x)} ${xUnit}: ${formatValue(point.y)} ${yUnit}`)}</title></circle>`,
      );
    }
    const lx = margin.left + 8 + index * 170;
    parts.push(
      `<rect x="${lx}" y="6" width="10" height="10" fill="${line.color}"/>`,
      `<text x="${lx + 14}" y="15" ${font}>${escapeXml(line.label)}</text>`,
    );
  });
  parts.push(
    `<text x="${margin.left + plotWidth / 2}" y="${height - 6}" text-anchor="middle" ${font}>${escapeXml(xUnit)}</text>`,
    `<text x="14" y="${margin.top + plotHeight / 2}" transform="rotate(-90 14 ${margin.top + plotHeight / 2})" text-anchor="middle" ${font}>${escapeXml(yUnit)}</text>`,
  );
  return svg(width, height, parts, options.title);
}

function svg(width: number, height: number, parts: readonly string[], title?: string): string {
  const label = title === undefined ? "" : ` aria-label="${escapeXml(title)}"`;
  const heading = title === undefined ? "" : `<title>${escapeXml(title)}</title>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img"${label}>${heading}${parts.join("")}</svg>`;
}
