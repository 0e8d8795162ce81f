// A run's history of learner actions (pauses, steps, resumes, learning-rate changes) and its
// 'best' model, chosen epoch by epoch.

import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { NotFoundError, StoreError } from '../../../src-main/store/errors.ts';
import type { EpochRow } from '../../../src-main/contract/rows.ts';
import {
  epochRow,
  newRun,
  OWNER,
  RESULT,
  START,
  useTempStore,
  trainedRun,
  weights,
} from '../../fixtures/store/builders.ts';

const tmp = useTempStore('events.sqlite');

function runningRun(): { id: number; parameters: number } {
  const run = tmp.store.createRun(newRun(tmp.mnist.id));
  tmp.store.startRun(run.id, START, OWNER);
  return { id: run.id, parameters: run.parameters };
}

describe('run events', () => {
  it('are kept in the order they happened, each with its time', () => {
    const { id } = runningRun();
    const before = Date.now();
    const paused = tmp.store.addRunEvent(id, { epoch: 1, batch: 7, kind: 'paused', value: null });
    expect(paused).toMatchObject({ epoch: 1, batch: 7, kind: 'paused', value: null });
    expect(paused.at).toBeGreaterThanOrEqual(before);
    expect(paused.at).toBeLessThanOrEqual(Date.now());
    tmp.store.addRunEvent(id, { epoch: 1, batch: 8, kind: 'step', value: null });
    tmp.store.addRunEvent(id, { epoch: 1, batch: 8, kind: 'learning-rate', value: 0.25 });
    tmp.store.addRunEvent(id, { epoch: 1, batch: 8, kind: 'resumed', value: null });
    const history = tmp.store.getRunEvents(id);
    expect(history[0]).toEqual(paused);
    expect(history.map(({ at: _, ...e }) => e)).toEqual([
      { epoch: 1, batch: 7, kind: 'paused', value: null },
      { epoch: 1, batch: 8, kind: 'step', value: null },
      { epoch: 1, batch: 8, kind: 'learning-rate', value: 0.25 },
      { epoch: 1, batch: 8, kind: 'resumed', value: null },
    ]);
  });

  it('belong to their run', () => {
    const a = runningRun().id;
    const b = runningRun().id;
    tmp.store.addRunEvent(a, { epoch: 1, batch: 1, kind: 'paused', value: null });
    tmp.store.addRunEvent(b, { epoch: 2, batch: 3, kind: 'paused', value: null });
    tmp.store.addRunEvent(a, { epoch: 1, batch: 1, kind: 'resumed', value: null });
    expect(tmp.store.getRunEvents(a).map((e) => e.kind)).toEqual(['paused', 'resumed']);
    expect(tmp.store.getRunEvents(b).map((e) => e.epoch)).toEqual([2]);
  });

  it('are taken only by a running run', () => {
    const queued = tmp.store.createRun(newRun(tmp.mnist.id)).id;
    const completed = trainedRun(tmp.store, 1, true);
    const e = { epoch: 1, batch: 0, kind: 'paused', value: null } as const;
    expect(() => tmp.store.addRunEvent(queued, e)).toThrow(
      new StoreError(`cannot record a paused event for run ${queued}: it is queued`),
    );
    expect(() => tmp.store.addRunEvent(completed, e)).toThrow(
      new StoreError(`cannot record a paused event for run ${completed}: it is completed`),
    );
    expect(() => tmp.store.addRunEvent(999, e)).toThrow(NotFoundError);
    expect(() => tmp.store.getRunEvents(999)).toThrow(NotFoundError);
    expect(tmp.store.getRunEvents(queued)).toEqual([]);
  });

  it('carry a value exactly when they change the learning rate', () => {
    const { id } = runningRun();
    expect(() =>
      tmp.store.addRunEvent(id, { epoch: 1, batch: 0, kind: 'learning-rate', value: null }),
    ).toThrow('a learning-rate event needs the new rate, got null');
    expect(() =>
      tmp.store.addRunEvent(id, { epoch: 1, batch: 0, kind: 'learning-rate', value: Number.NaN }),
    ).toThrow('a learning-rate event needs the new rate, got NaN');
    expect(() => tmp.store.addRunEvent(id, { epoch: 1, batch: 0, kind: 'step', value: 1 })).toThrow(
      'a step event has no value, got 1',
    );
    expect(() =>
      tmp.store.addRunEvent(id, {
        epoch: 1,
        batch: 0,
        kind: 'jump' as 'step',
        value: null,
      }),
    ).toThrow('unknown run event jump: use paused, resumed, step, learning-rate');
    expect(tmp.store.getRunEvents(id)).toEqual([]);
  });

  it('go when their run is deleted', () => {
    const { id } = runningRun();
    tmp.store.addRunEvent(id, { epoch: 1, batch: 0, kind: 'paused', value: null });
    tmp.store.endRun(id, 'cancelled', null);
    tmp.store.deleteRuns([id]);
    const db = new Database(tmp.store.path, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM run_events').pluck().get()).toBe(0);
    db.close();
  });
});

describe("a run's best model", () => {
  /** Adds epochs with these validation accuracies (or, when null, these training losses),
   * each with weights that tell the epoch; returns the best epoch after each. */
  function bestAfterEach(
    id: number,
    parameters: number,
    epochs: Partial<EpochRow>[],
  ): (number | undefined)[] {
    return epochs.map((e, i) => {
      tmp.store.addEpoch(id, { ...epochRow(i + 1), ...e }, weights(parameters, i + 1));
      return tmp.store.getModel(id, 'best')?.epoch;
    });
  }

  it('is the epoch with the highest validation accuracy so far (the first, on a tie)', () => {
    const { id, parameters } = runningRun();
    const accuracies = [0.5, 0.7, 0.6, 0.7, 0.8, 0.1];
    expect(
      bestAfterEach(
        id,
        parameters,
        accuracies.map((validationAccuracy) => ({ validationAccuracy })),
      ),
    ).toEqual([1, 2, 2, 2, 5, 5]);
    expect(tmp.store.getModel(id, 'best')?.weights).toEqual(weights(parameters, 5));
    expect(tmp.store.getModel(id, 'last')?.epoch).toBe(6);
  });

  it('is the epoch with the lowest training loss when nothing is validated', () => {
    const { id, parameters } = runningRun();
    const losses = [1, 0.8, 0.9, 0.8, 0.3];
    expect(
      bestAfterEach(
        id,
        parameters,
        losses.map((trainLoss) => ({
          trainLoss,
          validationLoss: null,
          validationAccuracy: null,
        })),
      ),
    ).toEqual([1, 2, 2, 2, 5]);
  });

  it('is listed with the other models, and is never the default model', () => {
    const { id, parameters } = runningRun();
    bestAfterEach(id, parameters, [{ validationAccuracy: 0.9 }, { validationAccuracy: 0.5 }]);
    expect(tmp.store.listModels(id)).toEqual([
      { kind: 'best', epoch: 1 },
      { kind: 'last', epoch: 2 },
    ]);
    expect(tmp.store.getModel(id)?.kind).toBe('last');
    tmp.store.completeRun(id, RESULT, weights(parameters, 10));
    expect(tmp.store.listModels(id)).toEqual([
      { kind: 'best', epoch: 1 },
      { kind: 'final', epoch: 2 },
      { kind: 'last', epoch: 2 },
    ]);
    expect(tmp.store.getModel(id)?.kind).toBe('final');
    expect(tmp.store.listModels(tmp.store.createRun(newRun(tmp.mnist.id)).id)).toEqual([]);
    expect(() => tmp.store.listModels(999)).toThrow(NotFoundError);
  });
});
