// How a chart's axes read: tick text short enough for any loss (a diverged run's 1.9e8 as well as
// 0.0012), an axis as wide as its widest tick, and data a log axis can place. Plain functions, so
// LineChart hands them to uPlot and the tests check them without a browser.

import { shortNumber } from '../../lib/format.ts';
import type { Aligned } from './align.ts';

/** uPlot's defaults, which LineChart keeps: the tick mark's length and the gap before its text. */
export const TICK_SIZE = 10;
export const TICK_GAP = 5;
/** The least width of a y axis, so one-digit ticks do not leave the axis title crowded. */
const LEAST_AXIS = 32;

/** A tick's text: the short number lib/format.ts writes, with `step` the distance between ticks
 * (none on log axes). */
export const tickText = shortNumber;

/** A share (0–1) as a percentage tick: "95%", or "9.001%" when ticks are that close. */
export const percentTick = (v: number, step?: number): string =>
  `${tickText(v * 100, step === undefined ? undefined : step * 100)}%`;

/** The y axis' width in CSS pixels: its widest tick text (null ticks are skipped ones), the tick
 * mark and the gap, so no text is clipped and none reaches the axis title beside it. */
export function axisSize(
  texts: readonly (string | null)[],
  measure: (text: string) => number,
): number {
  let widest = 0;
  for (const t of texts) if (t !== null) widest = Math.max(widest, measure(t));
  return Math.max(LEAST_AXIS, Math.ceil(widest) + TICK_SIZE + TICK_GAP + 2);
}

/** A log axis has no place for zero, negative or infinite values: they become gaps. */
export function forLogScale(data: Aligned): Aligned {
  const [x, ...ys] = data;
  return [
    x,
    ...ys.map((y) => y.map((v) => (v !== null && v > 0 && Number.isFinite(v) ? v : null))),
  ];
}

/** A log axis' splits (1, 2, 3 … 9, 10, 20 …) with all but the powers of ten left out: grid
 * lines at every split would hatch the chart. */
export function decades(splits: readonly number[]): (number | null)[] {
  return splits.map((v) => {
    const p = Math.log10(v);
    return Math.abs(p - Math.round(p)) < 1e-9 ? v : null;
  });
}

/** The x range shown unzoomed: the data's (ascending x), widened to `least` when given. */
export function xExtent(
  xs: ArrayLike<number>,
  least: readonly [number, number] | undefined,
): [number, number] {
  const lo = xs.length > 0 ? xs[0] : (least?.[0] ?? 0);
  const hi = xs.length > 0 ? xs[xs.length - 1] : (least?.[1] ?? 1);
  return least === undefined ? [lo, hi] : [Math.min(least[0], lo), Math.max(least[1], hi)];
}
