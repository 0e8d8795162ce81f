// What the experiment store takes and keeps that stays on the Node side. The rows it returns,
// which cross to the renderer, are in contract/rows.ts; SQL stays inside the store.

import type { TrainConfig } from '../../src-core/config.ts';
import type { ModelKind, Owner, RunGroupRow, RunStatus } from '../contract/rows.ts';

export interface NewRun {
  readonly name: string;
  readonly notes?: string;
  readonly tags?: readonly string[];
  readonly preset: string | null;
  readonly config: TrainConfig;
  readonly datasetId: number;
  readonly owner: Owner;
}

/** A repeat or sweep as saved: what it varies; its runs are saved with it. */
export type NewGroup = Pick<RunGroupRow, 'kind' | 'name' | 'seeds' | 'axes'>;

export interface ModelRow {
  readonly kind: ModelKind;
  readonly epoch: number;
  readonly sizes: number[];
  readonly activations: string[];
  /** The network's params array (all weights and biases, Network layout), float32. */
  readonly weights: Float32Array;
}

/** A point of a run's training path (store/trajectory.ts): epoch 0 is its initial weights. */
export interface TrajectoryRow {
  readonly epoch: number;
  readonly weights: Float32Array;
}

/** A loss landscape computed or under way: `params` and `result` as JSON (contract/landscape.ts
 * LandscapeParams and LandscapeResult), `result` null until the worker is done. */
export interface LandscapeRow {
  readonly id: number;
  readonly runId: number;
  readonly otherId: number | null;
  readonly kind: '1d' | 'between' | '2d';
  readonly params: string;
  readonly result: string | null;
  readonly createdAt: number;
}

export interface RunFilter {
  readonly status?: RunStatus;
  readonly tag?: string;
  /** Only the runs of this repeat or sweep. */
  readonly groupId?: number;
  readonly limit?: number;
}

export interface StartInfo {
  readonly trainCount: number;
  readonly validationCount: number;
  readonly testCount: number;
  readonly testHeldOut: boolean;
  /** The kernels it computes on (src-core/wasm/choose.ts label). */
  readonly backend: string;
}
