// A learner's controls over a run: pause before a batch, step one batch per pull, resume, change
// the learning rate. On the same small MNIST slice as train.test.ts.

import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, validateConfig, type TrainConfig } from '../../src-core/config.ts';
import type { Dataset } from '../../src-core/data/dataset.ts';
import { splitDataset } from '../../src-core/data/split.ts';
import type { EpochEvent, PausedEvent, TrainEvent } from '../../src-core/events.ts';
import { PRESETS } from '../../src-core/presets.ts';
import { Trainer, type TrainOptions } from '../../src-core/train.ts';
import { firstBitDifference } from '../fixtures/core/arrays.ts';
import { mnistSubset, SUBSET_TRAIN } from '../fixtures/core/mnist.ts';

const VALIDATION = 200;
const BATCHES = Math.ceil((SUBSET_TRAIN - VALIDATION) / 32);

/** 784-16-10, Adam, batches of 32, 2 epochs. */
const CONFIG: TrainConfig = validateConfig({
  ...PRESETS.quick,
  layers: [16],
  activations: ['relu'],
  learningRate: 0.005,
  batchSize: 32,
  epochs: 2,
  schedule: { type: 'constant' },
  validation: VALIDATION,
});

let subset: Dataset;
beforeAll(() => {
  subset = mnistSubset();
});

function trainer(config: TrainConfig = CONFIG): Trainer {
  return new Trainer(
    config,
    splitDataset(subset, config.validation, config.testFraction, config.seed),
  );
}

/** No progress events: each pull then ends at a pause, an epoch, or the end. */
const QUIET: TrainOptions = { progressIntervalMs: Infinity };

function pull(run: Generator<TrainEvent, void>): TrainEvent {
  const next = run.next();
  if (next.done === true) throw new Error('the run ended early');
  return next.value;
}

function pulledPause(run: Generator<TrainEvent, void>): PausedEvent {
  const e = pull(run);
  expect(e.type).toBe('paused');
  return e as PausedEvent;
}

const epochsOf = (list: TrainEvent[]) => list.filter((e): e is EpochEvent => e.type === 'epoch');
/** An epoch event without its timings, which depend on the machine. */
const metrics = ({ seconds: _s, samplesPerSecond: _r, ...rest }: EpochEvent) => rest;

describe('pausing', () => {
  it('yields paused before the next batch, with the epoch so far', () => {
    const t = trainer();
    let asked = 0;
    const run = t.run({ ...QUIET, pauseRequested: () => ++asked > 5, now: () => 0 });
    expect(pull(run).type).toBe('start');
    const before = Float32Array.from(t.network.params);
    const p = pulledPause(run);
    expect(p).toMatchObject({
      epoch: 1,
      epochs: 2,
      batch: 5,
      batches: BATCHES,
      learningRate: 0.005,
      elapsedSeconds: 0,
    });
    expect(p.loss).toBeGreaterThan(0);
    expect(p.accuracy).toBeGreaterThanOrEqual(0);
    expect(p.lastBatchLoss).toBeGreaterThan(0);
    expect(asked).toBe(6); // asked before each of the five batches, and before the sixth
    expect(firstBitDifference(t.network.params, before)).not.toBe(-1);
  });

  it('before the first batch has no averages and no last batch yet', () => {
    const run = trainer().run({ ...QUIET, pauseRequested: () => true });
    pull(run);
    expect(pulledPause(run)).toMatchObject({
      epoch: 1,
      batch: 0,
      loss: null,
      accuracy: null,
      lastBatchLoss: null,
    });
  });

  it('steps one batch per pull while the pause lasts', () => {
    const t = trainer();
    const run = t.run({ ...QUIET, pauseRequested: () => true });
    pull(run);
    let p = pulledPause(run);
    for (let step = 1; step <= 4; step++) {
      const before = Float32Array.from(t.network.params);
      const next = pulledPause(run);
      expect(next.batch).toBe(p.batch + 1);
      expect(next.lastBatchLoss).not.toBe(p.lastBatchLoss);
      expect(firstBitDifference(t.network.params, before)).not.toBe(-1);
      if (step === 1) expect(next.loss).toBe(next.lastBatchLoss); // one batch: average = itself
      p = next;
    }
    expect(p.batch).toBe(4);
  });

  it('steps across the end of an epoch: the epoch event comes between two pauses', () => {
    const run = trainer().run({ ...QUIET, pauseRequested: () => true });
    pull(run);
    for (let b = 0; b < BATCHES; b++) expect(pulledPause(run).batch).toBe(b);
    expect(pull(run)).toMatchObject({ type: 'epoch', epoch: 1 });
    expect(pulledPause(run)).toMatchObject({ epoch: 2, batch: 0, loss: null });
  });

  it('resumes to the end when the pause is lifted', () => {
    let paused = true;
    const run = trainer().run({ ...QUIET, pauseRequested: () => paused });
    pull(run);
    pulledPause(run);
    pulledPause(run);
    paused = false;
    const rest = [...run];
    expect(rest.map((e) => e.type)).toEqual(['epoch', 'epoch', 'done']);
  });

  it('stops with cancelled when asked to stop while paused', () => {
    let stop = false;
    const run = trainer().run({ ...QUIET, pauseRequested: () => true, shouldStop: () => stop });
    pull(run);
    pulledPause(run);
    pulledPause(run);
    stop = true;
    expect([...run]).toEqual([{ type: 'cancelled', epoch: 1, batch: 1 }]);
  });

  it('does not change the math: a paused, stepped and resumed run ends bit-identical', () => {
    const plain = trainer();
    const plainEvents = [...plain.run()];

    const paused = trainer();
    // Pause around batch 10 of epoch 1 for 3 steps, then across the epoch boundary.
    let asked = 0;
    const pauseAt = (n: number) => (n >= 10 && n < 14) || (n >= BATCHES - 1 && n < BATCHES + 2);
    const list: TrainEvent[] = [];
    for (const e of paused.run({ pauseRequested: () => pauseAt(++asked) })) list.push(e);

    expect(list.filter((e) => e.type === 'paused')).toHaveLength(7);
    expect(firstBitDifference(paused.network.params, plain.network.params)).toBe(-1);
    expect(epochsOf(list).map(metrics)).toEqual(epochsOf(plainEvents).map(metrics));
    const done = list.at(-1);
    const plainDone = plainEvents.at(-1);
    expect(done?.type === 'done' && plainDone?.type === 'done').toBe(true);
    if (done?.type === 'done' && plainDone?.type === 'done')
      expect(done.confusion).toEqual(plainDone.confusion);
  });
});

