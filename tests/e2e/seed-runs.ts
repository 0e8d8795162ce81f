// Finished runs written straight into a `serve` database before the browser opens, as earlier
// sessions would have left them: the Runs view's tests start from a history.
import type { TrainConfig } from '../../src-core/config.ts';
import { PRESETS, type PresetName } from '../../src-core/presets.ts';
import type { RunGroupRow, RunStatus } from '../../src-main/contract/rows.ts';
import { Store } from '../../src-main/store/store.ts';
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
  /** Added to every epoch's accuracies (and taken from its losses), so runs of a group differ
   * the way seeds make them: a band has a width. */
  readonly offset?: number;
}

/** Writes finished runs straight into the server's database, as earlier sessions would have. */
export function seed(db: string, seeds: readonly Seed[]): number[] {
  const store = Store.open(db);
  try {
    const dataset = fixtureDataset(store);
    return seeds.map((s) => {
      const { preset, config } = settingsOf(s);
      const run = store.createRun({
        name: s.name,
        preset,
        config,
        datasetId: dataset.id,
        owner: OWNER,
        tags: s.tags,
        notes: s.notes,
      });
      train(store, run.id, run.parameters, s);
      return run.id;
    });
  } finally {
    store.close();
  }
}

/** Writes a repeat or sweep (`group`) with its runs straight into the server's database, as
 * `train --seeds` would have left it; returns the group's id and its runs' ids in order. */
export function seedGroup(
  db: string,
  group: Pick<RunGroupRow, 'kind' | 'name' | 'seeds' | 'axes'>,
  seeds: readonly Seed[],
): { groupId: number; ids: number[] } {
  const store = Store.open(db);
  try {
    const dataset = fixtureDataset(store);
    const made = store.createGroup(
      group,
      seeds.map((s) => ({ ...settingsOf(s), name: s.name, datasetId: dataset.id, owner: OWNER })),
    );
    made.runs.forEach((run, i) => train(store, run.id, run.parameters, seeds[i]));
    return { groupId: made.group.id, ids: made.runs.map((r) => r.id) };
  } finally {
    store.close();
  }
}

// Not "mnist": that name belongs to the built-in dataset the server registers.
const fixtureDataset = (store: Store) =>
  store.ensureDataset({ ...MNIST, kind: 'idx', name: 'digits fixture' });

function settingsOf(s: Seed) {
  const preset = s.preset === undefined ? 'quick' : s.preset;
  return { preset, config: { ...PRESETS[preset ?? 'quick'], ...s.config } };
}

/** Takes a created run through its epochs to the status `s` asks for. */
function train(store: Store, id: number, parameters: number, s: Seed): void {
  const { config } = settingsOf(s);
  const status = s.status ?? 'completed';
  store.startRun(id, START, OWNER);
  const epochs = status === 'completed' ? config.epochs : Math.ceil(config.epochs / 2);
  for (let e = 1; e <= epochs; e++)
    store.addEpoch(id, shifted(epochRow(e), s.offset ?? 0), weights(parameters));
  if (status === 'completed')
    store.completeRun(
      id,
      { ...RESULT, testAccuracy: s.accuracy ?? 0.97, trainSeconds: s.seconds ?? 40 },
      weights(parameters),
    );
  else if (status !== 'running')
    store.endRun(id, status as 'cancelled' | 'failed', status === 'failed' ? 'diverged' : null);
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
