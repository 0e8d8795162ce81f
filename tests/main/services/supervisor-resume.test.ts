// Runs that stop before their end, with a real training process: a cancel is tested on the best
// checkpoint and kept in the run's history; closing the app interrupts (not cancels) a run, in
// words; and a stopped run resumed from its last checkpoint ends exactly as a run that never
// stopped.

import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TrainConfig } from '../../../src-core/config.ts';
import { CLOSED_WHILE_TRAINING, type EpochRow } from '../../../src-main/contract/rows.ts';
import { datasetForRun } from '../../../src-main/services/datasets.ts';
import { resumeRun, startRun } from '../../../src-main/services/run-start.ts';
import { forkSpawner } from '../../../src-main/services/spawner.ts';
import { Supervisor } from '../../../src-main/services/supervisor.ts';
import { currentOwner } from '../../../src-main/store/owner.ts';
import { Store } from '../../../src-main/store/store.ts';
import { StoreError } from '../../../src-main/store/errors.ts';
import { nextEvent, smallConfig, smallCsv, tempDir } from './fixtures.ts';

let dir: string;
let csv: string;
const open: Store[] = [];
beforeAll(() => {
  dir = tempDir('bpl-resume-');
  csv = smallCsv(dir);
});
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

function setup(name: string) {
  const store = Store.open(join(dir, `${name}.sqlite`));
  open.push(store);
  const owner = currentOwner();
  const supervisor = new Supervisor(store, forkSpawner(), owner);
  const dataset = datasetForRun(store, csv);
  const starter = { store, supervisor, owner };
  const queue = (config: TrainConfig) =>
    startRun(starter, { preset: null, config, datasetId: dataset.id }).id;
  return { store, supervisor, starter, queue };
}

/** Adam with cosine decay and dropout, in batches of 8: long enough (20 epochs) that a stop
 * sent after the first one lands mid-run even when a loaded machine delays it by seconds. */
const LONG = smallConfig({
  batchSize: 8,
  epochs: 20,
  schedule: { type: 'cosine', minFactor: 0.05 },
  dropout: 0.1,
});

/** Stops `id` once its first epoch is saved: cancelled, or interrupted by a shutdown. */
async function stopAfterFirstEpoch(
  s: ReturnType<typeof setup>,
  id: number,
  how: 'cancel' | 'close',
) {
  await nextEvent(s.supervisor, 'epoch', id);
  const ended = nextEvent(s.supervisor, 'ended', id);
  if (how === 'cancel') s.supervisor.cancel(id);
  else await s.supervisor.shutdown();
  await ended;
  await s.supervisor.idle();
}

const withoutTimes = ({ seconds: _s, samplesPerSecond: _r, ...rest }: EpochRow) => rest;

describe('a cancelled run', () => {
  it('is tested with its best checkpoint, and its cancel is in its history', async () => {
    const s = setup('cancel');
    const id = s.queue(LONG);
    await stopAfterFirstEpoch(s, id, 'cancel');
    const run = s.store.getRun(id);
    expect(run.status).toBe('cancelled');
    expect(run.error).toBeNull();
    expect(run.testAccuracy).toBeGreaterThan(0.3);
    expect(
      s.store
        .getConfusion(id)
        ?.flat()
        .reduce((a, b) => a + b, 0),
    ).toBe(150);
    expect(s.store.getRunEvents(id).map((e) => e.kind)).toEqual(['cancelled']);
  }, 60_000);
});

describe('closing Backprop Lab while a run trains', () => {
  it('interrupts the run and says so in words', async () => {
    const s = setup('close');
    const id = s.queue(LONG);
    await stopAfterFirstEpoch(s, id, 'close');
    const run = s.store.getRun(id);
    expect(run.status).toBe('interrupted');
    expect(run.error).toBe(CLOSED_WHILE_TRAINING);
    expect(s.store.getRunEvents(id)).toEqual([]);
  }, 60_000);
});

describe('resuming a stopped run', () => {
  it.each(['cancel', 'close'] as const)(
    'after a %s, it ends with the epochs and test result of a run that never stopped',
    async (how) => {
      const s = setup(`resume-${how}`);
      const whole = s.queue(LONG);
      await nextEvent(s.supervisor, 'ended', whole);
      const stopped = s.queue(LONG);
      await stopAfterFirstEpoch(s, stopped, how);
      const savedEpochs = s.store.getRun(stopped).epochsDone;
      expect(savedEpochs).toBeGreaterThanOrEqual(1);
      expect(savedEpochs).toBeLessThan(LONG.epochs);

      const supervisor = new Supervisor(s.store, forkSpawner(), s.starter.owner);
      resumeRun({ ...s.starter, supervisor }, stopped);
      expect(s.store.getRun(stopped).status).toBe('queued');
      const ended = await nextEvent(supervisor, 'ended', stopped);
      await supervisor.idle();

      expect(ended.status).toBe('completed');
      const a = s.store.getRun(whole);
      const b = s.store.getRun(stopped);
      expect(b.status).toBe('completed');
      expect(b.error).toBeNull();
      expect(s.store.getEpochs(stopped).map(withoutTimes)).toEqual(
        s.store.getEpochs(whole).map(withoutTimes),
      );
      expect([b.testLoss, b.testAccuracy]).toEqual([a.testLoss, a.testAccuracy]);
      expect(s.store.getModel(stopped, 'final')?.weights).toEqual(
        s.store.getModel(whole, 'final')?.weights,
      );
      // It keeps the weights it first started from, and its path is whole.
      expect(s.store.getModel(stopped, 'initial')?.weights).toEqual(
        s.store.getModel(whole, 'initial')?.weights,
      );
      expect(s.store.getTrajectory(stopped)).toEqual(s.store.getTrajectory(whole));
      const history = s.store.getRunEvents(stopped);
      expect(history.at(-1)).toMatchObject({ kind: 'continued', epoch: savedEpochs });
    },
    120_000,
  );

  it('refuses a run that completed', async () => {
    const s = setup('refuse');
    const done = s.queue(smallConfig({ epochs: 1 }));
    await nextEvent(s.supervisor, 'ended', done);
    await s.supervisor.idle();
    expect(() => resumeRun(s.starter, done)).toThrow(
      new StoreError(`run ${done} cannot be resumed: it completed`),
    );
  }, 60_000);

  it('starts a run stopped before its first checkpoint from the beginning', async () => {
    const s = setup('no-checkpoint');
    const first = s.queue(smallConfig({ epochs: 1 }));
    const early = s.queue(smallConfig({ epochs: 1 }));
    s.supervisor.cancel(early); // still queued behind the first
    await s.supervisor.idle();
    expect(s.store.getRun(early)).toMatchObject({ status: 'cancelled', epochsDone: 0 });
    resumeRun(s.starter, early);
    await nextEvent(s.supervisor, 'ended', early);
    await s.supervisor.idle();
    expect(s.store.getRun(early).status).toBe('completed');
    expect(s.store.getEpochs(early).map(withoutTimes)).toEqual(
      s.store.getEpochs(first).map(withoutTimes),
    );
    expect(s.store.getRunEvents(early).map((e) => e.kind)).toEqual(['cancelled', 'continued']);
  }, 60_000);
});
