// Table rows as SQLite returns them (snake_case, JSON as text, booleans as 0/1) and their
// conversion to the plain objects of contract/rows.ts. The SQL that selects them sits beside
// each type.

import type { TrainConfig } from '../../src-core/config.ts';
import { presetDiffers } from '../../src-core/preset-diff.ts';
import type {
  DatasetRow,
  EpochRow,
  ModelKind,
  ProgressRow,
  RunEventRow,
  RunGroupRow,
  RunRow,
  RunStatus,
  RunSummary,
} from '../contract/rows.ts';
import type { ModelRow } from './types.ts';

export interface DatasetRecord {
  id: number;
  name: string;
  kind: DatasetRow['kind'];
  path: string;
  hash: string;
  train_count: number;
  test_count: number;
  rows: number;
  cols: number;
  created_at: number;
}

export function toDataset(r: DatasetRecord): DatasetRow {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    path: r.path,
    hash: r.hash,
    trainCount: r.train_count,
    testCount: r.test_count,
    rows: r.rows,
    cols: r.cols,
    createdAt: r.created_at,
  };
}

/** The columns a listing shows; tags come as a JSON array (sorted by common(): an ORDER BY in
 * the subquery doubled a listing's time in SQLite). */
export const SUMMARY_COLUMNS = `
  r.id, r.name, r.notes, r.status, r.error, r.preset, r.seed, r.architecture, r.parameters,
  r.dataset_id, d.name AS dataset_name, d.hash AS dataset_hash, r.train_count,
  r.validation_count, r.test_count, r.test_held_out, r.epochs_done, r.train_seconds,
  r.samples_per_second, r.test_loss, r.test_accuracy, r.created_at, r.started_at, r.finished_at,
  r.backend, r.group_id, r.best_epoch, r.best_accuracy, r.min_loss_epoch, r.min_loss,
  (SELECT json_group_array(tag) FROM run_tags WHERE run_id = r.id) AS tags`;

export interface SummaryRecord {
  id: number;
  name: string;
  notes: string;
  status: RunStatus;
  error: string | null;
  preset: string | null;
  seed: number;
  architecture: string;
  parameters: number;
  dataset_id: number;
  dataset_name: string;
  dataset_hash: string;
  train_count: number | null;
  validation_count: number | null;
  test_count: number | null;
  test_held_out: number | null;
  epochs_done: number;
  train_seconds: number | null;
  samples_per_second: number | null;
  test_loss: number | null;
  test_accuracy: number | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  backend: string | null;
  group_id: number | null;
  best_epoch: number | null;
  best_accuracy: number | null;
  min_loss_epoch: number | null;
  min_loss: number | null;
  tags: string;
}

/** A listing also shows a few config fields and whether a preset's config was modified: the
 * config comes whole and is parsed once per row (JSON.parse of every row takes less time than
 * SQLite's json_extract of four fields). */
export const LISTING_COLUMNS = `${SUMMARY_COLUMNS}, r.config`;

export type ListingRecord = SummaryRecord & { config: string };

/** Everything about one run. */
export const RUN_COLUMNS = `${SUMMARY_COLUMNS}, r.config, r.owner_id, r.owner_pid, r.owner_host`;

export type RunRecord = SummaryRecord & {
  config: string;
  owner_id: string | null;
  owner_pid: number | null;
  owner_host: string | null;
};

/** Whether a run's config differs from the preset it was started from. Listings of many runs
 * often repeat a config, so each answer is kept for the next row, by the config's text. */
const modifiedCache = new Map<string, boolean>();
function presetModified(preset: string | null, text: string, config: TrainConfig): boolean {
  if (preset === null) return false;
  const key = `${preset}\n${text}`;
  let modified = modifiedCache.get(key);
  if (modified === undefined) {
    if (modifiedCache.size >= 1000) modifiedCache.clear();
    modified = presetDiffers(config, preset);
    modifiedCache.set(key, modified);
  }
  return modified;
}

function common(r: SummaryRecord): Omit<RunRow, 'config' | 'owner' | 'presetModified'> {
  return {
    id: r.id,
    name: r.name,
    notes: r.notes,
    tags: (JSON.parse(r.tags) as string[]).sort(),
    status: r.status,
    error: r.error,
    preset: r.preset,
    seed: r.seed,
    architecture: r.architecture,
    parameters: r.parameters,
    datasetId: r.dataset_id,
    datasetName: r.dataset_name,
    datasetHash: r.dataset_hash,
    trainCount: r.train_count,
    validationCount: r.validation_count,
    testCount: r.test_count,
    testHeldOut: r.test_held_out === null ? null : r.test_held_out === 1,
    epochsDone: r.epochs_done,
    trainSeconds: r.train_seconds,
    samplesPerSecond: r.samples_per_second,
    testLoss: r.test_loss,
    testAccuracy: r.test_accuracy,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    backend: r.backend,
    groupId: r.group_id,
    bestEpoch: r.best_epoch,
    bestValidationAccuracy: r.best_accuracy,
    minLossEpoch: r.min_loss_epoch,
    minLoss: r.min_loss,
  };
}

