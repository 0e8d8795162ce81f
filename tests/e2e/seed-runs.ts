// Finished runs written straight into a `serve` database before the browser opens, as earlier
// sessions would have left them: the Runs view's tests start from a history.
import type { TrainConfig } from '../../src-core/config.ts';
import { PRESETS, type PresetName } from '../../src-core/presets.ts';
import type { RunStatus } from '../../src-main/contract/rows.ts';
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
}

/** Writes finished runs straight into the server's database, as earlier sessions would have. */
export function seed(db: string, seeds: readonly Seed[]): number[] {
  const store = Store.open(db);
  try {
    // Not "mnist": that name belongs to the built-in dataset the server registers.
    const dataset = store.ensureDataset({ ...MNIST, kind: 'idx', name: 'digits fixture' });
    return seeds.map((s) => {
      const preset = s.preset === undefined ? 'quick' : s.preset;
      const config = { ...PRESETS[preset ?? 'quick'], ...s.config };
      const run = store.createRun({
        name: s.name,
        preset,
        config,
        datasetId: dataset.id,
        owner: OWNER,
        tags: s.tags,
        notes: s.notes,
      });
      const status = s.status ?? 'completed';
      store.startRun(run.id, START, OWNER);
      const epochs = status === 'completed' ? config.epochs : Math.ceil(config.epochs / 2);
      for (let e = 1; e <= epochs; e++)
        store.addEpoch(run.id, epochRow(e), weights(run.parameters));
      if (status === 'completed')
        store.completeRun(
          run.id,
          { ...RESULT, testAccuracy: s.accuracy ?? 0.97, trainSeconds: s.seconds ?? 40 },
          weights(run.parameters),
        );
      else if (status !== 'running')
        store.endRun(
          run.id,
          status as 'cancelled' | 'failed',
          status === 'failed' ? 'diverged' : null,
        );
      return run.id;
    });
  } finally {
    store.close();
  }
}
