// Checkpoints replace each other: a run keeps at most its last, best and final weights (and the
// initial ones it started from), however many epochs it trains, plus its training path of at
// most TRAJECTORY_POINTS epochs at half precision (store/trajectory.ts); so the database grows
// with the number of runs, not with their epochs.

import { statSync } from 'node:fs';
import { expect, it } from 'vitest';
import { PRESETS } from '../../../src-core/presets.ts';
import { Store } from '../../../src-main/store/store.ts';
import { TRAJECTORY_POINTS } from '../../../src-main/store/trajectory.ts';
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

it('keeps four copies of the weights per run and a path of at most 60 points, over 200 epochs', () => {
  const file = tmp.file('runs.sqlite');
  let store = Store.open(file);
  const config = { ...PRESETS.quick, layers: [8], activations: ['relu' as const], epochs: 200 };
  const run = store.createRun(newRun(store.ensureDataset(MNIST).id, { config }));
  store.close();
  // Closed, the file holds everything (the write-ahead log is folded in and removed).
  const before = statSync(file).size;
  store = Store.open(file);
  store.startRun(run.id, START, OWNER, weights(run.parameters, 0.5));
  const copy = run.parameters * 4;
  // Validation accuracy rises every epoch, so 'best' is replaced each time along with 'last'.
  for (let epoch = 1; epoch <= 200; epoch++)
    store.addEpoch(run.id, epochRow(epoch), weights(run.parameters, epoch));
  store.completeRun(run.id, RESULT, weights(run.parameters, 201));

  expect(store.listModels(run.id).map((m) => m.kind)).toEqual(['best', 'final', 'initial', 'last']);
  const path = store.getTrajectory(run.id);
  expect(path).toHaveLength(1 + TRAJECTORY_POINTS);
  expect(path[0]).toEqual({ epoch: 0, weights: weights(run.parameters, 0.5) });
  expect(path.at(-1)?.epoch).toBe(200);
  // Four full copies and sixty half ones are 34 copies' worth; 200 epochs kept whole would be 200.
  store.close();
  expect(statSync(file).size - before).toBeLessThan((4 + TRAJECTORY_POINTS / 2 + 4) * copy);
});
