// Finished runs written straight into a `serve` database before the browser opens, as earlier
// sessions would have left them: the Runs view's tests start from a history.
import type { TrainConfig } from '../../src-core/config.ts';
import { PRESETS, type PresetName } from '../../src-core/presets.ts';
import type { RunRow, RunStatus } from '../../src-main/contract/rows.ts';
import { Store } from '../../src-main/store/store.ts';
import type { NewGroup, NewRun } from '../../src-main/store/types.ts';
import { epochRow, MNIST, OWNER, RESULT, START, weights } from '../fixtures/store/builders.ts';

export interface Seed {
  readonly name: string;
  readonly preset?: PresetName | null;
  readonly config?: Partial<TrainConfig>;
  readonly status?: RunStatus;
  readonly accuracy?: number;
  readonly seconds?: number;
  readonly tags?: string[];
  readonly notes?: string;
  /** Added to every epoch's accuracies (and taken from its losses), so the runs of a group
   * differ the way seeds make them: a band has a width. */
  readonly offset?: number;
}

/** Writes finished runs straight into the server's database, as earlier sessions would have. */
export function seed(db: string, seeds: readonly Seed[]): number[] {
  return withStore(db, (store, datasetId) =>
    seeds.map((s) => {
      const run = store.createRun(newRun(s, datasetId));
      finish(store, run, s);
      return run.id;
    }),
  );
}

/** Writes a repeat or sweep and its finished runs, as `train --seeds` or `sweep` would have
 * left them: the runs share its group id. Returns the runs' ids. */
export function seedGroup(db: string, group: NewGroup, seeds: readonly Seed[]): number[] {
  return withStore(db, (store, datasetId) => {
    const { runs } = store.createGroup(
      group,
      seeds.map((s) => newRun(s, datasetId)),
    );
    runs.forEach((run, i) => finish(store, run, seeds[i]));
    return runs.map((r) => r.id);
  });
}

function withStore<T>(db: string, write: (store: Store, datasetId: number) => T): T {
  const store = Store.open(db);
  try {
    // Not "mnist": that name belongs to the built-in dataset the server registers.
    const dataset = store.ensureDataset({ ...MNIST, kind: 'idx', name: 'digits fixture' });
    return write(store, dataset.id);
  } finally {
    store.close();
  }
}

function newRun(s: Seed, datasetId: number): NewRun {
  const preset = s.preset === undefined ? 'quick' : s.preset;
  return {
    name: s.name,
    preset,
    config: { ...PRESETS[preset ?? 'quick'], ...s.config },
    datasetId,
    owner: OWNER,
    tags: s.tags,
    notes: s.notes,
  };
}

/** Trains the run on paper: its epochs, then the end its seed asks for. */
function finish(store: Store, run: RunRow, s: Seed): void {
  const status = s.status ?? 'completed';
  store.startRun(run.id, START, OWNER);
  const epochs = status === 'completed' ? run.config.epochs : Math.ceil(run.config.epochs / 2);
  for (let e = 1; e <= epochs; e++)
    store.addEpoch(run.id, shifted(epochRow(e), s.offset ?? 0), weights(run.parameters));
  if (status === 'completed')
    store.completeRun(
      run.id,
      { ...RESULT, testAccuracy: s.accuracy ?? 0.97, trainSeconds: s.seconds ?? 40 },
      weights(run.parameters),
    );
  else if (status !== 'running')
    store.endRun(run.id, status as 'cancelled' | 'failed', status === 'failed' ? 'diverged' : null);
}

/** An epoch's row with its accuracies raised by `offset` and its losses lowered by it. */
function shifted(row: ReturnType<typeof epochRow>, offset: number): ReturnType<typeof epochRow> {
  if (offset === 0) return row;
  return {
    ...row,
    trainAccuracy: row.trainAccuracy + offset,
    validationAccuracy: row.validationAccuracy + offset,
    trainLoss: row.trainLoss - offset,
    validationLoss: row.validationLoss - offset,
  };
}
