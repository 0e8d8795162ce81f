// A run's answers on its test images, as the confusion drill-down and McNemar's test read them:
// from the weights its test result came from, and recomputed when those weights change.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCsv } from '../../../src-main/data/load.ts';
import { datasetForRun } from '../../../src-main/services/datasets.ts';
import { TestPredictions } from '../../../src-main/services/test-predictions.ts';
import { Store } from '../../../src-main/store/store.ts';
import type { Dataset } from '../../../src-core/data/dataset.ts';
import { epochRow, OWNER, START, weights } from '../../fixtures/store/builders.ts';
import { smallConfig, smallCsv, tempDir } from './fixtures.ts';
import { recount, rightCount } from './test-answers.ts';

let store: Store;
let dataset: Dataset;
let datasetId: number;
const config = smallConfig({ validation: 30, epochs: 3, seed: 3 });

beforeAll(() => {
  const dir = tempDir('bpl-predictions-');
  const csv = smallCsv(dir, 300);
  store = Store.open(join(dir, 'runs.sqlite'));
  const row = datasetForRun(store, csv);
  datasetId = row.id;
  dataset = loadCsv(csv, row.name);
});

afterAll(() => store.close());

/** A run trained through two epochs by hand: epoch 1 its best (by validation), epoch 2 its last. */
function twoEpochRun(): { id: number; best: Float32Array; last: Float32Array } {
  const run = store.createRun({ name: 'by hand', preset: null, config, datasetId, owner: OWNER });
  store.startRun(run.id, START, OWNER);
  const best = weights(run.parameters, 1);
  const last = weights(run.parameters, -3);
  store.addEpoch(run.id, { ...epochRow(1), validationAccuracy: 0.9 }, best);
  store.addEpoch(run.id, { ...epochRow(2), validationAccuracy: 0.2 }, last);
  return { id: run.id, best, last };
}

const asModel = (w: Float32Array) => ({
  kind: 'best' as const,
  epoch: 1,
  sizes: [784, 32, 10],
  activations: ['relu'],
  weights: w,
});

/** The images a run reads right, summed over the drill-down's diagonal cells. */
const rightInCells = (predictions: TestPredictions, id: number): number =>
  Array.from({ length: 10 }, (_, d) => predictions.cell(id, d, d, 0).total).reduce((s, n) => s + n);

describe('TestPredictions.cell', () => {
  it('of a cancelled run counts what its best checkpoint, the one it was tested with, reads', () => {
    const { id, best, last } = twoEpochRun();
    const fromBest = rightCount(recount(asModel(best), dataset, config).correct);
    expect(fromBest).not.toBe(rightCount(recount(asModel(last), dataset, config).correct));
    store.endRun(id, 'cancelled', null, { testLoss: 1, testAccuracy: 0.5, confusion: [] });
    expect(rightInCells(new TestPredictions(store), id)).toBe(fromBest);
  });

  it('follows a run whose weights changed since it was last asked (it went on and completed)', () => {
    const { id } = twoEpochRun();
    const predictions = new TestPredictions(store);
    const before = rightInCells(predictions, id);
    const final = weights(store.getRun(id).parameters, 0.5);
    store.completeRun(
      id,
      { testLoss: 1, testAccuracy: 0.1, confusion: [], trainSeconds: 1, samplesPerSecond: 1 },
      final,
    );
    const expected = rightCount(recount(asModel(final), dataset, config).correct);
    expect(expected).not.toBe(before);
    expect(rightInCells(predictions, id)).toBe(expected);
  });
});

describe('TestPredictions.correctness', () => {
  it('of a cancelled run comes from the best checkpoint it was tested with, not its last', () => {
    const { id, best, last } = twoEpochRun();
    const fromBest = recount(asModel(best), dataset, config);
    const fromLast = recount(asModel(last), dataset, config);
    expect(rightCount(fromBest.correct)).not.toBe(rightCount(fromLast.correct));
    const count = fromBest.correct.length;
    store.endRun(id, 'cancelled', null, {
      testLoss: 1,
      testAccuracy: rightCount(fromBest.correct) / count,
      confusion: [],
    });
    const answers = new TestPredictions(store).correctness(id);
    expect(Array.from(answers.indices)).toEqual(fromBest.indices);
    expect(Array.from(answers.correct)).toEqual(Array.from(fromBest.correct));
  });

  it('says when a run has no saved weights yet', () => {
    const run = store.createRun({ name: 'queued', preset: null, config, datasetId, owner: OWNER });
    expect(() => new TestPredictions(store).correctness(run.id)).toThrow(
      `a saved model of run ${run.id} not found`,
    );
  });
});
