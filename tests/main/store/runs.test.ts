import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PRESETS } from '../../../src-core/presets.ts';
import { NotFoundError, StoreError } from '../../../src-main/store/errors.ts';
import { Store } from '../../../src-main/store/store.ts';
import type { DatasetRow } from '../../../src-main/contract/rows.ts';
import {
  epochRow,
  MNIST,
  newRun,
  OWNER,
  RESULT,
  START,
  tempStore,
  type TempStore,
  trainedRun,
  weights,
} from '../../fixtures/store/builders.ts';

let tmp: TempStore;
let store: Store;
let mnist: DatasetRow;
beforeEach(() => {
  tmp = tempStore('nested/folder/runs.sqlite');
  ({ store, mnist } = tmp);
});
afterEach(() => tmp.remove());

describe('a run from queued to completed', () => {
  it('creates a queued run with its architecture and parameter count', () => {
    const run = store.createRun(
      newRun(mnist.id, { name: '  first  ', notes: 'hello', tags: ['b', ' a ', 'b'] }),
    );
    expect(store.path).toBe(tmp.file('nested/folder/runs.sqlite'));
    expect(run).toMatchObject({
      name: 'first',
      notes: 'hello',
      tags: ['a', 'b'],
      status: 'queued',
      error: null,
      preset: 'quick',
      config: PRESETS.quick,
      seed: PRESETS.quick.seed,
      architecture: '784-128-64-10',
      parameters: 784 * 128 + 128 + 128 * 64 + 64 + 64 * 10 + 10,
      datasetId: mnist.id,
      datasetName: 'mnist',
      datasetHash: MNIST.hash,
      trainCount: null,
      testHeldOut: null,
      epochsDone: 0,
      testAccuracy: null,
      startedAt: null,
      finishedAt: null,
      owner: OWNER,
    });
    expect(store.getRun(run.id)).toEqual(run);
  });

  it('keeps each epoch’s gradient norms exactly, or null when it has none', () => {
    const id = trainedRun(store, 1, false);
    const norms = [1.25e-7, 0.1 + 0.2, 3.5e4];
    store.addEpoch(id, { ...epochRow(2), gradientNorms: norms }, weights(109_386));
    store.addEpoch(id, { ...epochRow(3), gradientNorms: null }, weights(109_386));
    expect(store.getEpochs(id).map((e) => e.gradientNorms)).toEqual([
      epochRow(1).gradientNorms,
      norms,
      null,
    ]);
  });

  it('starts, records progress and epochs with checkpoints, and completes', () => {
    const id = trainedRun(store, 2, false);
    const running = store.getRun(id);
    expect(running).toMatchObject({ status: 'running', ...START, epochsDone: 2 });
    expect(running.startedAt).not.toBeNull();
    expect(store.getEpochs(id)).toEqual([epochRow(1), epochRow(2)]);
    expect(store.getProgress(id).map((p) => p.epoch)).toEqual([1, 2]);
    expect(store.getProgress(id)[1]).toEqual({
      epoch: 2,
      batch: 10,
      batches: 20,
      images: 320,
      loss: 0.5,
      accuracy: 0.5,
      samplesPerSecond: 900,
      elapsedSeconds: 2,
    });
    const last = store.getModel(id);
    expect(last).toMatchObject({
      kind: 'last',
      epoch: 2,
      sizes: [784, 128, 64, 10],
      activations: ['relu', 'relu'],
    });
    expect(last?.weights).toEqual(weights(running.parameters, 2));
    expect(store.getConfusion(id)).toBeNull();

    store.completeRun(id, RESULT, weights(running.parameters, 10));
    const done = store.getRun(id);
    expect(done).toMatchObject({
      status: 'completed',
      testLoss: RESULT.testLoss,
      testAccuracy: RESULT.testAccuracy,
      trainSeconds: RESULT.trainSeconds,
      samplesPerSecond: RESULT.samplesPerSecond,
    });
    expect(done.finishedAt).not.toBeNull();
    expect(store.getConfusion(id)).toEqual(RESULT.confusion);
    expect(store.getModel(id)?.kind).toBe('final');
    expect(store.getModel(id)?.weights).toEqual(weights(running.parameters, 10));
    expect(store.getModel(id, 'last')?.weights).toEqual(weights(running.parameters, 2));
  });

  it('keeps what a run saved when it ends early', () => {
    const id = trainedRun(store, 1, false);
    store.endRun(id, 'failed', 'diverged: the loss became NaN');
    expect(store.getRun(id)).toMatchObject({
      status: 'failed',
      error: 'diverged: the loss became NaN',
      epochsDone: 1,
    });
    expect(store.getModel(id)?.kind).toBe('last');
    const queued = store.createRun(newRun(mnist.id));
    store.endRun(queued.id, 'cancelled', null);
    expect(store.getRun(queued.id).status).toBe('cancelled');
    expect(store.getModel(queued.id)).toBeNull();
  });

  it('refuses writes that do not fit the run’s status or network', () => {
    const id = trainedRun(store, 1, true);
    expect(() => store.startRun(id, START, OWNER)).toThrow(
      `cannot start run ${id}: it is completed`,
    );
    expect(() => store.addEpoch(id, epochRow(2), weights(10))).toThrow(StoreError);
    expect(() => store.endRun(id, 'cancelled', null)).toThrow(`cannot end run ${id}`);
    const queued = store.createRun(newRun(mnist.id));
    expect(() => store.addProgress(queued.id, { ...store.getProgress(id)[0] })).toThrow(
      `cannot add progress to run ${queued.id}: it is queued`,
    );
    store.startRun(queued.id, START, OWNER);
    expect(() => store.addEpoch(queued.id, epochRow(1), weights(5))).toThrow(
      'has 109386 parameters, but the last weights given hold 5 values',
    );
    expect(store.getEpochs(queued.id)).toEqual([]);
  });
});