describe('time spent paused', () => {
  /** A clock that moves only when told: 1 ms per batch (pauseRequested is asked once before
   * each), and a long wait while the loop is paused. */
  function timedRun(pauseAtBatches: readonly number[]): TrainEvent[] {
    let t = 0;
    let asked = 0;
    const run = trainer().run({
      ...QUIET,
      now: () => t,
      pauseRequested: () => {
        t += 1;
        return pauseAtBatches.includes(++asked);
      },
    });
    const list: TrainEvent[] = [];
    for (const e of run) {
      list.push(e);
      if (e.type === 'paused') t += 1_000_000; // the learner looks for a quarter of an hour
    }
    return list;
  }

  it('counts in neither epoch seconds, samples/s nor the training time', () => {
    const plain = timedRun([]);
    const paused = timedRun([3, 4, 5, BATCHES + 7]);
    const pauses = paused.filter((e): e is PausedEvent => e.type === 'paused');
    expect(pauses).toHaveLength(4);
    expect(pauses.map((p) => p.elapsedSeconds)).toEqual([
      0.003,
      0.004,
      0.005,
      (BATCHES + 7) / 1000,
    ]);
    const timings = (list: TrainEvent[]) =>
      list.flatMap((e) =>
        e.type === 'epoch'
          ? [e.seconds, e.samplesPerSecond]
          : e.type === 'done'
            ? [e.trainSeconds, e.samplesPerSecond]
            : [],
      );
    expect(timings(paused)).toEqual(timings(plain));
    expect(epochsOf(paused).map((e) => e.seconds)).toEqual([BATCHES / 1000, BATCHES / 1000]);
  });
});

describe('setLearningRate', () => {
  it('overrides the schedule from the next batch on, and epochs report the rate in force', () => {
    const cosine: TrainConfig = {
      ...CONFIG,
      epochs: 3,
      schedule: { type: 'cosine', minFactor: 0.1 },
    };
    const plain = trainer(cosine);
    const plainEvents = [...plain.run(QUIET)];
    expect(epochsOf(plainEvents)[1].learningRate).toBeCloseTo(0.005 * 0.55, 12);

    const t = trainer(cosine);
    let asked = 0;
    const run = t.run({ ...QUIET, pauseRequested: () => ++asked === 20 });
    pull(run);
    expect(pulledPause(run).learningRate).toBe(0.005);
    t.setLearningRate(0.02);
    const rest = [...run];
    expect(epochsOf(rest).map((e) => e.learningRate)).toEqual([0.02, 0.02, 0.02]);
    expect(firstBitDifference(t.network.params, plain.network.params)).not.toBe(-1);
  });

  it('is reported by the next pause, and the epochs before the change keep their rate', () => {
    const t = trainer();
    let asked = 0;
    const run = t.run({ ...QUIET, pauseRequested: () => ++asked > BATCHES });
    pull(run);
    expect(pull(run)).toMatchObject({ type: 'epoch', epoch: 1, learningRate: 0.005 });
    expect(pulledPause(run)).toMatchObject({ epoch: 2, batch: 0, learningRate: 0.005 });
    t.setLearningRate(0.001);
    expect(pulledPause(run)).toMatchObject({ epoch: 2, batch: 1, learningRate: 0.001 });
  });

  it('refuses rates that are not above 0 and at most 100', () => {
    const t = trainer();
    for (const bad of [0, -0.1, 100.5, Number.NaN, Infinity])
      expect(() => t.setLearningRate(bad)).toThrow(ConfigError);
    expect(() => t.setLearningRate(0)).toThrow(
      'learningRate: must be a number above 0 to 100, got 0',
    );
    expect(() => t.setLearningRate(100)).not.toThrow();
  });
});
