// Resuming a run from a checkpoint: a run stopped after an epoch and continued from the state
// saved with that epoch's checkpoint must go on exactly as if it had never stopped, bit for bit.
// Training on 2,600 MNIST images (200 validate) and testing on 1,000, a fraction of a second each.

import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_AUGMENTATION } from '../../src-core/augment.ts';
import { validateConfig, type TrainConfig } from '../../src-core/config.ts';
import type { Dataset } from '../../src-core/data/dataset.ts';
import { splitDataset } from '../../src-core/data/split.ts';
import type { DoneEvent, EpochEvent, TrainEvent } from '../../src-core/events.ts';
import { PRESETS } from '../../src-core/presets.ts';
import { Trainer } from '../../src-core/train.ts';
import { decodeTrainState, encodeTrainState, type TrainState } from '../../src-core/train-state.ts';
import { firstBitDifference } from '../fixtures/core/arrays.ts';
import { mnistSubset } from '../fixtures/core/mnist.ts';

let subset: Dataset;
beforeAll(() => {
  subset = mnistSubset();
});

const trainer = (config: TrainConfig, resume?: TrainState) =>
  new Trainer(
    config,
    splitDataset(subset, config.validation, config.testFraction, config.seed),
    undefined,
    resume,
  );

/** An epoch or the end without timings, which depend on the machine. */
function metrics(e: TrainEvent): unknown {
  if (e.type === 'epoch') {
    const { seconds: _s, samplesPerSecond: _r, ...rest } = e as EpochEvent;
    return rest;
  }
  const { trainSeconds: _s, samplesPerSecond: _r, ...rest } = e as DoneEvent;
  return rest;
}

const results = (list: TrainEvent[]) =>
  list.filter((e) => e.type === 'epoch' || e.type === 'done').map(metrics);

/** Runs `config` through `stopAfter` epochs, takes the state its checkpoint saves, encodes and
 * decodes it (as it goes to the database and back), and goes on in a new trainer. */
function interrupted(config: TrainConfig, stopAfter: number, clock?: () => () => number) {
  const first = trainer(config);
  const before: TrainEvent[] = [];
  let state: Uint8Array | null = null;
  for (const e of first.run({ now: clock?.() })) {
    before.push(e);
    if (e.type === 'epoch' && e.epoch === stopAfter) {
      state = encodeTrainState(first.checkpoint());
      break; // the process ends here: nothing after the checkpoint survives
    }
  }
  const second = trainer(config, decodeTrainState(state as Uint8Array));
  const after = [...second.run({ now: clock?.() })];
  return { before, after, params: second.network.params };
}

describe.each<[string, TrainConfig]>([
  [
    'Adam with cosine decay, dropout and augmentation (784-32-10, batches of 64, 4 epochs)',
    validateConfig({
      ...PRESETS.quick,
      layers: [32],
      activations: ['relu'],
      batchSize: 64,
      epochs: 4,
      schedule: { type: 'cosine', minFactor: 0.05 },
      dropout: 0.2,
      augmentation: { ...DEFAULT_AUGMENTATION, elastic: false },
      validation: 200,
    }),
  ],
  [
    'the Article preset (full batch, 4 epochs)',
    validateConfig({ ...PRESETS.article, epochs: 4, validation: 200 }),
  ],
])('a run resumed after epoch 2: %s', (_name, config) => {
  it('has the same later epochs, test result and weights as the run that never stopped', () => {
    const whole = trainer(config);
    const uninterrupted = [...whole.run()];
    const { before, after, params } = interrupted(config, 2);

    expect(results(before)).toEqual(results(uninterrupted).slice(0, 2));
    expect(after.filter((e) => e.type === 'epoch').map((e) => e.epoch)).toEqual([3, 4]);
    expect(results(after)).toEqual(results(uninterrupted).slice(2));
    expect(firstBitDifference(params, whole.network.params)).toBe(-1);
  });

  it('counts the training time of the epochs before the stop', () => {
    // A clock moving 10 ms per read gives both runs the same time per epoch.
    const clock = () => {
      let t = 0;
      return () => (t += 10);
    };
    const whole = [...trainer(config).run({ now: clock() })].at(-1) as DoneEvent;
    const { after } = interrupted(config, 2, clock);
    expect((after.at(-1) as DoneEvent).trainSeconds).toBe(whole.trainSeconds);
  });
});

describe('a saved training state', () => {
  it('is refused when it does not fit the run (another network)', () => {
    const config = validateConfig({ ...PRESETS.article, epochs: 2, validation: 200 });
    const t = trainer(config);
    for (const e of t.run()) if (e.type === 'epoch') break;
    const state = decodeTrainState(encodeTrainState(t.checkpoint()));
    expect(() => trainer({ ...config, layers: [8, 4] }, state)).toThrow(
      /saved training state holds \d+ weights, the network has \d+/,
    );
  });

  it('is refused when the bytes are not a training state', () => {
    expect(() => decodeTrainState(new Uint8Array([1, 2, 3]))).toThrow(/not a saved training state/);
  });
});
