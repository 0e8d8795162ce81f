// What Compare shows, as plain functions of the runs' saved details: overlaid curves on an epoch
// or wall-time axis, the settings side by side, metrics at an epoch, per-class accuracy.

import { diffConfigs, type ConfigRow } from '../../../src-core/config-diff.ts';
import { perClassAccuracy } from '../../../src-core/metrics.ts';
import type { RunDetail } from '../../../src-main/contract/api.ts';
import type { EpochRow } from '../../../src-main/contract/rows.ts';
import { align, type Aligned } from '../../components/charts/align.ts';
import { wallTimes } from '../../state/run-metrics.ts';

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
