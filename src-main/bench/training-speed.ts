// Training speed of the core on MNIST, measured the way the numpy reference measures its own
// (bench/numpy_reference.py): mini-batch samples/s after a warm-up, full-batch iterations/s; on
// the backend a training process would choose for the same config (worker/training-backend.ts).

import type { TrainConfig } from '../../src-core/config.ts';
import type { Dataset } from '../../src-core/data/dataset.ts';
import { splitDataset } from '../../src-core/data/split.ts';
import { PRESETS } from '../../src-core/presets.ts';
import { shapeOf } from '../../src-core/estimate.ts';
import { Trainer } from '../../src-core/train.ts';
import { chooseTrainingBackend } from '../worker/training-backend.ts';

async function trainerFor(config: TrainConfig, dataset: Dataset): Promise<Trainer> {
  const { backend } = await chooseTrainingBackend(config, shapeOf(dataset));
  return new Trainer(
    config,
    splitDataset(dataset, config.validation, config.testFraction, config.seed),
    backend,
  );
}

/** Batch-64 Adam on layers like [784, 128, 64, 10]: samples/s over `seconds` after a warm-up. */
export async function miniBatchSpeed(
  dataset: Dataset,
  sizes: number[],
  seconds: number,
  warmup = 1,
): Promise<number> {
  const hidden = sizes.slice(1, -1);
  const config: TrainConfig = {
    ...PRESETS.quick,
    layers: hidden,
    activations: hidden.map(() => 'relu'),
    learningRate: 0.001,
    schedule: { type: 'constant' },
    batchSize: 64,
    epochs: 1000,
  };
  const trainer = await trainerFor(config, dataset);
  const started = performance.now();
  let warmAt = 0;
  let warmSamples = 0;
  let samples = 0;
  let perEpoch = 0;
  for (const e of trainer.run({
    progressIntervalMs: 50,
    shouldStop: () => performance.now() - started > (warmup + seconds) * 1000,
  })) {
    if (e.type === 'start') perEpoch = e.trainCount;
    if (e.type !== 'progress') continue;
    samples = (e.epoch - 1) * perEpoch + e.batch * 64;
    if (warmAt === 0 && performance.now() - started >= warmup * 1000) {
      warmAt = performance.now();
      warmSamples = samples;
    }
  }
  return (samples - warmSamples) / ((performance.now() - warmAt) / 1000);
}

/** The article preset's full-batch gradient descent over 59,000 images: iterations/s. */
export async function fullBatchSpeed(dataset: Dataset, iterations: number): Promise<number> {
  const config: TrainConfig = { ...PRESETS.article, epochs: iterations + 1 };
  const trainer = await trainerFor(config, dataset);
  let seconds = 0;
  for (const e of trainer.run())
    if (e.type === 'epoch' && e.epoch > 1)
      seconds += splitsTrainCount(trainer) / e.samplesPerSecond;
  return iterations / seconds;
}

function splitsTrainCount(trainer: Trainer): number {
  return trainer.splits.train.indices.length;
}
