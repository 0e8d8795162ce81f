// The run's two charts as uPlot data: x is the epoch axis; the series are the training loss (or
// accuracy) as it stood at each live report, then per epoch the training and validation values.

import type { EpochRow, RunStatus } from '../../../src-main/contract/rows.ts';
import { align, type Aligned } from '../../components/charts/align.ts';
import { smooth } from '../../components/charts/smoothing.ts';
import { loss, percent } from '../../lib/format.ts';
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

/** What a chart says to screen readers in place of its picture: the last finished epoch's
 * values and, while an epoch is in progress, where it stands. A pure function of the live points
 * and epochs, so the view recomputes it whenever they change. */
export function curvesSummary(
  live: readonly LivePoint[],
  epochs: readonly EpochRow[],
  kind: 'loss' | 'accuracy',
): string {
  const show = kind === 'loss' ? loss : percent;
  const parts: string[] = [];
  const last = epochs.at(-1);
  if (last !== undefined) {
    const train = kind === 'loss' ? last.trainLoss : last.trainAccuracy;
    const val = kind === 'loss' ? last.validationLoss : last.validationAccuracy;
    const validation = val === null ? '' : `, validation ${kind} ${show(val)}`;
    parts.push(`After epoch ${last.epoch}: training ${kind} ${show(train)}${validation}.`);
  }
  const now = live.at(-1);
  if (now !== undefined && epochX(now) > (last?.epoch ?? 0))
    parts.push(
      `Epoch ${now.epoch}, batch ${now.batch} of ${now.batches}: training ${kind} so far ` +
        `${show(kind === 'loss' ? now.loss : now.accuracy)}.`,
    );
  return parts.length === 0 ? 'No points yet.' : parts.join(' ');
}

/** What the curves say in place of empty charts when no point can come any more (a run that
 * blew up in its first epoch, seen after a reload); null while the run may still plot some. */
export function nothingToPlot(
  status: RunStatus,
  live: readonly LivePoint[],
  epochs: readonly EpochRow[],
): string | null {
  if (status === 'running' || status === 'queued' || live.length > 0 || epochs.length > 0)
    return null;
  return 'The run stopped before finishing an epoch: nothing to plot.';
}
