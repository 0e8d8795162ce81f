// `backprop-lab compare group:3 group:4` (or `compare 1,2,3 4,5,6`): two groups of runs, each
// metric as mean ± std with its 95% interval, then Welch's t-test and the bootstrap interval of
// the difference, and the sentence.

import type { Summary } from '../../src-core/stats/summary.ts';
import type { Comparison, MetricStats, SideStats } from '../contract/comparison.ts';
import { duration, jsonLine, meanStd, percent, printable, table } from './format.ts';

/** One side as the command line named it: a stored group, or runs listed by id. */
export interface Side {
  readonly ids: readonly number[];
  readonly group: { readonly id: number; readonly name: string } | null;
}

export function printGroups(
  comparison: Comparison,
  sides: readonly [Side, Side],
  json: boolean,
): void {
  const { a, b, test, sentence } = comparison;
  const welch =
    test?.kind === 'welch'
      ? {
          t: test.t,
          df: test.df,
          p: test.p,
          difference: test.difference,
          interval95: test.interval95,
          bootstrap95: test.bootstrap95,
          resamples: test.resamples,
        }
      : null;
  if (json) {
    const side = (stats: SideStats, s: Side) => ({ ...stats, group: s.group });
    console.log(
      jsonLine({
        summary: comparison.summary,
        a: side(a, sides[0]),
        b: side(b, sides[1]),
        welch,
        sentence,
      }),
    );
    return;
  }
  const lines = [
    `A: ${sideName(sides[0])}`,
    `B: ${sideName(sides[1])}`,
    ...leftOut(a, 'A'),
    ...leftOut(b, 'B'),
    '',
    table(
      ['', 'A', 'B'],
      [
        [
          '  runs with a test result',
          String(a.ids.length - a.leftOut.length),
          String(b.ids.length - b.leftOut.length),
        ],
        ...a.metrics.flatMap((m, i) =>
          // With the final summary, the summary row is the test accuracy row: shown once.
          comparison.summary === 'final' && m.metric === 'testAccuracy'
            ? []
            : metricRows(m, b.metrics[i], comparison.summary === 'min-loss'),
        ),
      ],
    ),
    '',
  ];
  if (test?.kind === 'welch') {
    const points = comparison.summary !== 'min-loss';
    const show = (x: number): string => (points ? `${signed(x * 100, 2)} points` : signed(x, 4));
    lines.push(
      `Welch's t-test on ${a.metrics[0].label.toLowerCase()}: t = ${test.t.toFixed(2)}, ` +
        `df = ${test.df.toFixed(1)}, p = ${test.p.toPrecision(2)}`,
      `mean(B) − mean(A) = ${show(test.difference)}, 95% interval ${range(test.interval95, show)}`,
      `  bootstrap 95% interval ${range(test.bootstrap95, show)} ` +
        `(${test.resamples.toLocaleString('en-US')} resamples; too narrow with few runs)`,
    );
  }
  lines.push(sentence);
  console.log(lines.join('\n'));
}

function sideName(side: Side): string {
  const runs = `run${side.ids.length === 1 ? '' : 's'} ${side.ids.join(', ')}`;
  return side.group === null
    ? runs
    : `group ${side.group.id} (${printable(side.group.name)}), ${runs}`;
}

function leftOut(stats: SideStats, name: string): string[] {
  if (stats.leftOut.length === 0) return [];
  return [`   left out of ${name}, no test result: run ${stats.leftOut.join(', ')}`];
}

/** A metric's mean ± std per side, and under it its 95% interval. */
function metricRows(a: MetricStats, b: MetricStats, summaryIsLoss: boolean): string[][] {
  const show = formatter(a.metric, summaryIsLoss);
  const interval = (m: MetricStats): string =>
    m.ci95 === null ? '–' : `${show(m.ci95[0])} to ${show(m.ci95[1])}`;
  return [
    [`  ${a.label.toLowerCase()}`, meanStd(asSummary(a), show), meanStd(asSummary(b), show)],
    ['    95% interval', interval(a), interval(b)],
  ];
}

function formatter(metric: MetricStats['metric'], summaryIsLoss: boolean): (x: number) => string {
  switch (metric) {
    case 'summary':
      return summaryIsLoss ? (x) => x.toFixed(4) : (x) => percent(x);
    case 'testAccuracy':
      return (x) => percent(x);
    case 'testLoss':
      return (x) => x.toFixed(4);
    case 'trainSeconds':
      return duration;
  }
}

const asSummary = (m: MetricStats): Summary | null =>
  m.mean === null || m.min === null || m.max === null
    ? null
    : { n: m.n, mean: m.mean, std: m.std, min: m.min, max: m.max };

const range = ([low, high]: readonly [number, number], show: (x: number) => string): string =>
  `${show(low)} to ${show(high)}`;

const signed = (x: number, digits: number): string =>
  `${x > 0 ? '+' : x < 0 ? '−' : ''}${Math.abs(x).toFixed(digits)}`;
