// What the landscape's worker thread (landscape-worker.ts) is given and says back. The service
// (services/landscape.ts) reads the weights from the store and passes them in; the worker loads
// the run's data itself, so the main thread never holds the images as floats.

import type { LossName } from '../../src-core/losses.ts';
import type { LayerStack } from '../../src-core/network.ts';
import type { DatasetSource } from '../contract/worker-messages.ts';
import type { LandscapeParams, LandscapeResult } from '../contract/landscape.ts';

export interface LandscapeJob {
  readonly params: LandscapeParams;
  readonly runId: number;
  readonly source: DatasetSource;
  /** The registered dataset's hash: data changed on disk since is refused. */
  readonly datasetHash: string;
  /** The run's split (its config's validation, test fraction and seed). */
  readonly split: {
    readonly validation: number;
    readonly testFraction: number;
    readonly seed: number;
  };
  readonly loss: LossName;
  readonly stack: LayerStack;
  readonly final: Float32Array;
  /** '1d': the run's initial weights. */
  readonly initial: Float32Array | null;
  /** 'between': the other run's final weights. */
  readonly other: Float32Array | null;
  /** '2d': the training path, epoch 0 (the initial weights) first. */
  readonly trajectory: readonly { readonly epoch: number; readonly weights: Float32Array }[];
  /** Int32Array over it: set [0] to 1 to stop the worker before its next point. */
  readonly stop: SharedArrayBuffer;
}

export type FromLandscapeWorker =
  | { readonly type: 'progress'; readonly done: number; readonly total: number }
  | { readonly type: 'done'; readonly result: LandscapeResult }
  | { readonly type: 'cancelled' }
  | { readonly type: 'failed'; readonly error: string };
