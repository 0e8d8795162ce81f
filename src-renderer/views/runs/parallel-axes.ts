// The parallel-coordinates view of the listed runs: one vertical axis per setting that varies
// among them, then their results, and a line per run through its value on each axis. A brush
// on an axis keeps the runs inside it; brushes on several axes must all hold. Positions run
// from 0 (the bottom of an axis) to 1 (its top); a run without a value sits below its axis.

import type { RunSummary } from '../../../src-main/contract/rows.ts';
import { fieldNamed, type FieldValue } from '../../../src-core/query/index.ts';
import { SETTING_NAMES, SETTINGS } from '../../../src-core/settings.ts';
import {
  SUMMARY_LABELS,
  summaryValue,
  type SummaryChoice,
} from '../../../src-core/summary-value.ts';
import { duration, loss, percent, shortNumber } from '../../lib/format.ts';
import { runSeconds } from './runs-table.ts';

interface AxisBase {
  /** The query field it shows (a setting's flag), or 'result' / 'time'. */
  readonly key: string;
  /** Short, under the axis: the setting's flag ("lr"), or the result's name. */
  readonly label: string;
  /** Longer, for a tooltip and the keyboard ranges. */
  readonly title: string;
}

export interface NumberAxis extends AxisBase {
  readonly kind: 'number';
  readonly min: number;
  readonly max: number;
  /** Positions by the logarithm: values spanning tenfold or more (learning rates). */
  readonly log: boolean;
  /** A value as the axis labels it. */
  readonly format: (v: number) => string;
  /** Accuracies are typed as percentages in the keyboard ranges: 97 means 0.97. */
  readonly percent: boolean;
}

export interface CategoryAxis extends AxisBase {
  readonly kind: 'category';
  /** Bottom to top, in natural order ("32" before "128"). */
  readonly categories: readonly string[];
}

export type Axis = NumberAxis | CategoryAxis;
export type AxisValue = number | string | null;

/** What a brush keeps: a range of a number axis (in its units), or categories. */
export type Brush =
  | { readonly kind: 'range'; readonly min: number; readonly max: number }
  | { readonly kind: 'set'; readonly values: readonly string[] };

export type Brushes = ReadonlyMap<string, Brush>;

export interface ParallelData {
  readonly axes: readonly Axis[];
  /** values[i][j]: run i's value on axis j, read once. */
  readonly values: readonly (readonly AxisValue[])[];
}

const collator = new Intl.Collator('en', { numeric: true });

/** A field value as one axis value: lists ("128,64", "relu,relu") and words as text. */
function axisValue(v: FieldValue): AxisValue {
  if (v === null || typeof v === 'number' || typeof v === 'string') return v;
  return v.join(',');
}

interface Column {
  readonly key: string;
  readonly label: string;
  readonly title: string;
  readonly values: AxisValue[];
  readonly format?: (v: number) => string;
  readonly percent?: boolean;
}

/** An axis for a column of values: numeric when every value it has is a number. */
function axisOf(c: Column): Axis | null {
  const present = c.values.filter((v) => v !== null);
  if (present.length === 0) return null;
  if (present.every((v) => typeof v === 'number')) {
    let min = Infinity;
    let max = -Infinity;
    for (const v of present as number[]) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return {
      kind: 'number',
      key: c.key,
      label: c.label,
      title: c.title,
      min,
      max,
      log: min > 0 && max / min >= 10,
      format: c.format ?? ((v) => shortNumber(v, Math.abs(max - min) / 100 || undefined)),
      percent: c.percent === true,
    };
  }
  const categories = [...new Set(present.map(String))].sort(collator.compare);
  return { kind: 'category', key: c.key, label: c.label, title: c.title, categories };
}

/** The settings (but the seed) on which the runs differ, in the settings table's order. */
function settingColumns(runs: readonly RunSummary[]): Column[] {
  const columns: Column[] = [];
  for (const name of SETTING_NAMES) {
    if (name === 'seed') continue;
    const field = fieldNamed(SETTINGS[name].cli.flag);
    if (field === undefined) continue;
    const values = runs.map((r) => axisValue(field.read(r)));
    const first = JSON.stringify(values[0]);
    if (values.every((v) => JSON.stringify(v) === first)) continue;
    columns.push({ key: field.name, label: field.name, title: field.help, values });
  }
  return columns;
}

