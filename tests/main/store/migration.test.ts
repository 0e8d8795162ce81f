import { copyFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../../src-main/store/store.ts';
import { epochRow, OWNER, sha256, START, tempDir, weights } from '../../fixtures/store/builders.ts';
import {
  V1_CONFUSION,
  V1_CREATED_AT,
  V1_DATASETS,
  V1_RUNS,
  v1Epoch,
  v1Weights,
} from '../../fixtures/store/v1-data.ts';

const FIXTURE = fileURLToPath(new URL('../../fixtures/store/v1.sqlite', import.meta.url));

let tmp: ReturnType<typeof tempDir>;
let file: string;
beforeEach(() => {
  tmp = tempDir();
  file = tmp.file('v1.sqlite');
  copyFileSync(FIXTURE, file); // never open the committed fixture itself
});
afterEach(() => tmp.remove());

function schema(path: string): { version: number; objects: string[] } {
  const db = new Database(path, { readonly: true });
  const version = db.pragma('user_version', { simple: true }) as number;
  const objects = db
    .prepare(
      "SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_schema ORDER BY type, name",
    )
    .pluck()
    .all() as string[];
  db.close();
  return { version, objects };
}

describe('upgrading a release-1 database', () => {
  it('starts from schema 1', () => {
    const before = schema(file);
    expect(before.version).toBe(1);
    expect(before.objects.filter((o) => o.startsWith('table progress'))).toEqual([]);
    expect(before.objects.filter((o) => o.startsWith('table runs'))).toHaveLength(1);
  });

  it('migrates to schema 2 with every dataset, run, tag, epoch and model intact', () => {
    const fixtureHash = sha256(FIXTURE);
    const store = Store.open(file);
    expect(store.listDatasets()).toEqual(
      V1_DATASETS.map((d) => ({ ...d, createdAt: V1_CREATED_AT })),
    );
    expect(store.listRuns().map((r) => r.id)).toEqual([3, 2, 1]);
    for (const r of V1_RUNS) {
      const run = store.getRun(r.id);
      expect(run).toMatchObject({
        name: r.name,
        notes: r.notes,
        tags: [...r.tags],
        status: r.status,
        preset: r.preset,
        config: r.config,
        architecture: r.architecture,
        parameters: r.parameters,
        datasetId: r.datasetId,
        datasetName: V1_DATASETS[r.datasetId - 1].name,
        ...r.start,
        epochsDone: r.epochs,
        testLoss: r.testLoss,
        testAccuracy: r.testAccuracy,
        owner: null, // schema 1 did not record owners
      });
      expect(store.getEpochs(r.id)).toEqual(
        Array.from({ length: r.epochs }, (_, i) => v1Epoch(r.id, i + 1)),
      );
      expect(store.getProgress(r.id)).toEqual([]);
      for (const m of r.models)
        expect(store.getModel(r.id, m.kind)).toEqual({
          kind: m.kind,
          epoch: m.epoch,
          sizes: r.architecture.split('-').map(Number),
          activations: [...r.config.activations],
          weights: v1Weights(r.parameters, m.shift),
        });
    }
    expect(store.getConfusion(1)).toEqual(V1_CONFUSION);
    expect(store.getConfusion(2)).toBeNull();
    store.close();
    expect(schema(file).version).toBe(2);
    expect(sha256(FIXTURE)).toBe(fixtureHash);
  });

  it('ends with the same schema as a new database', () => {
    Store.open(file).close();
    const fresh = tmp.file('fresh.sqlite');
    Store.open(fresh).close();
    expect(schema(file)).toEqual(schema(fresh));
  });

  it('interrupts a run release 1 left running, and takes new runs with progress', () => {
    const store = Store.open(file);
    expect(store.markOrphansInterrupted(() => true)).toEqual([3]);
    expect(store.getRun(3).error).toBe(
      'interrupted: the process running it ended without finishing this run',
    );
    const run = store.createRun({
      name: 'after upgrade',
      preset: null,
      config: V1_RUNS[0].config,
      datasetId: 2,
      owner: OWNER,
    });
    store.startRun(run.id, START, OWNER);
    store.addProgress(run.id, {
      epoch: 1,
      batch: 1,
      batches: 4,
      loss: 2,
      accuracy: 0.1,
      samplesPerSecond: 50,
      elapsedSeconds: 0.1,
    });
    store.addEpoch(run.id, epochRow(1), weights(91));
    expect(store.getProgress(run.id)).toHaveLength(1);
    expect(store.getRun(run.id)).toMatchObject({ owner: OWNER, architecture: '16-3-10' });
    expect(store.listRuns({ tag: 'tiny' }).map((r) => r.id)).toEqual([3, 1]);
    store.close();
  });
});