describe('listing runs', () => {
  it('lists newest first, with tags, optimizer and epochs, filtered by status and tag', () => {
    const a = store.createRun(newRun(mnist.id, { name: 'a', tags: ['x'] }));
    const b = store.createRun(
      newRun(mnist.id, { name: 'b', tags: ['x', 'y'], config: PRESETS.article, preset: 'article' }),
    );
    const c = store.createRun(newRun(mnist.id, { name: 'c' }));
    store.endRun(c.id, 'cancelled', null);

    const all = store.listRuns();
    expect(all.map((r) => r.name)).toEqual(['c', 'b', 'a']);
    expect(all[1]).toMatchObject({
      id: b.id,
      tags: ['x', 'y'],
      optimizer: 'gd',
      epochsPlanned: PRESETS.article.epochs,
      architecture: '784-32-16-10',
    });
    expect(all[1]).not.toHaveProperty('config');
    expect(all[1]).not.toHaveProperty('owner');
    expect(store.listRuns({ status: 'queued' }).map((r) => r.id)).toEqual([b.id, a.id]);
    expect(store.listRuns({ tag: 'x' }).map((r) => r.id)).toEqual([b.id, a.id]);
    expect(store.listRuns({ tag: 'y', status: 'queued' }).map((r) => r.id)).toEqual([b.id]);
    expect(store.listRuns({ tag: 'none' })).toEqual([]);
    expect(store.listRuns({ limit: 1 }).map((r) => r.id)).toEqual([c.id]);
  });

  it('refuses an unknown status or a bad limit', () => {
    expect(() => store.listRuns({ status: 'done' as never })).toThrow('unknown run status done');
    expect(() => store.listRuns({ limit: 0 })).toThrow(StoreError);
  });
});

