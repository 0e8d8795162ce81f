// Starting a repeat over seeds or a sweep over settings, the same from the app's API and from
// `backprop-lab train --seeds N` / `backprop-lab sweep`: every run is checked against its
// dataset before anything is saved, then the group and all its runs are saved in one
// transaction and queued in order. Cancelling a group stops what is left of it.

import { defaultRunName } from '../../src-core/architecture.ts';
import { ConfigError, validateConfig } from '../../src-core/config.ts';
import { requireFitsDataset } from '../../src-core/estimate.ts';
import { SETTINGS, type SettingName } from '../../src-core/settings.ts';
import { expandGroup, type Axis } from '../../src-core/sweep.ts';
import type { StartedGroup } from '../contract/api.ts';
import { sourceOf } from './datasets.ts';
import { UnknownDatasetError, type RunStarter, type StartRequest } from './run-start.ts';

export interface GroupRequest extends StartRequest {
  /** Seeds per combination: the config's seed, then the next ones. */
  readonly seeds: number;
  /** Empty for a repeat. */
  readonly axes: readonly Axis[];
}

/** Saves the group with its runs and queues them. Throws ConfigError naming the field at fault
 * (`seeds`, `axes[0].values[2]`, or the config's field, its message naming the combination),
 * UnknownDatasetError for a dataset id not registered; nothing is saved then. */
export function startGroup(
  { store, supervisor, owner, mnistDir }: RunStarter,
  request: GroupRequest,
): StartedGroup {
  const base = validateConfig(request.config);
  const dataset = store.getDataset(request.datasetId);
  if (dataset === null) throw new UnknownDatasetError(request.datasetId);
  const members = expandGroup(base, request.seeds, request.axes);
  for (const m of members) {
    try {
      requireFitsDataset(m.config, dataset);
    } catch (error) {
      if (error instanceof ConfigError && request.axes.length > 0)
        throw new ConfigError(error.field, `${m.label}: ${error.errors[0].message}`);
      throw error;
    }
  }
  const name = request.name?.trim() || defaultRunName(request.preset, base, dataset);
  const kind = request.axes.length === 0 ? 'repeat' : 'sweep';
  const saved = store.createGroup(
    {
      kind,
      name: groupName(name, kind, request.seeds, request.axes),
      seeds: request.seeds,
      axes: request.axes,
    },
    members.map((m) => ({
      name: `${name} · ${m.label}`,
      notes: request.notes ?? '',
      tags: request.tags ?? [],
      preset: request.preset,
      config: m.config,
      datasetId: dataset.id,
      owner,
    })),
  );
  const source = sourceOf(dataset, mnistDir);
  for (const run of saved.runs) supervisor.submit(run.id, source);
  return saved;
}

/** "quick 784-128-64-10 × 3 seeds", "quick 784-128-64-10: lr × batch, 2 seeds". */
function groupName(
  name: string,
  kind: 'repeat' | 'sweep',
  seeds: number,
  axes: readonly Axis[],
): string {
  const seedText = `${seeds} seed${seeds === 1 ? '' : 's'}`;
  if (kind === 'repeat') return `${name} × ${seedText}`;
  const swept = axes.map((a) => SETTINGS[a.setting as SettingName].cli.flag).join(' × ');
  return `${name}: ${swept}, ${seedText}`;
}

/** Cancels the group's queued and running runs (see Supervisor.cancel); returns their ids. */
export function cancelGroup({ store, supervisor }: RunStarter, id: number): number[] {
  const { runIds } = store.getGroup(id);
  return runIds.filter((runId) => supervisor.cancel(runId));
}
