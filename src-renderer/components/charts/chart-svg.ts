// Charts as an SVG file, drawn from the same data, series and bands the screen's charts get:
// panels side by side with axes, ticks and titles, then a legend. A plain function of its input
// (colours resolved by the caller from the theme), so the file can be checked without a browser;
// the PNG export draws this SVG onto a canvas.

import type { Aligned } from './align.ts';
import type { ChartBand, ChartSeries } from './chart-types.ts';

export interface SvgChart {
  readonly title: string;
  readonly data: Aligned;
  readonly series: readonly ChartSeries[];
  readonly bands: readonly ChartBand[];
  readonly xLabel: string;
  readonly yLabel: string;
  /** A log y axis, as the screen's loss chart may have: values it cannot place are left out. */
  readonly yLog?: boolean;
  readonly xFormat: (v: number) => string;
  readonly yFormat: (v: number) => string;
}

export interface SvgTheme {
  /** A colour token ('--series-1') as a CSS colour. */
  readonly color: (token: string) => string;
  readonly background: string;
  readonly text: string;
  readonly muted: string;
  readonly grid: string;
  readonly font: string;
}

export const PANEL = { width: 560, height: 320 } as const;
const MARGIN = { left: 64, right: 16, top: 32, bottom: 44 } as const;
const LEGEND_ROW = 20;

/** About `count` round tick values (1, 2 or 5 × 10ᵏ apart) within [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  // The round step nearest the even split, on a log scale (0.23 → 0.2, 0.4 → 0.5).
  const step = [1, 2, 5, 10]
    .map((m) => m * power)
    .reduce((best, s) => (Math.abs(Math.log(s / raw)) < Math.abs(Math.log(best / raw)) ? s : best));
  // Whole multiples of the step, written with the step's decimals: 0.6, not 0.6000000000000001.
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const ticks: number[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++)
    ticks.push(Number((k * step).toFixed(decimals)));
  return ticks;
}

/** Ticks of a log axis spanning 10^lo to 10^hi, as logarithms: the powers of ten, with 2 and 5
 * times them when fewer than two decades show. */
export function logTicks(lo: number, hi: number): number[] {
  const decades = Math.floor(hi) - Math.ceil(lo) + 1;
  const steps = decades >= 2 ? [1] : [1, 2, 5];
  const ticks: number[] = [];
  for (let k = Math.floor(lo); k <= Math.ceil(hi); k++)
    for (const m of steps) {
      const t = Math.log10(m * 10 ** k);
      if (t >= lo && t <= hi) ticks.push(t);
    }
  return ticks;
}

const escape = (text: string): string =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

const fixed = (v: number): string => String(Math.round(v * 10) / 10);

function extent(values: Iterable<number | null>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values)
    if (v !== null && Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  if (lo === Infinity) return [0, 1];
  if (lo === hi) return [lo - 0.5, hi + 0.5];
  const pad = (hi - lo) * 0.05;
  return [lo - pad, hi + pad];
}