describe('editing runs', () => {
  it('renames, annotates and tags', () => {
    const { id } = store.createRun(newRun(mnist.id, { tags: ['keep'] }));
    store.renameRun(id, '  better name ');
    store.setNotes(id, 'lr too high?');
    store.addTags(id, ['new', ' keep ', 'other']);
    store.removeTags(id, ['other', 'absent']);
    expect(store.getRun(id)).toMatchObject({
      name: 'better name',
      notes: 'lr too high?',
      tags: ['keep', 'new'],
    });
  });

  it('refuses an empty name and empty or comma tags', () => {
    const { id } = store.createRun(newRun(mnist.id));
    expect(() => store.renameRun(id, '   ')).toThrow('a run needs a name');
    expect(() => store.addTags(id, ['ok', ' '])).toThrow('tag 2 is empty');
    expect(() => store.addTags(id, ['a,b'])).toThrow('tag "a,b" holds a comma');
    expect(() => store.createRun(newRun(mnist.id, { name: '' }))).toThrow(StoreError);
    expect(store.getRun(id).tags).toEqual([]);
  });

  it('deletes runs with everything they hold', () => {
    const keep = trainedRun(store, 1, true);
    const gone = trainedRun(store, 2, true);
    store.deleteRuns([gone, gone]);
    expect(() => store.getRun(gone)).toThrow(NotFoundError);
    expect(store.listRuns().map((r) => r.id)).toEqual([keep]);
    expect(store.getEpochs(keep)).toHaveLength(1);
    const db = new Database(store.path, { readonly: true });
    for (const table of ['run_tags', 'epochs', 'progress', 'models'])
      expect(
        db.prepare(`SELECT run_id, count(*) AS n FROM ${table} GROUP BY run_id`).all(),
        table,
      ).toEqual([{ run_id: keep, n: table === 'models' ? 3 : 1 }]); // last, best and final
    db.close();
  });

  it('never gives a deleted run’s number to a later run', () => {
    const older = store.createRun(newRun(mnist.id)).id;
    const newest = store.createRun(newRun(mnist.id)).id;
    store.deleteRuns([newest]);
    const next = store.createRun(newRun(mnist.id)).id;
    expect(next).toBe(newest + 1);
    store.deleteRuns([older, next]);
    expect(store.createRun(newRun(mnist.id)).id).toBe(next + 1);
  });

  it('deletes all or nothing', () => {
    const a = trainedRun(store, 1, true);
    const b = trainedRun(store, 1, false);
    expect(() => store.deleteRuns([a, 999, b])).toThrow(new NotFoundError('run 999'));
    expect(store.listRuns().map((r) => r.id)).toEqual([b, a]);
    expect(store.getModel(a)?.kind).toBe('final');
    expect(store.getEpochs(b)).toHaveLength(1);
  });
});

describe('unknown ids', () => {
  it('throws NotFoundError from every method that takes a run id', () => {
    const p = {
      epoch: 1,
      batch: 1,
      batches: 1,
      images: 1,
      loss: 1,
      accuracy: 0,
      samplesPerSecond: 1,
      elapsedSeconds: 1,
    };
    const calls: [string, () => unknown][] = [
      ['getRun', () => store.getRun(42)],
      ['startRun', () => store.startRun(42, START, OWNER)],
      ['addProgress', () => store.addProgress(42, p)],
      ['addEpoch', () => store.addEpoch(42, epochRow(1), weights(1))],
      ['completeRun', () => store.completeRun(42, RESULT, weights(1))],
      ['endRun', () => store.endRun(42, 'failed', 'x')],
      ['getEpochs', () => store.getEpochs(42)],
      ['getProgress', () => store.getProgress(42)],
      ['getConfusion', () => store.getConfusion(42)],
      ['getModel', () => store.getModel(42)],
      ['renameRun', () => store.renameRun(42, 'x')],
      ['setNotes', () => store.setNotes(42, 'x')],
      ['addTags', () => store.addTags(42, ['x'])],
      ['removeTags', () => store.removeTags(42, ['x'])],
      ['deleteRuns', () => store.deleteRuns([42])],
    ];
    for (const [name, call] of calls) expect(call, name).toThrow(new NotFoundError('run 42'));
  });

  it('throws NotFoundError for a run on an unknown dataset', () => {
    expect(() => store.createRun(newRun(7))).toThrow(new NotFoundError('dataset 7'));
  });
});
