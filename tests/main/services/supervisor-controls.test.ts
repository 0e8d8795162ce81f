// A learner's controls over a live run, through a real training process: pause, single steps,
// a new learning rate while paused, resume, cancel while paused; and the 'best' checkpoint.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TrainConfig } from '../../../src-core/config.ts';
import { datasetForRun, sourceOf } from '../../../src-main/services/datasets.ts';
import { forkSpawner, type Spawner } from '../../../src-main/services/spawner.ts';
import type { SupervisorEvent } from '../../../src-main/contract/events.ts';
import { Supervisor } from '../../../src-main/services/supervisor.ts';
import { currentOwner } from '../../../src-main/store/owner.ts';
import { Store } from '../../../src-main/store/store.ts';
import {
  nextEvent,
  nextEvents,
  recordingSpawner,
  smallConfig,
  smallCsv,
  tempDir,
} from './fixtures.ts';

let dir: string;
let csv: string;
const open: Store[] = [];

beforeAll(() => {
  dir = tempDir('bpl-controls-');
  csv = smallCsv(dir);
});

afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

function setup(name: string, spawner: Spawner = forkSpawner()) {
  const store = Store.open(join(dir, `${name}.sqlite`));
  open.push(store);
  const owner = currentOwner();
  const supervisor = new Supervisor(store, spawner, owner);
  const dataset = datasetForRun(store, csv);
  const queue = (config: TrainConfig) => {
    const run = store.createRun({ name: name, preset: null, config, datasetId: dataset.id, owner });
    supervisor.submit(run.id, sourceOf(dataset));
    return run.id;
  };
  return { store, supervisor, queue };
}