function panel(chart: SvgChart, theme: SvgTheme, left: number): string {
  // On a log axis every value is drawn at its logarithm, and ticks sit at round values' logs.
  const [xs, ...raw] = chart.data;
  const ys = chart.yLog
    ? raw.map((y) =>
        y.map((v) => (v !== null && v > 0 && Number.isFinite(v) ? Math.log10(v) : null)),
      )
    : raw;
  const inner = {
    left: left + MARGIN.left,
    top: MARGIN.top,
    width: PANEL.width - MARGIN.left - MARGIN.right,
    height: PANEL.height - MARGIN.top - MARGIN.bottom,
  };
  const [x0, x1] =
    xs.length > 1 ? [xs[0], xs[xs.length - 1]] : [(xs[0] ?? 0) - 1, (xs[0] ?? 0) + 1];
  const [y0, y1] = extent(
    ys
      .flatMap((y, i) => (chart.series[i]?.alpha === 0 ? [] : y))
      .concat(chart.bands.flatMap((b) => [...ys[b.upper], ...ys[b.lower]])),
  );
  const px = (v: number) => inner.left + ((v - x0) / (x1 - x0)) * inner.width;
  const py = (v: number) => inner.top + (1 - (v - y0) / (y1 - y0)) * inner.height;
  const bottom = inner.top + inner.height;
  const out: string[] = [];
  const text = (x: number, y: number, s: string, attrs = '') =>
    out.push(`<text x="${fixed(x)}" y="${fixed(y)}"${attrs}>${escape(s)}</text>`);

  text(inner.left, 20, chart.title, ` font-weight="600" fill="${theme.text}"`);
  for (const t of chart.yLog ? logTicks(y0, y1) : niceTicks(y0, y1)) {
    out.push(
      `<line x1="${inner.left}" x2="${inner.left + inner.width}" y1="${fixed(py(t))}" y2="${fixed(py(t))}" stroke="${theme.grid}"/>`,
    );
    text(
      inner.left - 6,
      py(t) + 4,
      chart.yFormat(chart.yLog ? 10 ** t : t),
      ` text-anchor="end" fill="${theme.muted}"`,
    );
  }
  for (const t of niceTicks(x0, x1)) {
    const label = chart.xFormat(t);
    if (label === '') continue;
    text(px(t), bottom + 16, label, ` text-anchor="middle" fill="${theme.muted}"`);
  }
  text(
    inner.left + inner.width / 2,
    bottom + 36,
    chart.xLabel,
    ` text-anchor="middle" fill="${theme.muted}"`,
  );
  const yMid = inner.top + inner.height / 2;
  text(
    left + 14,
    yMid,
    chart.yLabel,
    ` text-anchor="middle" fill="${theme.muted}" transform="rotate(-90 ${left + 14} ${fixed(yMid)})"`,
  );
  out.push(
    `<rect x="${inner.left}" y="${inner.top}" width="${inner.width}" height="${inner.height}" fill="none" stroke="${theme.grid}"/>`,
  );

  for (const b of chart.bands) {
    const at = xs.flatMap((_, i) => {
      const [hi, lo] = [ys[b.upper][i], ys[b.lower][i]];
      return hi === null || lo === null ? [] : [{ x: px(xs[i]), hi: py(hi), lo: py(lo) }];
    });
    if (at.length < 2) continue;
    const edge = [
      ...at.map((p) => `${fixed(p.x)},${fixed(p.hi)}`),
      ...at.reverse().map((p) => `${fixed(p.x)},${fixed(p.lo)}`),
    ];
    out.push(
      `<polygon class="band" points="${edge.join(' ')}" fill="${theme.color(b.color)}" fill-opacity="${b.alpha}"/>`,
    );
  }
  chart.series.forEach((s, i) => {
    if (s.alpha === 0) return;
    const at = xs.flatMap((x, j) => {
      const y = ys[i][j];
      return y === null || !Number.isFinite(y) ? [] : [[px(x), py(y)] as const];
    });
    if (at.length === 0) return;
    const color = theme.color(s.color);
    const dash = s.dash === undefined ? '' : ` stroke-dasharray="${s.dash.join(' ')}"`;
    const d = at.map(([x, y], j) => `${j === 0 ? 'M' : 'L'}${fixed(x)} ${fixed(y)}`).join(' ');
    out.push(
      `<path class="line" d="${d}" fill="none" stroke="${color}" stroke-width="${s.width ?? 2}" stroke-opacity="${s.alpha ?? 1}"${dash}><title>${escape(s.label)}</title></path>`,
    );
    if (s.points)
      for (const [x, y] of at)
        out.push(
          `<circle cx="${fixed(x)}" cy="${fixed(y)}" r="3" fill="${theme.background}" stroke="${color}"/>`,
        );
  });
  return out.join('\n');
}

/** The charts side by side, one legend under them (the series it lists are the first chart's,
 * as LossAccuracyCharts draws the same series on both). */
export function chartsSvg(charts: readonly SvgChart[], theme: SvgTheme): string {
  const legend = (charts[0]?.series ?? []).filter((s) => s.legend !== false);
  const width = PANEL.width * Math.max(1, charts.length);
  const height = PANEL.height + 12 + legend.length * LEGEND_ROW;
  const items = legend.map((s, i) => {
    const y = PANEL.height + 12 + i * LEGEND_ROW;
    const dash = s.dash === undefined ? '' : ` stroke-dasharray="${s.dash.join(' ')}"`;
    return [
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + 24}" y1="${y - 4}" y2="${y - 4}" stroke="${theme.color(s.color)}" stroke-width="2"${dash}/>`,
      `<text x="${MARGIN.left + 32}" y="${y}" fill="${theme.text}">${escape(s.label)}</text>`,
    ].join('');
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escape(theme.font)}" font-size="12">`,
    `<rect width="100%" height="100%" fill="${theme.background}"/>`,
    ...charts.map((c, i) => panel(c, theme, i * PANEL.width)),
    ...items,
    '</svg>',
    '',
  ].join('\n');
}
