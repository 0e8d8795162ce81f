// A run that blows up without ever reaching NaN, and a run that ends where a guess would: both on
// a tiny synthetic dataset (two clusters of 4×4 images), so each run takes milliseconds.

import { describe, expect, it } from 'vitest';
import { validateConfig, type TrainConfig } from '../../src-core/config.ts';
import type { Dataset, ImageSet } from '../../src-core/data/dataset.ts';
import { splitDataset } from '../../src-core/data/split.ts';
import {
  atChance,
  CHANCE_MARGIN,
  EXPLOSION_FACTOR,
  guessingLoss,
  lossBlewUp,
  readDivergence,
} from '../../src-core/divergence.ts';
import { DivergedError, type TrainEvent } from '../../src-core/events.ts';
import { loss } from '../../src-core/losses.ts';
import { PRESETS } from '../../src-core/presets.ts';
import { Rng } from '../../src-core/rng.ts';
import { Trainer } from '../../src-core/train.ts';

const SIDE = 4;

/** `count` images of SIDE×SIDE: digit 0 lights the top half, digit 1 the bottom half, with noise. */
function clusters(count: number, seed: number): ImageSet {
  const rng = new Rng(seed);
  const pixels = SIDE * SIDE;
  const images = new Uint8Array(count * pixels);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % 2;
    labels[i] = label;
    for (let p = 0; p < pixels; p++) {
      const lit = p < pixels / 2 === (label === 0);
      images[i * pixels + p] = Math.floor((lit ? 155 : 0) + rng.uniform() * 100);
    }
  }
  return { images, labels, count, rows: SIDE, cols: SIDE };
}

const DATA: Dataset = { name: 'clusters', train: clusters(400, 1), test: clusters(100, 2) };

const BASE: TrainConfig = validateConfig({
  ...PRESETS.quick,
  layers: [8],
  activations: ['relu'],
  optimizer: 'sgd',
  learningRate: 0.1,
  batchSize: 20,
  epochs: 3,
  schedule: { type: 'constant' },
  validation: 50,
});

function run(config: TrainConfig): { events: TrainEvent[]; error: unknown } {
  const t = new Trainer(
    config,
    splitDataset(DATA, config.validation, config.testFraction, config.seed),
  );
  const events: TrainEvent[] = [];
  try {
    for (const e of t.run()) events.push(e);
  } catch (error) {
    return { events, error };
  }
  return { events, error: null };
}

describe('the loss of a guessing network', () => {
  it('is ln(classes) for cross-entropy', () => {
    expect(guessingLoss('cross-entropy', 10)).toBeCloseTo(Math.log(10), 12);
  });

  it('is what the squared-error loss gives a uniform softmax: (K−1)/K', () => {
    const z = new Float32Array(10); // equal logits → softmax 1/10 each
    const measured = loss('mse').compute(
      z,
      new Uint8Array([3]),
      new Float32Array(10),
      null,
      1,
      10,
      1,
    );
    expect(guessingLoss('mse', 10)).toBeCloseTo(measured, 6);
    expect(guessingLoss('mse', 10)).toBeCloseTo(0.9, 12);
  });
});

describe('a loss that explodes without becoming NaN', () => {
  // Full-batch descent at the largest rate with the largest L2 (the case): every step
  // overshoots, the weights and logits grow ~100× an epoch (measured: 2.1, 140, 2.8e4, … 1.8e18),
  // the loss stays finite and, unchecked, the run "completes" at 0% with a test loss of 2.6e20.
  const exploding = validateConfig({
    ...BASE,
    activations: ['sigmoid'],
    optimizer: 'gd',
    batchSize: 'full',
    learningRate: 100,
    l2: 1,
    epochs: 20,
  });

  it('stops the run as diverged, naming epoch, batch, the limit and what to try', () => {
    const { events, error } = run(exploding);
    expect(error).toBeInstanceOf(DivergedError);
    const d = error as DivergedError;
    expect(d.epoch).toBeGreaterThanOrEqual(1);
    expect(d.batch).toBe(1); // one batch per epoch at full batch
    expect(d.message).toContain(`epoch ${d.epoch}, batch ${d.batch}`);
    expect(d.message).toContain(`${EXPLOSION_FACTOR}×`);
    expect(d.message).toContain('try a smaller learning rate, e.g. 10× smaller: 10');
    expect(events.some((e) => e.type === 'done')).toBe(false);
  });

  it('a sane rate on the same data trains to the end, well above chance', () => {
    const { events, error } = run(BASE);
    expect(error).toBeNull();
    const done = events.at(-1);
    expect(done?.type).toBe('done');
    if (done?.type !== 'done') return;
    expect(done.testAccuracy).toBeGreaterThan(0.9);
    expect(atChance(done.testAccuracy, 2)).toBe(false);
  });
});

describe('atChance', () => {
  it(`is true within ${CHANCE_MARGIN * 100} points of 1/classes, or below it`, () => {
    expect(atChance(0.1, 10)).toBe(true);
    expect(atChance(0.024, 10)).toBe(true); // the collapsed run
    expect(atChance(0.119, 10)).toBe(true);
    expect(atChance(0.121, 10)).toBe(false);
    expect(atChance(0.98, 10)).toBe(false);
    expect(atChance(0.5, 2)).toBe(true);
    expect(atChance(0.6, 2)).toBe(false);
  });
});

describe('DivergedError', () => {
  it('for a loss that is not a number, says so and suggests a rate 10× smaller', () => {
    const e = new DivergedError(3, 17, Infinity, 0.5);
    expect(e).toMatchObject({ epoch: 3, batch: 17, name: 'DivergedError' });
    expect(e.message).toBe(
      'diverged: the loss became Infinity at epoch 3, batch 17; ' +
        'try a smaller learning rate, e.g. 10× smaller: 0.05',
    );
  });
});

describe("readDivergence: a saved run's error read back", () => {
  it('finds the loss, epoch and batch in what DivergedError said', () => {
    const exploded = new DivergedError(2, 5, 1.9e8, 100, 230);
    expect(readDivergence(exploded.message)).toEqual({ loss: 1.9e8, epoch: 2, batch: 5 });
    const nan = new DivergedError(3, 17, Number.NaN, 0.5);
    expect(readDivergence(nan.message)).toEqual({ loss: Number.NaN, epoch: 3, batch: 17 });
    const inf = new DivergedError(1, 1, Infinity, 0.5);
    expect(readDivergence(inf.message)).toEqual({ loss: Infinity, epoch: 1, batch: 1 });
  });

  it('is null for any other error, or none', () => {
    expect(readDivergence(null)).toBeNull();
    expect(readDivergence('could not start the training process: spawn ENOENT')).toBeNull();
    expect(readDivergence('interrupted: process 1518 ended without finishing this run')).toBeNull();
  });
});

describe('lossBlewUp', () => {
  it(`is true past ${EXPLOSION_FACTOR}× the guessing cross-entropy, or for NaN and infinity`, () => {
    expect(lossBlewUp(1.9e8, 10)).toBe(true);
    expect(lossBlewUp(Number.NaN, 10)).toBe(true);
    expect(lossBlewUp(Infinity, 10)).toBe(true);
    expect(lossBlewUp(EXPLOSION_FACTOR * Math.log(10) + 1, 10)).toBe(true);
    expect(lossBlewUp(2.3, 10)).toBe(false); // a guess
    expect(lossBlewUp(2, 10)).toBe(false); // the most a summed squared error can be
  });
});
