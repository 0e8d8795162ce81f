// Compare's curves by entry: a single run's own line; a group's mean per epoch with a band
// (± 1 std, or min–max) and, if asked, each member as a faint line; every line optionally
// smoothed with the raw one kept faint behind it. Members may have trained different numbers
// of epochs: each epoch's mean is over the members that reached it.

import type { RunDetail } from '../../../src-main/contract/api.ts';
import type { EpochRow } from '../../../src-main/contract/rows.ts';
import { align, type Aligned, type Points } from '../../components/charts/align.ts';
import type { ChartBand, ChartSeries } from '../../components/charts/chart-types.ts';
import { smooths, smoothWith, type Smoothing } from '../../components/charts/smoothing.ts';
import { wallTimes } from '../../state/run-metrics.ts';
import { runToken } from './colors.ts';
import { epochAxis, type XAxis } from './compare.ts';
import type { CompareEntry } from './entries.ts';

/** The members' values at one epoch. */
export interface EpochStat {
  /** Members with a value at this epoch. */
  readonly n: number;
  readonly mean: number | null;
  /** Sample standard deviation (n − 1); null below two values. */
  readonly std: number | null;
  readonly min: number | null;
  readonly max: number | null;
}

/** Per epoch (index 0 is epoch 1), the statistics of the members' values there: `members[m][e]`
 * is member m's value at epoch e + 1, null (or missing, or not finite) where it has none. */
export function epochStats(members: readonly (readonly (number | null)[])[]): EpochStat[] {
  const epochs = Math.max(0, ...members.map((m) => m.length));
  return Array.from({ length: epochs }, (_, e) => {
    const values = members.flatMap((m) => {
      const v = m[e];
      return v === null || v === undefined || !Number.isFinite(v) ? [] : [v];
    });
    const n = values.length;
    if (n === 0) return { n, mean: null, std: null, min: null, max: null };
    const mean = values.reduce((a, b) => a + b, 0) / n;
    const std = n < 2 ? null : Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
    return { n, mean, std, min: Math.min(...values), max: Math.max(...values) };
  });
}

export type BandKind = 'std' | 'range';

/** The band's edges per epoch: mean ± 1 std, or the lowest and highest member; none where
 * fewer than two members have the epoch (one value has no spread). */
export function bandEdges(
  stats: readonly EpochStat[],
  kind: BandKind,
): { lower: (number | null)[]; upper: (number | null)[] } {
  const edge = (s: EpochStat, sign: 1 | -1): number | null => {
    if (s.n < 2 || s.mean === null) return null;
    if (kind === 'range') return sign > 0 ? s.max : s.min;
    return s.std === null ? null : s.mean + sign * s.std;
  };
  return { lower: stats.map((s) => edge(s, -1)), upper: stats.map((s) => edge(s, 1)) };
}

/** Each member's values indexed by epoch (its epoch number − 1). */
function byEpoch(
  epochs: readonly EpochRow[],
  value: (e: EpochRow, i: number) => number | null,
): (number | null)[] {
  const out: (number | null)[] = [];
  epochs.forEach((e, i) => (out[e.epoch - 1] = value(e, i)));
  return Array.from(out, (v) => v ?? null);
}

/** x of a group's epochs 1…n: the epoch, its share of the most planned epochs, or the mean
 * wall time at its end over the members that reached it. */
function groupAxis(runs: readonly RunDetail[], count: number, axis: XAxis): number[] {
  const epochs = Array.from({ length: count }, (_, e) => e + 1);
  if (axis === 'epoch') return epochs;
  if (axis === 'fraction') {
    const planned = Math.max(...runs.map((r) => r.config.epochs));
    return epochs.map((e) => e / planned);
  }
  const times = runs.map((r) => {
    const walls = wallTimes(r.epochs);
    return byEpoch(r.epochs, (_, i) => walls[i]);
  });
  return epochStats(times).map((s, e) => s.mean ?? e + 1);
}

export interface CurveOptions {
  readonly axis: XAxis;
  readonly band: BandKind;
  /** Draw a group's members as faint lines. */
  readonly members: boolean;
  readonly smoothing: Smoothing;
}

