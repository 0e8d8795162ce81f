import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../../src-core/presets.ts';
import { NotFoundError, StoreError } from '../../../src-main/store/errors.ts';
import {
  epochRow,
  MNIST,
  newRun,
  OWNER,
  RESULT,
  START,
  useTempStore,
  trainedRun,
  weights,
} from '../../fixtures/store/builders.ts';

const tmp = useTempStore('nested/folder/runs.sqlite');

describe('a run from queued to completed', () => {
  it('creates a queued run with its architecture and parameter count', () => {
    const run = tmp.store.createRun(
      newRun(tmp.mnist.id, { name: '  first  ', notes: 'hello', tags: ['b', ' a ', 'b'] }),
    );
    expect(tmp.store.path).toBe(tmp.file('nested/folder/runs.sqlite'));
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
      datasetId: tmp.mnist.id,
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
    expect(tmp.store.getRun(run.id)).toEqual(run);
  });

  it('keeps each epoch’s gradient norms exactly, or null when it has none', () => {
    const id = trainedRun(tmp.store, 1, false);
    const norms = [1.25e-7, 0.1 + 0.2, 3.5e4];
    tmp.store.addEpoch(id, { ...epochRow(2), gradientNorms: norms }, weights(109_386));
    tmp.store.addEpoch(id, { ...epochRow(3), gradientNorms: null }, weights(109_386));
    expect(tmp.store.getEpochs(id).map((e) => e.gradientNorms)).toEqual([
      epochRow(1).gradientNorms,
      norms,
      null,
    ]);
  });

  it('keeps its best epoch by validation accuracy and its lowest loss, as epochs come', () => {
    const id = trainedRun(tmp.store, 0, false);
    expect(tmp.store.getRun(id)).toMatchObject({ bestEpoch: null, minLoss: null });
    const epochs = [
      [0.9, 0.3],
      [0.95, 0.2],
      [0.95, 0.25], // as accurate as epoch 2: the earlier one stays best
      [0.94, 0.1], // less accurate, lower loss
    ];
    for (const [i, [accuracy, loss]] of epochs.entries()) {
      const row = { ...epochRow(i + 1), validationAccuracy: accuracy, validationLoss: loss };
      tmp.store.addEpoch(id, row, weights(tmp.store.getRun(id).parameters));
    }
    expect(tmp.store.getRun(id)).toMatchObject({
      bestEpoch: 2,
      bestValidationAccuracy: 0.95,
      minLossEpoch: 4,
      minLoss: 0.1,
    });
    expect(tmp.store.getModel(id, 'best')?.epoch).toBe(2);
    const listed = tmp.store.listRuns().find((r) => r.id === id);
    expect(listed).toMatchObject({ bestEpoch: 2, minLossEpoch: 4 });
  });

  it('without a validation part, its best epoch is its lowest training loss', () => {
    const id = trainedRun(tmp.store, 0, false);
    for (const [i, loss] of [0.5, 0.3, 0.4].entries()) {
      const row = {
        ...epochRow(i + 1),
        trainLoss: loss,
        validationAccuracy: null,
        validationLoss: null,
      };
      tmp.store.addEpoch(id, row, weights(tmp.store.getRun(id).parameters));
    }
    expect(tmp.store.getRun(id)).toMatchObject({
      bestEpoch: 2,
      bestValidationAccuracy: null,
      minLossEpoch: 2,
      minLoss: 0.3,
    });
  });

  it('starts, records progress and epochs with checkpoints, and completes', () => {
    const id = trainedRun(tmp.store, 2, false);
    const running = tmp.store.getRun(id);
    expect(running).toMatchObject({ status: 'running', ...START, epochsDone: 2 });
    expect(running.startedAt).not.toBeNull();
    expect(tmp.store.getEpochs(id)).toEqual([epochRow(1), epochRow(2)]);
    expect(tmp.store.getProgress(id).map((p) => p.epoch)).toEqual([1, 2]);
    expect(tmp.store.getProgress(id)[1]).toEqual({
      epoch: 2,
      batch: 10,
      batches: 20,
      images: 320,
      loss: 0.5,
      accuracy: 0.5,
      samplesPerSecond: 900,
      elapsedSeconds: 2,
    });
    const last = tmp.store.getModel(id);
    expect(last).toMatchObject({
      kind: 'last',
      epoch: 2,
      sizes: [784, 128, 64, 10],
      activations: ['relu', 'relu'],
    });
    expect(last?.weights).toEqual(weights(running.parameters, 2));
    expect(tmp.store.getConfusion(id)).toBeNull();

    tmp.store.completeRun(id, RESULT, weights(running.parameters, 10));
    const done = tmp.store.getRun(id);
    expect(done).toMatchObject({
      status: 'completed',
      testLoss: RESULT.testLoss,
      testAccuracy: RESULT.testAccuracy,
      trainSeconds: RESULT.trainSeconds,
      samplesPerSecond: RESULT.samplesPerSecond,
    });
    expect(done.finishedAt).not.toBeNull();
    expect(tmp.store.getConfusion(id)).toEqual(RESULT.confusion);
    expect(tmp.store.getModel(id)?.kind).toBe('final');
    expect(tmp.store.getModel(id)?.weights).toEqual(weights(running.parameters, 10));
    expect(tmp.store.getModel(id, 'last')?.weights).toEqual(weights(running.parameters, 2));
  });

  it('keeps what a run saved when it ends early', () => {
    const id = trainedRun(tmp.store, 1, false);
    tmp.store.endRun(id, 'failed', 'diverged: the loss became NaN');
    expect(tmp.store.getRun(id)).toMatchObject({
      status: 'failed',
      error: 'diverged: the loss became NaN',
      epochsDone: 1,
    });
    expect(tmp.store.getModel(id)?.kind).toBe('last');
    const queued = tmp.store.createRun(newRun(tmp.mnist.id));
    tmp.store.endRun(queued.id, 'cancelled', null);
    expect(tmp.store.getRun(queued.id).status).toBe('cancelled');
    expect(tmp.store.getModel(queued.id)).toBeNull();
  });

  it('refuses writes that do not fit the run’s status or network', () => {
    const id = trainedRun(tmp.store, 1, true);
    expect(() => tmp.store.startRun(id, START, OWNER)).toThrow(
      `cannot start run ${id}: it is completed`,
    );
    expect(() => tmp.store.addEpoch(id, epochRow(2), weights(10))).toThrow(StoreError);
    expect(() => tmp.store.endRun(id, 'cancelled', null)).toThrow(`cannot end run ${id}`);
    const queued = tmp.store.createRun(newRun(tmp.mnist.id));
    expect(() => tmp.store.addProgress(queued.id, { ...tmp.store.getProgress(id)[0] })).toThrow(
      `cannot add progress to run ${queued.id}: it is queued`,
    );
    tmp.store.startRun(queued.id, START, OWNER);
    expect(() => tmp.store.addEpoch(queued.id, epochRow(1), weights(5))).toThrow(
      'has 109386 parameters, but the last weights given hold 5 values',
    );
    expect(tmp.store.getEpochs(queued.id)).toEqual([]);
  });
});

