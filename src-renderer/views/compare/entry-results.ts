// The results table by entry: a group's mean ± std, its 95% confidence interval and n, as the
// back end's comparison computes them (MetricStats per side); a single run's value as it is.

import {
  SUMMARY_LABELS,
  summaryValue,
  type SummaryChoice,
} from '../../../src-core/summary-value.ts';
import type { MetricStats, SideStats } from '../../../src-main/contract/comparison.ts';
import type { RunRow } from '../../../src-main/contract/rows.ts';
import { duration, loss, percent } from '../../lib/format.ts';
import type { CompareEntry } from './entries.ts';

export type Metric = MetricStats['metric'];

/** The table's rows: the summary value first, then test results and time; test accuracy once
 * when it is the summary value. */
export const metricsFor = (summary: SummaryChoice): readonly Metric[] =>
  (['summary', 'testAccuracy', 'testLoss', 'trainSeconds'] as const).filter(
    (m) => !(m === 'testAccuracy' && summary === 'final'),
  );

export function metricLabel(metric: Metric, summary: SummaryChoice): string {
  return {
    summary: SUMMARY_LABELS[summary],
    testAccuracy: 'Test accuracy',
    testLoss: 'Test loss',
    trainSeconds: 'Training time',
  }[metric];
}

/** One cell: a run's value (n = 1, no spread) or a group's statistics. */
export interface ResultCell {
  readonly n: number;
  readonly mean: number | null;
  readonly std: number | null;
  readonly ci95: readonly [number, number] | null;
  /** The epoch a single run's summary value comes from (best, lowest loss). */
  readonly epoch: number | null;
}

export function runCell(run: RunRow, metric: Metric, summary: SummaryChoice): ResultCell {
  const single = (value: number | null, epoch: number | null = null): ResultCell => ({
    n: value === null ? 0 : 1,
    mean: value,
    std: null,
    ci95: null,
    epoch,
  });
  if (metric === 'summary') {
    const s = summaryValue(run, summary);
    return single(s.value, s.epoch);
  }
  return single(run[metric]);
}

/** A group's cell from its side of a comparison; null if the side has no such metric. */
export function sideCell(side: SideStats, metric: Metric): ResultCell | null {
  const m = side.metrics.find((s) => s.metric === metric);
  return m === undefined ? null : { n: m.n, mean: m.mean, std: m.std, ci95: m.ci95, epoch: null };
}

/** How a metric's values read: accuracies as percentages, losses to four digits, times. */
export function metricFormat(metric: Metric, summary: SummaryChoice): (v: number | null) => string {
  if (metric === 'trainSeconds') return duration;
  if (metric === 'testLoss' || (metric === 'summary' && summary === 'min-loss')) return loss;
  return (v) => percent(v);
}

/** Which pairs of entries (by index, lower first) to compare so that every group's statistics
 * arrive: each group with the entry after it (before it, if it is last). A comparison of runs
 * alone is not needed for the table: their values are their own. */
export function statPairs(entries: readonly CompareEntry[]): [number, number][] {
  const pairs: [number, number][] = [];
  const covered = new Set<number>();
  entries.forEach((e, i) => {
    if (e.kind !== 'group' || covered.has(i) || entries.length < 2) return;
    const j = i + 1 < entries.length ? i + 1 : i - 1;
    pairs.push([Math.min(i, j), Math.max(i, j)]);
    covered.add(i).add(j);
  });
  return pairs;
}

/** A cell's value: "97.23% ± 0.35%" for a group, the value alone for one run. */
export const cellValue = (c: ResultCell, show: (v: number | null) => string): string =>
  c.std === null ? show(c.mean) : `${show(c.mean)} ± ${show(c.std)}`;

/** The line under a cell's value: "95% CI 96.8% to 98.1% · n = 3", or "n = 1 · epoch 9". */
export function cellDetail(c: ResultCell, show: (v: number | null) => string): string {
  return [
    c.ci95 === null ? null : `95% CI ${show(c.ci95[0])} to ${show(c.ci95[1])}`,
    `n = ${c.n}`,
    c.epoch === null ? null : `epoch ${c.epoch}`,
  ]
    .filter((part) => part !== null)
    .join(' · ');
}
