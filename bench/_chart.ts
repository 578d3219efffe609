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

/** One line of a {@linkcode lineChart} panel: points joined in x order. */
export interface LineSeries {
  /** Legend name. */
  name: string;
  /** Points; a null y leaves a gap (e.g. a size a client did not finish). */
  points: { x: number; y: number | null }[];
  /** Drawn dashed (e.g. a goal or a reference). */
  dashed?: boolean;
}

/** One plot of a {@linkcode lineChart}. */
export interface LinePanel {
  /** Title above the plot. */
  title: string;
  /** Y axis label. */
  unit: string;
  /** The lines. */
  series: LineSeries[];
  /** Log y axis (otherwise linear from 0). */
  logY?: boolean;
  /** A horizontal line with a label, e.g. the 128 MiB goal. */
  goal?: { y: number; label: string };
}

/** Options of {@linkcode lineChart}. */
export interface LineChartOptions {
  /** Title line. */
  title: string;
  /** Subtitle line (machine, date). */
  subtitle: string;
  /** X axis label (shared by the panels). */
  xUnit: string;
  /** Log x axis. */
  logX: boolean;
  /** Colors per series name (others get gray). */
  colors: Record<string, string>;
}

/** An axis's domain [lo, hi] and tick values: whole decades (log) or a nice step (linear, from 0). */
function axis(lo: number, hi: number, log: boolean): { lo: number; hi: number; ticks: number[] } {
  if (log) {
    const a = Math.floor(Math.log10(lo) + 1e-9);
    const b = Math.max(a + 1, Math.ceil(Math.log10(hi) - 1e-9));
    const t: number[] = [];
    for (let p = a; p <= b; p++) {
      for (const m of b - a <= 2 ? [1, 2, 5] : [1]) if (m * 10 ** p <= 10 ** b) t.push(m * 10 ** p);
    }
    return { lo: 10 ** a, hi: 10 ** b, ticks: t };
  }
  const step = niceStep(hi, 5);
  const top = Math.ceil(hi / step) * step;
  const t: number[] = [];
  for (let v = 0; v <= top + step / 2; v += step) t.push(v);
  return { lo: 0, hi: top, ticks: t };
}

/** `1000` → `1k`, `1000000` → `1M`; others as they are. */
function short(v: number): string {
  if (v >= 1e6 && v % 1e6 === 0) return `${v / 1e6}M`;
  if (v >= 1e3 && v % 1e3 === 0) return `${v / 1e3}k`;
  return String(+v.toPrecision(3));
}

/**
 * Renders one or more line plots side by side, sharing the x axis kind and the legend
 * (markers at the points; log or linear axes).
 *
 * @param panels The plots, left to right.
 * @param o Titles, x unit and colors.
 * @returns A standalone SVG document.
 */