/** The parsed config and whether it modifies its preset. */
function withConfig(
  preset: string | null,
  text: string,
): { config: TrainConfig; presetModified: boolean } {
  const config = JSON.parse(text) as TrainConfig;
  return { config, presetModified: presetModified(preset, text, config) };
}

export function toSummary(r: ListingRecord): RunSummary {
  const { config, presetModified } = withConfig(r.preset, r.config);
  return {
    ...common(r),
    config,
    presetModified,
    optimizer: config.optimizer,
    epochsPlanned: config.epochs,
    learningRate: config.learningRate,
    batchSize: config.batchSize,
  };
}

export function toRun(r: RunRecord): RunRow {
  return {
    ...common(r),
    ...withConfig(r.preset, r.config),
    // Runs owned before heartbeats (schema 2–4) have no owner id: no live process owns them.
    owner:
      r.owner_id === null || r.owner_pid === null || r.owner_host === null
        ? null
        : { id: r.owner_id, pid: r.owner_pid, host: r.owner_host },
  };
}

export interface GroupRecord {
  id: number;
  kind: RunGroupRow['kind'];
  name: string;
  /** JSON: { seeds, axes } */
  spec: string;
  created_at: number;
  /** JSON array of its runs' ids, ascending. */
  run_ids: string;
}

export function toGroup(r: GroupRecord): RunGroupRow {
  const spec = JSON.parse(r.spec) as Pick<RunGroupRow, 'seeds' | 'axes'>;
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    seeds: spec.seeds,
    axes: spec.axes,
    createdAt: r.created_at,
    runIds: JSON.parse(r.run_ids) as number[],
  };
}

export interface EpochRecord {
  epoch: number;
  train_loss: number;
  train_accuracy: number;
  validation_loss: number | null;
  validation_accuracy: number | null;
  learning_rate: number;
  seconds: number;
  samples_per_second: number;
  gradient_norms: string | null;
}

export function toEpoch(r: EpochRecord): EpochRow {
  return {
    epoch: r.epoch,
    trainLoss: r.train_loss,
    trainAccuracy: r.train_accuracy,
    validationLoss: r.validation_loss,
    validationAccuracy: r.validation_accuracy,
    learningRate: r.learning_rate,
    seconds: r.seconds,
    samplesPerSecond: r.samples_per_second,
    gradientNorms: r.gradient_norms === null ? null : (JSON.parse(r.gradient_norms) as number[]),
  };
}

export interface ProgressRecord {
  epoch: number;
  batch: number;
  batches: number;
  images: number | null;
  loss: number;
  accuracy: number;
  samples_per_second: number;
  elapsed_seconds: number;
}

export function toProgress(r: ProgressRecord): ProgressRow {
  return {
    epoch: r.epoch,
    batch: r.batch,
    batches: r.batches,
    images: r.images,
    loss: r.loss,
    accuracy: r.accuracy,
    samplesPerSecond: r.samples_per_second,
    elapsedSeconds: r.elapsed_seconds,
  };
}

export interface RunEventRecord {
  at: number;
  epoch: number;
  batch: number;
  kind: RunEventRow['kind'];
  value: number | null;
}

export function toRunEvent(r: RunEventRecord): RunEventRow {
  return { at: r.at, epoch: r.epoch, batch: r.batch, kind: r.kind, value: r.value };
}

export interface ModelRecord {
  kind: ModelKind;
  epoch: number;
  sizes: string;
  activations: string;
  weights: Buffer;
}

export function toModel(r: ModelRecord): ModelRow {
  return {
    kind: r.kind,
    epoch: r.epoch,
    sizes: JSON.parse(r.sizes) as number[],
    activations: JSON.parse(r.activations) as string[],
    weights: floatsFromBlob(r.weights),
  };
}

// Weights are stored as the Float32Array's bytes in the machine's byte order, which is
// little-endian on every platform the app ships for.
export function blobFromFloats(a: Float32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** A copy: the Buffer SQLite returns need not be 4-byte aligned, a Float32Array must be. */
export function floatsFromBlob(b: Buffer): Float32Array {
  const out = new Float32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}
