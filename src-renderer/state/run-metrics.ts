// Plain functions over a run's saved metrics, shared by Run detail and Compare: where a live point
// sits on the epoch axis, which epoch was best, the time axis, what is left to train.

import type { EpochRow } from '../../src-main/contract/rows.ts';

/** One live measurement: running averages over the epoch so far, after `batch` of `batches`. */
export interface LivePoint {
  readonly epoch: number; // 1-based
  readonly batch: number; // batches done in this epoch
  readonly batches: number;
  readonly loss: number;
  readonly accuracy: number;
}

/** Position on the epoch axis: epoch e ends at x = e, so batch b of epoch e sits at e − 1 + b/n. */
export const epochX = (p: { epoch: number; batch: number; batches: number }): number =>
  p.epoch - 1 + (p.batches > 0 ? p.batch / p.batches : 0);

/** The epoch whose weights the back end keeps as 'best': highest validation accuracy (the
 * earliest on a tie), or lowest training loss when the run has no validation part. */
export function bestEpoch(epochs: readonly EpochRow[]): EpochRow | null {
  let best: EpochRow | null = null;
  for (const e of epochs) {
    if (best === null) best = e;
    else if (e.validationAccuracy !== null && best.validationAccuracy !== null) {
      if (e.validationAccuracy > best.validationAccuracy) best = e;
    } else if (e.trainLoss < best.trainLoss) best = e;
  }
  return best;
}

/** The row of epoch `n` (1-based), or null when the run did not get that far. */
export const epochAt = (epochs: readonly EpochRow[], n: number): EpochRow | null =>
  epochs.find((e) => e.epoch === n) ?? null;

/** Wall time at the end of each epoch: cumulative epoch seconds (training and validation). */
export function wallTimes(epochs: readonly EpochRow[]): number[] {
  let total = 0;
  return epochs.map((e) => (total += e.seconds));
}

/** Seconds left, extrapolating the time spent so far over the share of batches done. */
export function etaSeconds(
  p: { epoch: number; epochs: number; batch: number; batches: number },
  elapsedSeconds: number,
): number | null {
  const total = p.epochs * p.batches;
  const done = (p.epoch - 1) * p.batches + p.batch;
  if (total <= 0 || done <= 0 || elapsedSeconds <= 0) return null;
  return (elapsedSeconds * (total - done)) / done;
}

/** Adds a live point to a list kept in x order: a point at the same or an earlier x than the
 * last (a repeated report while paused, or a replay after a reload) replaces or is dropped. */
export function addLivePoint(points: LivePoint[], p: LivePoint): void {
  const last = points.at(-1);
  if (last === undefined || epochX(p) > epochX(last)) points.push(p);
  else if (epochX(p) === epochX(last)) points[points.length - 1] = p;
}