/** Every event of the run, as it comes. */
function record(supervisor: Supervisor, runId: number): SupervisorEvent[] {
  const seen: SupervisorEvent[] = [];
  supervisor.subscribe((e) => {
    if (e.runId === runId) seen.push(e);
  });
  return seen;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU time (user + system) a process has used, in clock ticks (Linux only). */
function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(')').at(-1)!.trim().split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

const withoutTime = <T extends { at: number }>({ at: _, ...rest }: T) => rest;

describe('learner controls on a live run', () => {
  it('pauses, steps batch by batch, changes the learning rate, resumes and completes', async () => {
    const { store, supervisor, queue } = setup('controls');
    // Paused as soon as it is submitted: the process pauses before the first batch.
    const id = queue(smallConfig({ epochs: 3, batchSize: 8, learningRate: 0.01 }));
    const all = record(supervisor, id);
    const first = nextEvent(supervisor, 'paused', id);
    expect(supervisor.pause(id)).toBe(true);
    const paused = await first;
    expect(paused).toMatchObject({
      runId: id,
      type: 'paused',
      epoch: 1,
      epochs: 3,
      batch: 0,
      batches: Math.ceil(1150 / 8),
      loss: null,
      accuracy: null,
      lastBatchLoss: null,
      learningRate: 0.01,
    });
    expect(supervisor.isPaused(id)).toBe(true);
    expect(store.getRun(id).status).toBe('running');
    expect(store.getRunEvents(id).map(withoutTime)).toEqual([
      { epoch: 1, batch: 0, kind: 'paused', value: null },
    ]);

    const steps = nextEvents(supervisor, 'paused', id, 2);
    expect(supervisor.step(id)).toBe(true);
    expect(supervisor.step(id)).toBe(true);
    const [one, two] = await steps;
    expect([one.batch, two.batch]).toEqual([1, 2]);
    expect(one.lastBatchLoss).toBeGreaterThan(0);
    expect(two.lastBatchLoss).not.toBe(one.lastBatchLoss);
    expect(one.loss).toBe(one.lastBatchLoss);
    // Still paused: nothing trains between steps.
    await sleep(200);
    expect(all.filter((e) => e.type === 'paused')).toHaveLength(3);
    expect(all.some((e) => e.type === 'progress' || e.type === 'epoch')).toBe(false);

    const changed = nextEvent(supervisor, 'learning-rate', id);
    expect(supervisor.setLearningRate(id, 0.002)).toBe(true);
    expect(await changed).toEqual({
      runId: id,
      type: 'learning-rate',
      learningRate: 0.002,
      epoch: 1,
      batch: 2,
    });

    const resumed = nextEvent(supervisor, 'resumed', id);
    const ended = nextEvent(supervisor, 'ended', id);
    expect(supervisor.resume(id)).toBe(true);
    // Paused until the process says it goes on: it alone keeps the pause.
    expect(await resumed).toEqual({ runId: id, type: 'resumed', epoch: 1, batch: 2 });
    expect(supervisor.isPaused(id)).toBe(false);
    expect(supervisor.setLearningRate(id, 0.5)).toBe(false); // only while paused
    expect((await ended).status).toBe('completed');
    await supervisor.idle();

    expect(store.getRunEvents(id).map(withoutTime)).toEqual([
      { epoch: 1, batch: 0, kind: 'paused', value: null },
      { epoch: 1, batch: 1, kind: 'step', value: null },
      { epoch: 1, batch: 2, kind: 'step', value: null },
      { epoch: 1, batch: 2, kind: 'learning-rate', value: 0.002 },
      { epoch: 1, batch: 2, kind: 'resumed', value: null },
    ]);
    const epochs = store.getEpochs(id);
    expect(epochs.map((e) => e.learningRate)).toEqual([0.002, 0.002, 0.002]);
    expect(store.getRun(id).status).toBe('completed');

    // The best checkpoint is the epoch with the highest validation accuracy (the first, on a tie).
    const accuracies = epochs.map((e) => e.validationAccuracy as number);
    const bestEpoch = accuracies.indexOf(Math.max(...accuracies)) + 1;
    const models = store.listModels(id);
    expect(models).toEqual([
      { kind: 'best', epoch: bestEpoch },
      { kind: 'final', epoch: 3 },
      // The weights it started from, for the loss landscape (epoch 0: before any training).
      { kind: 'initial', epoch: 0 },
      { kind: 'last', epoch: 3 },
    ]);
    expect(store.getModel(id, 'best')?.weights.length).toBe(store.getRun(id).parameters);
    expect(store.getModel(id)?.kind).toBe('final');
  });

  it('pauses a run mid-training without spinning, and cancels it while paused', async () => {
    const spawner = recordingSpawner();
    const { store, supervisor, queue } = setup('cancel-paused', spawner);
    const id = queue(smallConfig({ epochs: 200, batchSize: 8 }));
    await nextEvent(supervisor, 'epoch', id);
    // Running, not paused: a learner must pause before stepping or changing the rate.
    expect(supervisor.isPaused(id)).toBe(false);
    expect(supervisor.setLearningRate(id, 0.001)).toBe(false);
    expect(supervisor.step(id)).toBe(false);

    const first = nextEvent(supervisor, 'paused', id);
    expect(supervisor.pause(id)).toBe(true);
    expect(supervisor.isPaused(id)).toBe(false); // not until the process confirms
    const paused = await first;
    expect(paused.loss === null).toBe(paused.batch === 0);
    expect(supervisor.isPaused(id)).toBe(true);
    expect(supervisor.pause(id)).toBe(true); // pausing a paused run changes nothing

    const all = record(supervisor, id);
    const pid = spawner.started[0].pid as number;
    const linux = existsSync(`/proc/${pid}/stat`);
    const before = linux ? cpuTicks(pid) : 0;
    await sleep(500);
    if (linux) expect(cpuTicks(pid) - before).toBeLessThan(10); // under 0.1 s of CPU in 0.5 s
    expect(all).toEqual([]);

    const asked = Date.now();
    const ended = nextEvent(supervisor, 'ended', id);
    expect(supervisor.cancel(id)).toBe(true);
    expect((await ended).status).toBe('cancelled');
    expect(Date.now() - asked).toBeLessThan(5000);
    await supervisor.idle();
    expect(store.getRun(id).status).toBe('cancelled');
    expect(store.getRunEvents(id).map(withoutTime)).toEqual([
      { epoch: paused.epoch, batch: paused.batch, kind: 'paused', value: null },
      { epoch: paused.epoch, batch: paused.batch, kind: 'cancelled', value: null },
    ]);
    expect(supervisor.isPaused(id)).toBe(false);
    expect(supervisor.pause(id)).toBe(false);
    expect(supervisor.resume(id)).toBe(false);
  });

  it('refuses controls for runs it is not running, and rates out of range', async () => {
    const { supervisor, queue } = setup('refuse');
    expect(supervisor.pause(999)).toBe(false);
    expect(supervisor.resume(999)).toBe(false);
    expect(supervisor.step(999)).toBe(false);
    expect(supervisor.setLearningRate(999, 0.1)).toBe(false);
    expect(() => supervisor.setLearningRate(999, 0)).toThrow(
      'learningRate: must be a number above 0 to 100, got 0',
    );
    const id = queue(smallConfig({ epochs: 1 }));
    await supervisor.idle();
    expect(supervisor.pause(id)).toBe(false);
    expect(supervisor.isPaused(id)).toBe(false);
  });
});