/** Both charts' data; they draw the same series and bands (validation, then training). */
export interface EntryCurves {
  readonly loss: Aligned;
  readonly accuracy: Aligned;
  readonly series: ChartSeries[];
  readonly bands: ChartBand[];
}

/** One entry as the curves see it: its label and its runs' details, loaded. */
export interface LoadedEntry {
  readonly entry: CompareEntry;
  readonly label: string;
  readonly runs: readonly RunDetail[];
}

type Part = {
  readonly name: 'validation' | 'train';
  readonly value: (e: EpochRow) => number | null;
};

const PARTS: Record<'loss' | 'accuracy', readonly Part[]> = {
  loss: [
    { name: 'validation', value: (e) => e.validationLoss },
    { name: 'train', value: (e) => e.trainLoss },
  ],
  accuracy: [
    { name: 'validation', value: (e) => e.validationAccuracy },
    { name: 'train', value: (e) => e.trainAccuracy },
  ],
};

/** Faint lines: a smoothed line's raw values, a group's members. */
const FAINT = { alpha: 0.3, width: 1, legend: false } as const;

function chart(entries: readonly LoadedEntry[], parts: readonly Part[], o: CurveOptions) {
  const points: Points[] = [];
  const series: ChartSeries[] = [];
  const bands: ChartBand[] = [];
  const add = (x: readonly number[], y: readonly (number | null)[], s: ChartSeries): number => {
    points.push({ x, y });
    series.push(s);
    return series.length - 1;
  };
  const smoothed = smooths(o.smoothing);
  /** The line itself, smoothed over its faint raw values when smoothing is on. */
  const line = (x: readonly number[], y: readonly (number | null)[], s: ChartSeries) => {
    if (smoothed) add(x, y, { ...s, ...FAINT, label: `${s.label} (raw)`, points: false });
    add(x, smoothWith(y, o.smoothing), smoothed ? { ...s, label: `${s.label}, smoothed` } : s);
  };
  entries.forEach(({ entry, label, runs }, i) => {
    const color = runToken(i);
    for (const part of parts) {
      const dash = part.name === 'train' ? ([6, 4] as const) : undefined;
      const style = { color, dash, points: part.name === 'validation' };
      if (entry.kind === 'run') {
        const [run] = runs;
        const x = epochAxis(run.epochs, o.axis, run.config.epochs);
        line(x, run.epochs.map(part.value), { ...style, label: `${label} ${part.name}` });
        continue;
      }
      const values = runs.map((r) => byEpoch(r.epochs, part.value));
      const stats = epochStats(values);
      const x = groupAxis(runs, stats.length, o.axis);
      if (o.members)
        runs.forEach((r, m) =>
          add(x.slice(0, values[m].length), values[m], {
            ...FAINT,
            color,
            dash,
            label: `#${r.id} ${part.name}`,
          }),
        );
      const edges = bandEdges(stats, o.band);
      const edge = (y: (number | null)[], side: string) =>
        add(x, smoothWith(y, o.smoothing), {
          color,
          alpha: 0,
          width: 0,
          legend: false,
          label: `${label} ${part.name} ${side}`,
        });
      const upper = edge(edges.upper, 'upper');
      const lower = edge(edges.lower, 'lower');
      bands.push({ upper, lower, color, alpha: part.name === 'validation' ? 0.22 : 0.1 });
      line(
        x,
        stats.map((s) => s.mean),
        { ...style, label: `${label} ${part.name} (mean)` },
      );
    }
  });
  return { data: align(points), series, bands };
}

export function entryCurves(entries: readonly LoadedEntry[], o: CurveOptions): EntryCurves {
  const loss = chart(entries, PARTS.loss, o);
  const accuracy = chart(entries, PARTS.accuracy, o);
  return { loss: loss.data, accuracy: accuracy.data, series: loss.series, bands: loss.bands };
}

/** A group whose members finished different numbers of epochs, and how many: the charts say
 * that its later epochs average fewer runs. Null when they agree. */
export function unevenEpochs(runs: readonly RunDetail[]): readonly [number, number] | null {
  const counts = runs.map((r) => r.epochs.length);
  const [lo, hi] = [Math.min(...counts), Math.max(...counts)];
  return lo === hi ? null : [lo, hi];
}
