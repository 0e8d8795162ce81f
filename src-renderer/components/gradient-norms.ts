// Gradient norms per layer and epoch as chart data. The norms of different layers can differ by
// orders of magnitude (that is the point of showing them: vanishing or exploding gradients), so
// they are drawn on a log scale: the chart plots log10 of each norm and labels the axis with the
// norms themselves.

import type { EpochRow } from '../../src-main/contract/rows.ts';
import { align, type Aligned } from './charts/align.ts';
import type { ChartSeries } from './charts/chart-types.ts';

/** "layer 1 (784→128)" for each dense layer of a network with these sizes. */
export function layerNames(sizes: readonly number[]): string[] {
  return sizes.slice(1).map((out, l) => `layer ${l + 1} (${sizes[l]}→${out})`);
}

/** Whether any epoch has norms (runs saved before they were measured have none). */
export function hasGradientNorms(epochs: readonly EpochRow[]): boolean {
  return epochs.some((e) => e.gradientNorms !== null && e.gradientNorms.length > 0);
}

/** x = epoch; one series per layer of log10(norm), null where an epoch has no norm for it or
 * the norm is 0 (no log). */
export function gradientNormData(epochs: readonly EpochRow[], layers: number): Aligned {
  const x = epochs.map((e) => e.epoch);
  return align(
    Array.from({ length: layers }, (_, l) => ({
      x,
      y: epochs.map((e) => {
        const norm = e.gradientNorms?.[l];
        return norm !== undefined && norm > 0 && Number.isFinite(norm) ? Math.log10(norm) : null;
      }),
    })),
  );
}

const COLOURS = ['--series-1', '--series-2', '--series-3', '--series-4'];

/** One line per layer; past four layers the colours repeat, dashed. */
export function normSeries(names: readonly string[]): ChartSeries[] {
  return names.map((label, l) => ({
    label,
    color: COLOURS[l % COLOURS.length],
    points: true,
    dash: l >= COLOURS.length ? [6, 4] : undefined,
  }));
}

/** A norm as a short number: 0.042, 3.1, 2.5e-5. */
export function formatNorm(norm: number): string {
  if (norm === 0 || !Number.isFinite(norm)) return String(norm);
  const a = Math.abs(norm);
  return a >= 0.001 && a < 10_000 ? String(Number(norm.toPrecision(2))) : norm.toExponential(1);
}

/** The axis and legend text for a plotted log10 value. */
export const formatLogNorm = (log: number): string => formatNorm(10 ** log);