describe('listing runs', () => {
  it('lists newest first, with tags, optimizer and epochs, filtered by status and tag', () => {
    const a = tmp.store.createRun(newRun(tmp.mnist.id, { name: 'a', tags: ['x'] }));
    const b = tmp.store.createRun(
      newRun(tmp.mnist.id, {
        name: 'b',
        tags: ['x', 'y'],
        config: PRESETS.article,
        preset: 'article',
      }),
    );
    const c = tmp.store.createRun(newRun(tmp.mnist.id, { name: 'c' }));
    tmp.store.endRun(c.id, 'cancelled', null);

    const all = tmp.store.listRuns();
    expect(all.map((r) => r.name)).toEqual(['c', 'b', 'a']);
    expect(all[1]).toMatchObject({
      id: b.id,
      tags: ['x', 'y'],
      optimizer: 'gd',
      epochsPlanned: PRESETS.article.epochs,
      architecture: '784-32-16-10',
    });
    // The whole config, so a listing can be grouped and filtered by any setting.
    expect(all[1].config).toEqual(tmp.store.getRun(b.id).config);
    expect(all[1].groupId).toBeNull();
    expect(all[1]).not.toHaveProperty('owner');
    expect(tmp.store.listRuns({ status: 'queued' }).map((r) => r.id)).toEqual([b.id, a.id]);
    expect(tmp.store.listRuns({ tag: 'x' }).map((r) => r.id)).toEqual([b.id, a.id]);
    expect(tmp.store.listRuns({ tag: 'y', status: 'queued' }).map((r) => r.id)).toEqual([b.id]);
    expect(tmp.store.listRuns({ tag: 'none' })).toEqual([]);
    expect(tmp.store.listRuns({ limit: 1 }).map((r) => r.id)).toEqual([c.id]);
  });

  it('refuses an unknown status or a bad limit', () => {
    expect(() => tmp.store.listRuns({ status: 'done' as never })).toThrow(
      'unknown run status done',
    );
    expect(() => tmp.store.listRuns({ limit: 0 })).toThrow(StoreError);
  });
});

