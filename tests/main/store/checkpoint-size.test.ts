// Checkpoints replace each other: a run keeps at most its last, best and final weights, however
// many epochs it trains, so the database grows with the number of runs, not with their epochs.

import { statSync } from 'node:fs';
import { expect, it } from 'vitest';
import { Store } from '../../../src-main/store/store.ts';
import {
  epochRow,
  MNIST,
  newRun,
  OWNER,
  RESULT,
  START,
  useTempDir,
  weights,
} from '../../fixtures/store/builders.ts';

const tmp = useTempDir();

it('keeps at most three copies of the weights per run, over 40 epochs', () => {
  const file = tmp.file('runs.sqlite');
  const store = Store.open(file);
  const run = store.createRun(newRun(store.ensureDataset(MNIST).id));
  store.startRun(run.id, START, OWNER);
  const copy = run.parameters * 4;
  const sizeAfter = (): number => statSync(file).size + statSync(`${file}-wal`).size;

  const epochs = (from: number, to: number): void => {
    // Validation accuracy rises every epoch, so 'best' is replaced each time along with 'last'.
    for (let epoch = from; epoch <= to; epoch++)
      store.addEpoch(run.id, epochRow(epoch), weights(run.parameters, epoch));
  };
  epochs(1, 10);
  const afterTen = sizeAfter();
  epochs(11, 40);
  store.completeRun(run.id, RESULT, weights(run.parameters, 41));

  expect(store.listModels(run.id).map((m) => m.kind)).toEqual(['best', 'final', 'last']);
  // The file and its WAL together: thirty more epochs and the final weights add about one copy
  // (the final one), not thirty.
  expect(sizeAfter() - afterTen).toBeLessThan(2 * copy);
  store.close();
});
