// What the back end keeps about runs and datasets, as every side sees it: the store returns these
// plain objects (its SQL row mapping is in store/rows.ts), the services and transports pass them
// on, and the renderer shows them. Training figures are the core's event fields, stated once in
// src-core/events.ts.

import type { TrainConfig } from '../../src-core/config.ts';
import type { EpochEvent, ProgressEvent } from '../../src-core/events.ts';

export const RUN_STATUSES = [
  'queued',
  'running',
  'completed',
  'cancelled',
  'failed',
  'interrupted',
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** Which process supervises a run: an id unique to that run of the program (its heartbeat row,
 * see store/owner.ts), with its pid and host for messages only: pids are not comparable across
 * PID namespaces. */
export interface Owner {
  readonly id: string;
  readonly pid: number;
  readonly host: string;
}

export interface DatasetRow {
  readonly id: number;
  readonly name: string;
  readonly kind: 'builtin' | 'csv' | 'idx';
  /** Where the files are: a CSV file or an IDX folder; for the built-in MNIST, its folder. */
  readonly path: string;
  /** sha256 (hex) of the parsed images and labels (see services/datasets.ts): the dataset's
   * identity, the same for a plain and a gzipped copy of the same data. */
  readonly hash: string;
  readonly trainCount: number;
  readonly testCount: number; // 0 when the data has no test part
  readonly rows: number;
  readonly cols: number;
  readonly createdAt: number; // ms since epoch
}

export interface RunRow {
  readonly id: number;
  readonly name: string;
  readonly notes: string;
  readonly tags: string[];
  readonly status: RunStatus;
  readonly error: string | null;
  /** The preset the run's settings were started from, if any. */
  readonly preset: string | null;
  /** Derived, never stored: the settings differ from that preset's (src-core/preset-diff.ts),
   * shown as "quick, modified". False when there is no preset. */
  readonly presetModified: boolean;
  readonly config: TrainConfig;
  readonly seed: number;
  /** e.g. "784-128-64-10" */
  readonly architecture: string;
  readonly parameters: number;
  readonly datasetId: number;
  readonly datasetName: string;
  readonly datasetHash: string;
  readonly trainCount: number | null;
  readonly validationCount: number | null;
  readonly testCount: number | null;
  readonly testHeldOut: boolean | null;
  readonly epochsDone: number;
  readonly trainSeconds: number | null;
  readonly samplesPerSecond: number | null;
  readonly testLoss: number | null;
  readonly testAccuracy: number | null;
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  /** The kernels it computed on, e.g. "wasm-simd, 1 thread"; null before it started, and for
   * runs from before release 7, which did not record it. */
  readonly backend: string | null;
  /** The repeat or sweep it was queued in (see RunGroupRow), or null for a run on its own. */
  readonly groupId: number | null;
  /** Its best epoch so far by validation accuracy (by training loss when it has no validation
   * part; the earliest of equals, the one its 'best' model holds), and that accuracy (null
   * without validation); null before its first epoch. */
  readonly bestEpoch: number | null;
  readonly bestValidationAccuracy: number | null;
  /** Its lowest loss so far, on validation (on training without a validation part), and when. */
  readonly minLoss: number | null;
  readonly minLossEpoch: number | null;
  readonly owner: Owner | null;
}

/** A run in a listing: everything but its owner, with a few config fields spelled out. */
export type RunSummary = Omit<RunRow, 'owner'> & {
  readonly optimizer: string;
  /** The epochs the config asks for (epochsDone of them are finished). */
  readonly epochsPlanned: number;
  readonly learningRate: number;
  readonly batchSize: number | 'full';
};

/** One setting a sweep varies and the values it takes, each a valid value of that setting
 * (src-core/settings.ts, by name). */
export interface SweepAxis {
  readonly setting: string;
  readonly values: readonly unknown[];
}

/** Runs queued together: 'repeat', the same settings over seeds s, s+1, …; 'sweep', every
 * combination of one or two settings' values, each over those seeds. */
export interface RunGroupRow {
  readonly id: number;
  readonly kind: 'repeat' | 'sweep';
  readonly name: string;
  /** Seeds per combination. */
  readonly seeds: number;
  /** Empty for a repeat. */
  readonly axes: readonly SweepAxis[];
  readonly createdAt: number;
  /** Its runs that still exist, in the order they were queued. */
  readonly runIds: readonly number[];
}

/** A finished epoch as saved: the core's epoch event without its total. */
export type EpochRow = Omit<EpochEvent, 'type' | 'epochs' | 'gradientNorms'> & {
  /** Mean ‖dW‖₂ of each layer over the epoch's batches, input side first; null for epochs
   * saved before the norms were measured. */
  readonly gradientNorms: number[] | null;
};

/** The latest progress of an epoch in training: the core's progress event without its total. */
export type ProgressRow = Omit<ProgressEvent, 'type' | 'epochs' | 'images'> & {
  /** Null for progress saved before images were counted (schema 5 and older). */
  readonly images: number | null;
};

/** 'last' is overwritten after every epoch; 'best' when an epoch beats the best validation
 * accuracy so far (lowest training loss if there is no validation part); 'final' is written
 * when the run completes; 'initial' (epoch 0) holds the weights it started from, for runs
 * started since they were kept (schema 9). */
export type ModelKind = 'last' | 'final' | 'best' | 'initial';

/** Why a run ended as interrupted when the app stopped it (Ctrl-C, closing the window) or
 * died while it trained: said so, in words, as the run's error. */
export const CLOSED_WHILE_TRAINING = 'Backprop Lab was closed while this run was training';

/** Something a person did to a run, kept as its history: to a running run (pause, step, resume,
 * a new learning rate, cancel) or to a stopped one ('continued': resumed from its checkpoint
 * after `epoch`). */
export interface RunEventRow {
  readonly at: number; // ms since epoch
  readonly epoch: number; // 1-based epoch in progress
  readonly batch: number; // batches done in that epoch
  readonly kind: 'paused' | 'resumed' | 'step' | 'learning-rate' | 'cancelled' | 'continued';
  /** The new learning rate for 'learning-rate'; null otherwise. */
  readonly value: number | null;
}

/** A model's result on the test part. */
export type TestResult = Pick<FinalResult, 'testLoss' | 'testAccuracy' | 'confusion'>;

/** What a completed run saves of its test. */
export interface FinalResult {
  readonly testLoss: number;
  readonly testAccuracy: number;
  readonly confusion: number[][];
  readonly trainSeconds: number;
  readonly samplesPerSecond: number;
}