describe('editing runs', () => {
  it('renames, annotates and tags', () => {
    const { id } = tmp.store.createRun(newRun(tmp.mnist.id, { tags: ['keep'] }));
    tmp.store.renameRun(id, '  better name ');
    tmp.store.setNotes(id, 'lr too high?');
    tmp.store.addTags(id, ['new', ' keep ', 'other']);
    tmp.store.removeTags(id, ['other', 'absent']);
    expect(tmp.store.getRun(id)).toMatchObject({
      name: 'better name',
      notes: 'lr too high?',
      tags: ['keep', 'new'],
    });
  });

  it('refuses an empty name and empty or comma tags', () => {
    const { id } = tmp.store.createRun(newRun(tmp.mnist.id));
    expect(() => tmp.store.renameRun(id, '   ')).toThrow('a run needs a name');
    expect(() => tmp.store.addTags(id, ['ok', ' '])).toThrow('tag 2 is empty');
    expect(() => tmp.store.addTags(id, ['a,b'])).toThrow('tag "a,b" holds a comma');
    expect(() => tmp.store.createRun(newRun(tmp.mnist.id, { name: '' }))).toThrow(StoreError);
    expect(tmp.store.getRun(id).tags).toEqual([]);
  });

  it('deletes runs with everything they hold', () => {
    const keep = trainedRun(tmp.store, 1, true);
    const gone = trainedRun(tmp.store, 2, true);
    tmp.store.deleteRuns([gone, gone]);
    expect(() => tmp.store.getRun(gone)).toThrow(NotFoundError);
    expect(tmp.store.listRuns().map((r) => r.id)).toEqual([keep]);
    expect(tmp.store.getEpochs(keep)).toHaveLength(1);
    const db = new Database(tmp.store.path, { readonly: true });
    for (const table of ['run_tags', 'epochs', 'progress', 'models'])
      expect(
        db.prepare(`SELECT run_id, count(*) AS n FROM ${table} GROUP BY run_id`).all(),
        table,
      ).toEqual([{ run_id: keep, n: table === 'models' ? 3 : 1 }]); // last, best and final
    db.close();
  });

  it('never gives a deleted run’s number to a later run', () => {
    const older = tmp.store.createRun(newRun(tmp.mnist.id)).id;
    const newest = tmp.store.createRun(newRun(tmp.mnist.id)).id;
    tmp.store.deleteRuns([newest]);
    const next = tmp.store.createRun(newRun(tmp.mnist.id)).id;
    expect(next).toBe(newest + 1);
    tmp.store.deleteRuns([older, next]);
    expect(tmp.store.createRun(newRun(tmp.mnist.id)).id).toBe(next + 1);
  });

  it('deletes all or nothing', () => {
    const a = trainedRun(tmp.store, 1, true);
    const b = trainedRun(tmp.store, 1, false);
    expect(() => tmp.store.deleteRuns([a, 999, b])).toThrow(new NotFoundError('run 999'));
    expect(tmp.store.listRuns().map((r) => r.id)).toEqual([b, a]);
    expect(tmp.store.getModel(a)?.kind).toBe('final');
    expect(tmp.store.getEpochs(b)).toHaveLength(1);
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
      ['getRun', () => tmp.store.getRun(42)],
      ['startRun', () => tmp.store.startRun(42, START, OWNER)],
      ['addProgress', () => tmp.store.addProgress(42, p)],
      ['addEpoch', () => tmp.store.addEpoch(42, epochRow(1), weights(1))],
      ['completeRun', () => tmp.store.completeRun(42, RESULT, weights(1))],
      ['endRun', () => tmp.store.endRun(42, 'failed', 'x')],
      ['getEpochs', () => tmp.store.getEpochs(42)],
      ['getProgress', () => tmp.store.getProgress(42)],
      ['getConfusion', () => tmp.store.getConfusion(42)],
      ['getModel', () => tmp.store.getModel(42)],
      ['renameRun', () => tmp.store.renameRun(42, 'x')],
      ['setNotes', () => tmp.store.setNotes(42, 'x')],
      ['addTags', () => tmp.store.addTags(42, ['x'])],
      ['removeTags', () => tmp.store.removeTags(42, ['x'])],
      ['deleteRuns', () => tmp.store.deleteRuns([42])],
    ];
    for (const [name, call] of calls) expect(call, name).toThrow(new NotFoundError('run 42'));
  });

  it('throws NotFoundError for a run on an unknown dataset', () => {
    expect(() => tmp.store.createRun(newRun(7))).toThrow(new NotFoundError('dataset 7'));
  });
});
