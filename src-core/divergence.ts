// How a run can go wrong without a NaN: its loss explodes (stop it), or it ends no better than a
// guess (flag it). Both are measured against a network that guesses: one whose softmax gives
// every class 1/K, which any sane run beats within its first batches.

import type { LossName } from './losses.ts';

/** A batch whose mean loss is over this many times the guessing loss (or the run's first batch,
 * if that was worse) ends the run as diverged: the weights are being thrown around, not learnt. */
export const EXPLOSION_FACTOR = 100;

/** A finished run whose test accuracy is at most this far above 1/classes is "at chance". */
export const CHANCE_MARGIN = 0.02;

/** Mean loss per image of a network that gives every one of `classes` classes 1/classes.
 * Cross-entropy: −ln(1/K) = ln K (2.303 for 10 digits). Summed squared error through softmax:
 * (1 − 1/K)² + (K − 1)/K² = (K − 1)/K (0.9 for 10). Summed squared error cannot exceed 2, so it never
 * explodes: a run with that loss that fails shows as NaN or ends at chance. */
export function guessingLoss(loss: LossName, classes: number): number {
  return loss === 'mse' ? (classes - 1) / classes : Math.log(classes);
}

/** The mean batch loss above which a run counts as diverged, given its first batch's loss. */
export function explosionLimit(loss: LossName, classes: number, firstBatchLoss: number): number {
  return EXPLOSION_FACTOR * Math.max(guessingLoss(loss, classes), firstBatchLoss);
}

/** True when `accuracy` is no better than guessing among `classes` classes (within
 * CHANCE_MARGIN of 1/classes, or below it): dead units or a stuck network, not a result. */
export function atChance(accuracy: number, classes: number): boolean {
  return accuracy <= 1 / classes + CHANCE_MARGIN;
}

/** True when a loss per image is NaN, infinite or over EXPLOSION_FACTOR × the guessing
 * cross-entropy: a run that ended so blew up. Summed squared error never exceeds 2, so this one
 * bound serves both losses (and runs listed without their loss function). */
export function lossBlewUp(loss: number, classes: number): boolean {
  return !(loss <= EXPLOSION_FACTOR * guessingLoss('cross-entropy', classes));
}

/** Where a run blew up, read back from its saved error. */
export interface Divergence {
  /** The batch's mean loss: a large number, NaN or Infinity. */
  readonly loss: number;
  readonly epoch: number;
  readonly batch: number;
}

/** DivergedError's message (events.ts) as a run's error keeps it: "diverged: the loss became
 * 1.07e+3, over 238 (…), at epoch 1, batch 2; try …". The round trip is tested. */
const DIVERGED = /^diverged: the loss became (\S+?),? .*?at epoch (\d+), batch (\d+);/s;

/** The loss, epoch and batch of a run stopped as diverged; null for any other error. */
export function readDivergence(error: string | null): Divergence | null {
  const m = error === null ? null : DIVERGED.exec(error);
  if (m === null) return null;
  return { loss: Number(m[1]), epoch: Number(m[2]), batch: Number(m[3]) };
}
