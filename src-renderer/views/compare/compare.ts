// What Compare shows, as plain functions of the runs' saved details: overlaid curves on an epoch
// or wall-time axis, the settings side by side, metrics at an epoch, per-class accuracy.

import { diffConfigs, type ConfigRow } from '../../../src-core/config-diff.ts';
import { perClassAccuracy } from '../../../src-core/metrics.ts';
import type { RunDetail } from '../../../src-main/contract/api.ts';
import type { EpochRow } from '../../../src-main/contract/rows.ts';
import { align, type Aligned } from '../../components/charts/align.ts';
import { count, duration, loss, percent } from '../../lib/format.ts';
import { runSeconds } from '../../lib/run-time.ts';
import { bestEpoch, wallTimes } from '../../state/run-metrics.ts';

/** Epoch number, share of the planned epochs (so a 3-epoch run is not squashed by a 70-epoch
 * one), or wall time. */
export type XAxis = 'epoch' | 'fraction' | 'time';

export interface CompareCurves {
  /** Per run, in order: validation then training. */
  readonly loss: Aligned;
  readonly accuracy: Aligned;
}

/** x of each epoch's point: its number, its number over the `planned` epochs, or the wall time
 * at its end. */
export function epochAxis(
  epochs: readonly EpochRow[],
  axis: XAxis,
  planned = epochs.length,
): number[] {
  if (axis === 'time') return wallTimes(epochs);
  return epochs.map((e) => (axis === 'epoch' ? e.epoch : e.epoch / planned));
}

export function compareCurves(
  runs: readonly Pick<RunDetail, 'epochs' | 'config'>[],
  axis: XAxis,
): CompareCurves {
  const curve = (
    validation: (e: EpochRow) => number | null,
    train: (e: EpochRow) => number,
  ): Aligned =>
    align(
      runs.flatMap(({ epochs, config }) => {
        const x = epochAxis(epochs, axis, config.epochs);
        return [
          { x, y: epochs.map(validation) },
          { x, y: epochs.map(train) },
        ];
      }),
    );
  return {
    loss: curve(
      (e) => e.validationLoss,
      (e) => e.trainLoss,
    ),
    accuracy: curve(
      (e) => e.validationAccuracy,
      (e) => e.trainAccuracy,
    ),
  };
}

/** Architecture and dataset first, then every setting of the configs. */
export function settingsRows(
  runs: readonly Pick<RunDetail, 'architecture' | 'datasetName' | 'config'>[],
): ConfigRow[] {
  const row = (setting: string, values: string[]): ConfigRow => ({
    setting,
    values,
    differs: values.some((v) => v !== values[0]),
  });
  return [
    row(
      'architecture',
      runs.map((r) => r.architecture),
    ),
    row(
      'dataset',
      runs.map((r) => r.datasetName),
    ),
    ...diffConfigs(runs.map((r) => r.config)),
  ];
}

/** The settings of compared entries side by side: an entry's value where its runs agree, their
 * distinct values where they do not ("1, 2, 3": a repeat's seeds). For single runs, the same
 * rows as settingsRows. */
export function entrySettingsRows(
  entries: readonly {
    readonly runs: readonly Pick<RunDetail, 'architecture' | 'datasetName' | 'config'>[];
  }[],
): ConfigRow[] {
  const perEntry = entries.map((e) =>
    settingsRows(e.runs).map((row) => [...new Set(row.values)].join(', ')),
  );
  return settingsRows(entries[0]?.runs ?? []).map(({ setting }, i) => {
    const values = perEntry.map((v) => v[i]);
    return { setting, values, differs: values.some((v) => v !== values[0]) };
  });
}

/** The most epochs any of the runs has finished. */
export const maxEpochs = (runs: readonly Pick<RunDetail, 'epochs'>[]): number =>
  Math.max(0, ...runs.map((r) => r.epochs.length));

/** Per digit (row), each run's share of that digit's test images read right; null where a run
 * has no confusion matrix (not completed). */
export function perClassTable(runs: readonly Pick<RunDetail, 'confusion'>[]): (number | null)[][] {
  const columns = runs.map((r) => (r.confusion === null ? null : perClassAccuracy(r.confusion)));
  return Array.from({ length: 10 }, (_, digit) =>
    columns.map((c) => (c === null ? null : c[digit])),
  );
}

/** A line of the results table: each run's value and how to show it. */
export interface ResultRow {
  readonly label: string;
  readonly values: readonly (number | null)[];
  readonly show: (v: number | null, i: number) => string;
  /** Which way is better, for bold; none for plain facts. */
  readonly better?: 'higher' | 'lower';
}

/** Best and final numbers of each run, as the results table lists them. */
export function resultRows(
  runs: readonly Pick<
    RunDetail,
    | 'epochs'
    | 'testAccuracy'
    | 'testLoss'
    | 'epochsDone'
    | 'config'
    | 'trainSeconds'
    | 'startedAt'
    | 'finishedAt'
    | 'parameters'
  >[],
): ResultRow[] {
  const bests = runs.map((r) => bestEpoch(r.epochs));
  const lasts = runs.map((r) => r.epochs.at(-1) ?? null);
  return [
    {
      label: 'Best validation accuracy',
      values: bests.map((b) => b?.validationAccuracy ?? null),
      show: (v, i) => (v === null ? '–' : `${percent(v)} (epoch ${bests[i]?.epoch})`),
      better: 'higher',
    },
    {
      label: 'Final validation accuracy',
      values: lasts.map((e) => e?.validationAccuracy ?? null),
      show: (v) => percent(v),
      better: 'higher',
    },
    {
      label: 'Final training loss',
      values: lasts.map((e) => e?.trainLoss ?? null),
      show: (v) => loss(v),
      better: 'lower',
    },
    {
      label: 'Test accuracy',
      values: runs.map((r) => r.testAccuracy),
      show: (v) => percent(v),
      better: 'higher',
    },
    {
      label: 'Test loss',
      values: runs.map((r) => r.testLoss),
      show: (v) => loss(v),
      better: 'lower',
    },
    {
      label: 'Epochs',
      values: runs.map((r) => r.epochsDone),
      show: (v, i) => `${v ?? 0} of ${runs[i].config.epochs}`,
    },
    {
      label: 'Training time',
      values: runs.map(runSeconds),
      show: (v) => duration(v),
      better: 'lower',
    },
    {
      label: 'Parameters',
      values: runs.map((r) => r.parameters),
      show: (v) => (v === null ? '–' : count(v)),
    },
  ];
}

/** Which run's value of a row is in bold: none for a plain fact or a single run, and never a
 * run whose result is not one (`learnt[i]` false: it diverged or collapsed). −1 for none. */
export function bestOfRow(row: ResultRow, learnt: readonly boolean[]): number {
  if (row.better === undefined || row.values.length < 2) return -1;
  const counted = row.values.map((v, i) => (learnt[i] ? v : null));
  return bestIndex(counted, row.better === 'lower');
}

/** Index of the highest value (the first on a tie), or −1 when there is none. */
export function bestIndex(values: readonly (number | null)[], lowerIsBetter = false): number {
  let best = -1;
  values.forEach((v, i) => {
    if (v === null || Number.isNaN(v)) return;
    const current = best < 0 ? null : values[best];
    if (current === null || current === undefined || (lowerIsBetter ? v < current : v > current))
      best = i;
  });
  return best;
}