/** The axes and every run's values on them: the varying settings, then the chosen result and
 * the training time. */
export function parallelData(runs: readonly RunSummary[], choice: SummaryChoice): ParallelData {
  const columns = settingColumns(runs);
  const accuracy = choice !== 'min-loss';
  columns.push(
    {
      key: 'result',
      label: accuracy ? (choice === 'final' ? 'test' : 'best val.') : 'min loss',
      title: SUMMARY_LABELS[choice],
      values: runs.map((r) => summaryValue(r, choice).value),
      format: accuracy ? (v) => percent(v, 1) : loss,
      percent: accuracy,
    },
    {
      key: 'time',
      label: 'time',
      title: 'Training time',
      values: runs.map(runSeconds),
      format: duration,
    },
  );
  const kept = columns.flatMap((c) => {
    const axis = axisOf(c);
    return axis === null ? [] : [{ axis, values: c.values }];
  });
  return {
    axes: kept.map((k) => k.axis),
    values: runs.map((_, i) => kept.map((k) => k.values[i])),
  };
}

const scaled = (axis: NumberAxis, v: number): number => (axis.log ? Math.log(v) : v);

/** Where a value sits on its axis, 0 (bottom) to 1 (top); null for a run without one. */
export function position(axis: Axis, v: AxisValue): number | null {
  if (v === null) return null;
  if (axis.kind === 'category') {
    const i = axis.categories.indexOf(String(v));
    if (i < 0) return null;
    return axis.categories.length === 1 ? 0.5 : i / (axis.categories.length - 1);
  }
  if (typeof v !== 'number') return null;
  const lo = scaled(axis, axis.min);
  const hi = scaled(axis, axis.max);
  return hi === lo ? 0.5 : (scaled(axis, v) - lo) / (hi - lo);
}

/** The value at a position of a number axis. */
export function valueAt(axis: NumberAxis, t: number): number {
  if (axis.min === axis.max) return axis.min;
  const lo = scaled(axis, axis.min);
  const v = lo + t * (scaled(axis, axis.max) - lo);
  return axis.log ? Math.exp(v) : v;
}

/** The brush a drag from position a to b draws on an axis: the values between, or the
 * categories between; null for a drag that holds no category. */
export function brushBetween(axis: Axis, a: number, b: number): Brush | null {
  const lo = Math.max(0, Math.min(a, b));
  const hi = Math.min(1, Math.max(a, b));
  if (axis.kind === 'number')
    return { kind: 'range', min: valueAt(axis, lo), max: valueAt(axis, hi) };
  const values = axis.categories.filter((c) => {
    const t = position(axis, c) as number;
    return t >= lo && t <= hi;
  });
  return values.length === 0 ? null : { kind: 'set', values };
}

/** The span of a brush on its axis, for drawing it. */
export function brushSpan(axis: Axis, brush: Brush): [number, number] {
  const ts =
    brush.kind === 'range'
      ? [position(axis, brush.min), position(axis, brush.max)]
      : brush.values.map((v) => position(axis, v));
  const known = ts.filter((t): t is number => t !== null);
  if (known.length === 0) return [0, 0];
  // A category's mark is a point; give its brush a little height to be seen and grabbed.
  const pad = brush.kind === 'set' ? 0.04 : 0;
  return [Math.max(0, Math.min(...known) - pad), Math.min(1, Math.max(...known) + pad)];
}

/** Whether a value is inside a brush. A run without a value is outside every brush. */
export function inBrush(brush: Brush, v: AxisValue): boolean {
  if (v === null) return false;
  if (brush.kind === 'set') return brush.values.includes(String(v));
  return typeof v === 'number' && v >= brush.min && v <= brush.max;
}

/** For each run (in the order parallelData read them), whether every brush keeps it. Brushes on
 * axes that are no longer shown are ignored. */
export function brushed(data: ParallelData, brushes: Brushes): boolean[] {
  const active = data.axes.flatMap((axis, j) => {
    const brush = brushes.get(axis.key);
    return brush === undefined ? [] : [{ j, brush }];
  });
  return data.values.map((row) => active.every(({ j, brush }) => inBrush(brush, row[j])));
}

/** The brushes that apply to the axes shown. */
export function activeBrushes(data: ParallelData, brushes: Brushes): number {
  return data.axes.filter((a) => brushes.has(a.key)).length;
}