export function lineChart(panels: readonly LinePanel[], o: LineChartOptions): string {
  const panelW = 380;
  const plotH = 250;
  const left = 62;
  const gapX = 40;
  const top = 84;
  const width = Math.max(520, panels.length * (left + panelW + gapX) + 10);
  const names = [...new Set(panels.flatMap((p) => p.series.map((s) => s.name)))];
  const legendRows =
    Math.ceil(names.reduce((t, n) => t + 34 + n.length * 6.2, 0) / (width - left - 20)) + 1;
  const height = top + plotH + 50 + legendRows * 16;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
    `viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${left}" y="20" font-size="14" font-weight="bold">${esc(o.title)}</text>`,
    `<text x="${left}" y="36" fill="#555">${esc(o.subtitle)}</text>`,
  ];
  const xs = panels.flatMap((p) => p.series.flatMap((s) => s.points.map((q) => q.x)));
  const xLo = Math.min(...xs);
  const xHi = Math.max(...xs);
  const xAxis = axis(xLo, xHi, o.logX);
  const tx = (v: number) => (o.logX ? Math.log10(v) : v);
  panels.forEach((p, pi) => {
    const x0 = left + pi * (left + panelW + gapX);
    const ys = p.series.flatMap((s) => s.points.flatMap((q) => (q.y === null ? [] : [q.y])));
    if (p.goal) ys.push(p.goal.y);
    const positive = ys.filter((v) => v > 0);
    const logY = p.logY === true && positive.length > 0;
    const yLo = logY ? Math.min(...positive) : 0;
    const yHi = Math.max(1e-9, ...ys) * (logY ? 1 : 1.05);
    const yAxis = axis(yLo, yHi, logY);
    const ty = (v: number) => (logY ? Math.log10(Math.max(v, yAxis.lo)) : v);
    const sx = (v: number) =>
      x0 + (tx(v) - tx(xAxis.lo)) / (tx(xAxis.hi) - tx(xAxis.lo) || 1) * panelW;
    const sy = (v: number) =>
      top + plotH - (ty(v) - ty(yAxis.lo)) / (ty(yAxis.hi) - ty(yAxis.lo) || 1) * plotH;
    out.push(
      `<text x="${x0}" y="${top - 14}" font-weight="bold">${esc(p.title)}</text>`,
      `<rect x="${x0}" y="${top}" width="${panelW}" height="${plotH}" fill="none" stroke="#bbb"/>`,
    );
    for (const v of yAxis.ticks) {
      const yy = sy(v).toFixed(1);
      out.push(
        `<line x1="${x0}" y1="${yy}" x2="${x0 + panelW}" y2="${yy}" stroke="#e4e4e4"/>`,
        `<text x="${x0 - 6}" y="${yy}" text-anchor="end" dominant-baseline="middle" ` +
          `fill="#555">${+v.toPrecision(3)}</text>`,
      );
    }
    for (const v of xAxis.ticks) {
      const xx = sx(v).toFixed(1);
      out.push(
        `<line x1="${xx}" y1="${top}" x2="${xx}" y2="${top + plotH}" stroke="#eee"/>`,
        `<text x="${xx}" y="${top + plotH + 15}" text-anchor="middle" fill="#555">${
          short(v)
        }</text>`,
      );
    }
    out.push(
      `<text x="${x0 + panelW / 2}" y="${top + plotH + 32}" text-anchor="middle" fill="#555">${
        esc(o.xUnit)
      }</text>`,
      `<text transform="translate(${x0 - 46} ${top + plotH / 2}) rotate(-90)" ` +
        `text-anchor="middle" fill="#555">${esc(p.unit)}</text>`,
    );
    if (p.goal) {
      const gy = sy(p.goal.y).toFixed(1);
      out.push(
        `<line x1="${x0}" y1="${gy}" x2="${x0 + panelW}" y2="${gy}" stroke="#c53030" ` +
          `stroke-dasharray="6 4"/>`,
        `<text x="${x0 + 4}" y="${+gy - 4}" fill="#c53030">${esc(p.goal.label)}</text>`,
      );
    }
    for (const s of p.series) {
      const color = o.colors[s.name] ?? "#888";
      const pts = [...s.points].sort((a, b) => a.x - b.x);
      let path = "";
      let pen = false;
      for (const q of pts) {
        if (q.y === null) {
          pen = false;
          continue;
        }
        path += `${pen ? "L" : "M"}${sx(q.x).toFixed(1)},${sy(q.y).toFixed(1)}`;
        pen = true;
      }
      if (path) {
        out.push(
          `<path d="${path}" fill="none" stroke="${color}" stroke-width="2"${
            s.dashed ? ' stroke-dasharray="5 3"' : ""
          }/>`,
        );
      }
      for (const q of pts) {
        if (q.y === null) continue;
        out.push(
          `<circle cx="${sx(q.x).toFixed(1)}" cy="${sy(q.y).toFixed(1)}" r="3" fill="${color}">` +
            `<title>${esc(`${s.name}: ${short(q.x)} → ${+q.y.toPrecision(3)}`)}</title></circle>`,
        );
      }
    }
  });
  let lx = left;
  let ly = top + plotH + 56;
  for (const n of names) {
    const w = 34 + n.length * 6.2;
    if (lx + w > width - 10 && lx > left) {
      lx = left;
      ly += 16;
    }
    out.push(
      `<rect x="${lx}" y="${ly - 9}" width="14" height="4" fill="${o.colors[n] ?? "#888"}"/>`,
      `<text x="${lx + 20}" y="${ly - 4}" dominant-baseline="middle">${esc(n)}</text>`,
    );
    lx += w;
  }
  out.push(`</svg>`);
  return out.join("\n") + "\n";
}
