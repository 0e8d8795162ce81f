// The run's two charts as uPlot data: x is the epoch axis; the series are the training loss (or
// accuracy) as it stood at each live report, then per epoch the training and validation values.

import type { EpochRow } from '../../../src-main/contract/rows.ts';
import { align, type Aligned } from '../../components/charts/align.ts';
import { smooth } from '../../components/charts/smoothing.ts';
import { epochX, type LivePoint } from '../../state/run-metrics.ts';

export interface RunCurves {
  /** Series: live train, epoch train, epoch validation. */
  readonly loss: Aligned;
  readonly accuracy: Aligned;
}

export function runCurves(
  live: readonly LivePoint[],
  epochs: readonly EpochRow[],
  smoothing: number,
): RunCurves {
  const liveX = live.map(epochX);
  const epochXs = epochs.map((e) => e.epoch);
  const curve = (
    liveY: (p: LivePoint) => number,
    train: (e: EpochRow) => number,
    validation: (e: EpochRow) => number | null,
  ): Aligned =>
    align([
      { x: liveX, y: smooth(live.map(liveY), smoothing) },
      { x: epochXs, y: epochs.map(train) },
      { x: epochXs, y: epochs.map(validation) },
    ]);
  return {
    loss: curve(
      (p) => p.loss,
      (e) => e.trainLoss,
      (e) => e.validationLoss,
    ),
    accuracy: curve(
      (p) => p.accuracy,
      (e) => e.trainAccuracy,
      (e) => e.validationAccuracy,
    ),
  };
}
