/**
 * A grouped bar chart as SVG text, written by hand (no dependencies), for `bench/io.ts`:
 * one group per configuration, one bar per client (median, with a min-max whisker), the
 * value above each bar and the ratio under the group.
 *
 * @module
 */

/** One bar: a client's median and range. */
export interface Bar {
  /** Series name (`ours`, `libnfs`). */
  series: string;
  /** Bar height. */
  median: number;
  /** Whisker bottom. */
  min: number;
  /** Whisker top. */
  max: number;
}

/** One group of bars. */
export interface BarGroup {
  /** Group label (one or two lines, split at `\n`). */
  label: string;
  /** Bars, in series order. */
  bars: Bar[];
  /** Text under the label, e.g. `1.8x`. */
  note?: string;
}

/** Options of {@linkcode barChart}. */
export interface ChartOptions {
  /** Title line. */
  title: string;
  /** Subtitle line (machine, date). */
  subtitle: string;
  /** Y axis label. */
  unit: string;
  /** Colors per series. */
  colors: Record<string, string>;
}

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A "nice" axis step (1, 2 or 5 times a power of ten) giving about `ticks` ticks. */
function niceStep(max: number, ticks: number): number {
  const raw = max / ticks;
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}

/**
 * Renders the chart.
 *
 * @param groups The groups, left to right.
 * @param o Titles, unit and colors.
 * @returns A standalone SVG document.
 */
export function barChart(groups: readonly BarGroup[], o: ChartOptions): string {
  const series = [...new Set(groups.flatMap((g) => g.bars.map((b) => b.series)))];
  const barW = 26;
  const gap = 4;
  const groupW = series.length * (barW + gap) + 30;
  const left = 64;
  const top = 64;
  const plotH = 260;
  const width = Math.max(520, left + groups.length * groupW + 20);
  const height = top + plotH + 78;
  const top0 = Math.max(1, ...groups.flatMap((g) => g.bars.map((b) => Math.max(b.max, b.median))));
  const step = niceStep(top0, 6);
  const yMax = Math.ceil(top0 / step) * step;
  const y = (v: number) => top + plotH - (v / yMax) * plotH;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
      `viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${left}" y="20" font-size="14" font-weight="bold">${esc(o.title)}</text>`,
    `<text x="${left}" y="36" fill="#555">${esc(o.subtitle)}</text>`,
  );
  for (let v = 0; v <= yMax + step / 2; v += step) {
    const yy = y(v).toFixed(1);
    out.push(
      `<line x1="${left}" y1="${yy}" x2="${width - 10}" y2="${yy}" stroke="#e4e4e4"/>`,
      `<text x="${left - 6}" y="${yy}" text-anchor="end" dominant-baseline="middle" ` +
        `fill="#555">${+v.toFixed(2)}</text>`,
    );
  }
  out.push(
    `<text transform="translate(14 ${top + plotH / 2}) rotate(-90)" text-anchor="middle" ` +
      `fill="#555">${esc(o.unit)}</text>`,
  );
  groups.forEach((g, gi) => {
    const gx = left + 15 + gi * groupW;
    g.bars.forEach((b) => {
      const x = gx + series.indexOf(b.series) * (barW + gap);
      const color = o.colors[b.series] ?? "#888";
      const yb = y(b.median);
      out.push(
        `<rect x="${x}" y="${yb.toFixed(1)}" width="${barW}" ` +
          `height="${(top + plotH - yb).toFixed(1)}" fill="${color}"/>`,
      );
      if (b.max > b.min) {
        const cx = x + barW / 2;
        out.push(
          `<line x1="${cx}" y1="${y(b.min).toFixed(1)}" x2="${cx}" y2="${
            y(b.max).toFixed(1)
          }" stroke="#222"/>`,
          `<line x1="${cx - 4}" y1="${y(b.max).toFixed(1)}" x2="${cx + 4}" y2="${
            y(b.max).toFixed(1)
          }" stroke="#222"/>`,
          `<line x1="${cx - 4}" y1="${y(b.min).toFixed(1)}" x2="${cx + 4}" y2="${
            y(b.min).toFixed(1)
          }" stroke="#222"/>`,
        );
      }
      out.push(
        `<text x="${x + barW / 2}" y="${(Math.min(yb, y(b.max)) - 4).toFixed(1)}" ` +
          `text-anchor="middle" font-size="9">${Math.round(b.median)}</text>`,
      );
    });
    const cx = gx + (series.length * (barW + gap) - gap) / 2;
    g.label.split("\n").forEach((line, i) => {
      out.push(
        `<text x="${cx}" y="${top + plotH + 16 + i * 13}" text-anchor="middle">${esc(line)}</text>`,
      );
    });
    if (g.note) {
      const ly = top + plotH + 16 + g.label.split("\n").length * 13;
      out.push(
        `<text x="${cx}" y="${ly}" text-anchor="middle" font-weight="bold">${esc(g.note)}</text>`,
      );
    }
  });
  series.forEach((s, i) => {
    const x = width - 10 - (series.length - i) * 95;
    out.push(
      `<rect x="${x}" y="46" width="12" height="12" fill="${o.colors[s] ?? "#888"}"/>`,
      `<text x="${x + 16}" y="56">${esc(s)}</text>`,
    );
  });
  out.push(`</svg>`);
  return out.join("\n") + "\n";
}
