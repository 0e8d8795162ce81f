// What a training run reports as it goes. Plain data, so events can cross process boundaries.

import { EXPLOSION_FACTOR } from './divergence.ts';

export interface StartEvent {
  readonly type: 'start';
  readonly trainCount: number;
  readonly validationCount: number;
  readonly testCount: number;
  /** True when the test images were held out of the training part (the dataset has no test part). */
  readonly testHeldOut: boolean;
  readonly batchesPerEpoch: number;
  readonly parameters: number;
}

/** Sent about every 100 ms of work: running averages over the epoch so far. */
export interface ProgressEvent {
  readonly type: 'progress';
  readonly epoch: number; // 1-based
  readonly epochs: number;
  readonly batch: number; // 1-based, batches done in this epoch
  readonly batches: number;
  /** Images trained in this epoch so far, counting those of a batch in flight: a full batch
   * (one per epoch) goes through in chunks, and this moves with each of them. */
  readonly images: number;
  readonly loss: number;
  readonly accuracy: number;
  readonly samplesPerSecond: number;
  readonly elapsedSeconds: number;
}

export interface EpochEvent {
  readonly type: 'epoch';
  readonly epoch: number; // 1-based
  readonly epochs: number;
  readonly trainLoss: number;
  readonly trainAccuracy: number;
  readonly validationLoss: number | null;
  readonly validationAccuracy: number | null;
  /** The rate the epoch's last batch used (a learner may change it mid-epoch). */
  readonly learningRate: number;
  /** Training and validation time, pauses excluded. */
  readonly seconds: number;
  readonly samplesPerSecond: number;
  /** Each dense layer's weight-gradient norm ‖dW‖₂, averaged over the epoch's batches, input-side
   * layer first. Norms shrinking toward the input show vanishing gradients; growing, exploding. */
  readonly gradientNorms: number[];
}

export interface DoneEvent {
  readonly type: 'done';
  readonly testLoss: number;
  readonly testAccuracy: number;
  /** 10×10 counts, row = true digit, column = predicted digit. */
  readonly confusion: number[][];
  readonly trainSeconds: number;
  readonly samplesPerSecond: number;
}

export interface CancelledEvent {
  readonly type: 'cancelled';
  readonly epoch: number;
  readonly batch: number;
}

/** The loop stopped before a batch because a pause was asked for, and waits to be pulled again.
 * Each pull while the pause is still asked for runs one batch and pauses again (single steps). */
export interface PausedEvent {
  readonly type: 'paused';
  readonly epoch: number; // 1-based
  readonly epochs: number;
  readonly batch: number; // batches done in this epoch (0 before its first)
  readonly batches: number;
  /** Running averages over the batches done in this epoch; null before its first batch. */
  readonly loss: number | null;
  readonly accuracy: number | null;
  /** Mean loss of the last batch trained (possibly in an earlier epoch); null before any. */
  readonly lastBatchLoss: number | null;
  /** The rate the next batch will use. */
  readonly learningRate: number;
  /** Training time of the run so far, pauses excluded. */
  readonly elapsedSeconds: number;
}

export type TrainEvent =
  StartEvent | ProgressEvent | PausedEvent | EpochEvent | DoneEvent | CancelledEvent;

/** The loss became NaN or infinite, or exploded past `limit` (see divergence.ts): the weights
 * are garbage from here on. The message names where it happened and a rate worth trying. */
export class DivergedError extends Error {
  readonly epoch: number;
  readonly batch: number;
  constructor(epoch: number, batch: number, loss: number, learningRate: number, limit?: number) {
    const what = Number.isFinite(loss)
      ? `the loss became ${loss.toPrecision(3)}, over ${limit?.toPrecision(3)} ` +
        `(${EXPLOSION_FACTOR}× that of a network that guesses, or of the run's first batch if worse),`
      : `the loss became ${loss}`;
    super(
      `diverged: ${what} at epoch ${epoch}, batch ${batch}; ` +
        `try a smaller learning rate, e.g. 10× smaller: ${Number((learningRate / 10).toPrecision(3))}`,
    );
    this.name = 'DivergedError';
    this.epoch = epoch;
    this.batch = batch;
  }
}
