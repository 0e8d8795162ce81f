import { copyFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { migrate, SCHEMA_VERSION } from '../../../src-main/store/migrations.ts';
import { Store } from '../../../src-main/store/store.ts';
import {
  epochRow,
  MNIST,
  OWNER,
  sha256,
  START,
  useTempDir,
  weights,
} from '../../fixtures/store/builders.ts';
import {
  insertV1Epoch,
  V1_CONFUSION,
  V1_CREATED_AT,
  V1_DATASETS,
  V1_RUNS,
  v1Epoch,
  v1Weights,
} from '../../fixtures/store/v1-data.ts';

const FIXTURE = fileURLToPath(new URL('../../fixtures/store/v1.sqlite', import.meta.url));

const tmp = useTempDir();
let file: string;
beforeEach(() => {
  file = tmp.file('v1.sqlite');
  copyFileSync(FIXTURE, file); // never open the committed fixture itself
});

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

/** A database at schema `version` holding dataset 1 and run 1 (V1_RUNS[0]'s settings, a
 * 16-3-10 network), running, after `epochsDone` epochs, as that release wrote them; left open
 * for the caller to add the rest. */
function withRunningRun(
  path: string,
  version: number,
  name: string,
  epochsDone: number,
): Database.Database {
  const db = new Database(path);
  migrate(db, version);
  db.prepare(
    `INSERT INTO datasets (id, name, kind, path, hash, train_count, test_count, rows, cols, created_at)
     VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(MNIST.name, MNIST.kind, MNIST.path, MNIST.hash, 60_000, 10_000, 4, 4, V1_CREATED_AT);
  const config = V1_RUNS[0].config;
  db.prepare(
    `INSERT INTO runs (id, name, status, config, seed, architecture, parameters, dataset_id,
       epochs_done, created_at, started_at, owner_pid, owner_started)
     VALUES (1, ?, 'running', ?, ?, '16-3-10', 91, 1, ?, ?, ?, ?, ?)`,
  ).run(
    name,
    JSON.stringify(config),
    config.seed,
    epochsDone,
    V1_CREATED_AT,
    V1_CREATED_AT,
    OWNER.pid,
    '777',
  );
  return db;
}

/** The schema of `db` has no model of this kind yet: its CHECK constraint refuses one. */
function expectKindRefused(db: Database.Database, kind: string): void {
  expect(() =>
    db
      .prepare(
        `INSERT INTO models (run_id, kind, epoch, sizes, activations, weights)
         VALUES (1, ?, 1, '[16,3,10]', '[]', x'00')`,
      )
      .run(kind),
  ).toThrow(/CHECK constraint failed/);
}

/** A run created in the upgraded release-1 store, on its dataset 2 with V1_RUNS[0]'s settings. */
const newRunAfterUpgrade = (store: Store, name: string) =>
  store.createRun({ name, preset: null, config: V1_RUNS[0].config, datasetId: 2, owner: OWNER });

describe('upgrading a release-1 database', () => {
  it('starts from schema 1', () => {
    const before = schema(file);
    expect(before.version).toBe(1);
    expect(before.objects.filter((o) => o.startsWith('table progress'))).toEqual([]);
    expect(before.objects.filter((o) => o.startsWith('table runs'))).toHaveLength(1);
  });

  it('migrates to the newest schema with every dataset, run, tag, epoch and model intact', () => {
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
      // Schema 8 worked out each run's best epoch and lowest loss from its saved epochs.
      const last = r.epochs === 0 ? null : v1Epoch(r.id, r.epochs);
      expect(run).toMatchObject({
        bestEpoch: last?.epoch ?? null,
        bestValidationAccuracy: last?.validationAccuracy ?? null,
        minLossEpoch: last?.epoch ?? null,
        minLoss: last === null ? null : (last.validationLoss ?? last.trainLoss),
      });
      // Release 1 measured no gradient norms.
      expect(store.getEpochs(r.id)).toEqual(
        Array.from({ length: r.epochs }, (_, i) => ({
          ...v1Epoch(r.id, i + 1),
          gradientNorms: null,
        })),
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
    for (const r of V1_RUNS) {
      expect(store.getRunEvents(r.id)).toEqual([]);
      expect(store.listModels(r.id)).toEqual(
        r.models
          .map((m) => ({ kind: m.kind, epoch: m.epoch }))
          .sort((a, b) => a.kind.localeCompare(b.kind)),
      );
    }
    store.close();
    expect(schema(file).version).toBe(SCHEMA_VERSION);
    expect(sha256(FIXTURE)).toBe(fixtureHash);
  });

  it('ends with the same schema as a new database', () => {
    Store.open(file).close();
    const fresh = tmp.file('fresh.sqlite');
    Store.open(fresh).close();
    expect(schema(file)).toEqual(schema(fresh));
  });

  it('keeps run numbers, and after deleting the newest run gives the next one a new number', () => {
    const store = Store.open(file);
    expect(store.listRuns().map((r) => r.id)).toEqual(V1_RUNS.map((r) => r.id).reverse());
    const newest = Math.max(...V1_RUNS.map((r) => r.id));
    store.deleteRuns([newest]);
    const run = newRunAfterUpgrade(store, 'after delete');
    expect(run.id).toBe(newest + 1);
    store.close();
  });

  it('interrupts a run release 1 left running, and takes new runs with progress', () => {
    const store = Store.open(file);
    expect(store.markOrphansInterrupted()).toEqual([3]);
    expect(store.getRun(3).error).toBe('Backprop Lab was closed while this run was training');
    const run = newRunAfterUpgrade(store, 'after upgrade');
    store.startRun(run.id, START, OWNER);
    store.addProgress(run.id, {
      epoch: 1,
      batch: 1,
      batches: 4,
      images: 10,
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

describe('upgrading a release-2 database', () => {
  /** A schema-2 file holding one running run with a 'last' model, written the way release 2
   * wrote it; returns the run's id and its weights. */
  function makeV2(path: string): { id: number; saved: Float32Array } {
    const db = withRunningRun(path, 2, 'from release 2', 1);
    const config = V1_RUNS[0].config;
    const saved = weights(91, 3);
    db.prepare(
      `INSERT INTO models (run_id, kind, epoch, sizes, activations, weights)
       VALUES (1, 'last', 1, '[16,3,10]', ?, ?)`,
    ).run(JSON.stringify(config.activations), Buffer.from(saved.buffer));
    expectKindRefused(db, 'best');
    db.close();
    return { id: 1, saved };
  }

  it('keeps its models, and then takes best models and run events', () => {
    const path = tmp.file('v2.sqlite');
    const { id, saved } = makeV2(path);
    expect(schema(path).version).toBe(2);
    const store = Store.open(path);
    expect(schema(path).version).toBe(SCHEMA_VERSION);
    expect(store.getModel(id)).toEqual({
      kind: 'last',
      epoch: 1,
      sizes: [16, 3, 10],
      activations: [...V1_RUNS[0].config.activations],
      weights: saved,
    });
    expect(store.listModels(id)).toEqual([{ kind: 'last', epoch: 1 }]);
    // No earlier epoch is in the file, so epoch 2 is the best so far.
    store.addEpoch(id, epochRow(2), weights(91, 4));
    expect(store.listModels(id)).toEqual([
      { kind: 'best', epoch: 2 },
      { kind: 'last', epoch: 2 },
    ]);
    expect(store.getModel(id, 'best')?.weights).toEqual(weights(91, 4));
    store.addRunEvent(id, { epoch: 3, batch: 0, kind: 'paused', value: null });
    expect(store.getRunEvents(id).map((e) => e.kind)).toEqual(['paused']);
    store.close();
    const fresh = tmp.file('fresh.sqlite');
    Store.open(fresh).close();
    expect(schema(path).objects).toEqual(schema(fresh).objects);
  });

  it('keeps deleting models with their run', () => {
    const path = tmp.file('v2.sqlite');
    const { id } = makeV2(path);
    const store = Store.open(path);
    store.endRun(id, 'cancelled', null);
    store.deleteRuns([id]);
    store.close();
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM models').pluck().get()).toBe(0);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });
});

describe('upgrading a release-3 database', () => {
  /** A schema-3 file holding one running run with two epochs, written the way release 3 wrote
   * them (no gradient norms). */
  function makeV3(path: string): number {
    const db = withRunningRun(path, 3, 'from release 3', 2);
    for (const epoch of [1, 2]) insertV1Epoch(db, 1, epoch);
    db.close();
    return 1;
  }

  it('keeps its epochs, without gradient norms, and then takes epochs with them', () => {
    const path = tmp.file('v3.sqlite');
    const id = makeV3(path);
    expect(schema(path).version).toBe(3);
    const store = Store.open(path);
    expect(schema(path).version).toBe(SCHEMA_VERSION);
    expect(store.getEpochs(id)).toEqual([
      { ...v1Epoch(1, 1), gradientNorms: null },
      { ...v1Epoch(1, 2), gradientNorms: null },
    ]);
    store.addEpoch(id, epochRow(3), weights(91));
    expect(store.getEpochs(id).map((e) => e.gradientNorms)).toEqual([
      null,
      null,
      epochRow(3).gradientNorms,
    ]);
    store.close();
    const fresh = tmp.file('fresh.sqlite');
    Store.open(fresh).close();
    expect(schema(path).objects).toEqual(schema(fresh).objects);
  });
});

describe('upgrading a release-4 database', () => {
  it('interrupts a run that release 4 left running (its owner was a pid, it has no heartbeat)', () => {
    const path = tmp.file('v4.sqlite');
    withRunningRun(path, 4, 'from release 4', 1).close();
    const store = Store.open(path);
    expect(SCHEMA_VERSION).toBe(9);
    expect(schema(path).version).toBe(9);
    expect(store.getRun(1).owner).toBeNull();
    expect(store.markOrphansInterrupted()).toEqual([1]);
    expect(store.getRun(1).error).toBe(
      'Backprop Lab was closed while this run was training (its process 4242 left no heartbeat)',
    );
    store.close();
  });
});

describe('upgrading a release-6 database', () => {
  it('keeps its runs, with no backend recorded, and the next run started records its own', () => {
    const path = tmp.file('v6.sqlite');
    withRunningRun(path, 6, 'from release 6', 0).close();
    const store = Store.open(path);
    expect(schema(path).version).toBe(SCHEMA_VERSION);
    expect(store.getRun(1).name).toBe('from release 6');
    expect(store.getRun(1).backend).toBeNull();
    const run = store.createRun({
      name: 'after',
      preset: null,
      config: V1_RUNS[0].config,
      datasetId: 1,
      owner: OWNER,
    });
    store.startRun(run.id, START, OWNER);
    expect(store.getRun(run.id).backend).toBe(START.backend);
    store.close();
  });
});

describe('upgrading a release-8 database', () => {
  it('keeps its models with their training state, and then takes initial weights and a path', () => {
    const path = tmp.file('v8.sqlite');
    const db = withRunningRun(path, 8, 'from release 8', 1);
    const saved = weights(91, 3);
    db.prepare(
      `INSERT INTO models (run_id, kind, epoch, sizes, activations, weights, train_state)
       VALUES (1, 'last', 1, '[16,3,10]', ?, ?, x'0102')`,
    ).run(JSON.stringify(V1_RUNS[0].config.activations), Buffer.from(saved.buffer));
    expectKindRefused(db, 'initial');
    db.close();
    const store = Store.open(path);
    expect(schema(path).version).toBe(SCHEMA_VERSION);
    expect(store.getModel(1)?.weights).toEqual(saved);
    expect(Array.from(store.trainStateOf(1) ?? [])).toEqual([1, 2]);
    // Started before initial weights were kept: the path has only its epochs.
    expect(store.getTrajectory(1)).toEqual([]);
    store.addEpoch(1, epochRow(2), weights(91, 4));
    expect(store.getTrajectory(1).map((p) => p.epoch)).toEqual([2]);
    const run = store.createRun({
      name: 'after',
      preset: null,
      config: V1_RUNS[0].config,
      datasetId: 1,
      owner: OWNER,
    });
    store.startRun(run.id, START, OWNER, weights(91, 0.5));
    expect(store.getModel(run.id, 'initial')).toMatchObject({ kind: 'initial', epoch: 0 });
    store.close();
    const fresh = tmp.file('fresh.sqlite');
    Store.open(fresh).close();
    expect(schema(path).objects).toEqual(schema(fresh).objects);
  });
});
