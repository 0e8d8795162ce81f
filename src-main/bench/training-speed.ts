// Training speed of the core on MNIST, measured the way the numpy and PyTorch references measure
// their own (bench/reference_harness.py): mini-batch samples/s after a warm-up, full-batch
// iterations/s; on the backend a training process would choose for the same config
// (worker/training-backend.ts). Each also says what share of the measured time was spent outside
// the matrix products (product-time.ts), in the same run.

import type { TrainConfig } from '../../src-core/config.ts';
import type { Dataset } from '../../src-core/data/dataset.ts';
import { splitDataset } from '../../src-core/data/split.ts';
import { PRESETS } from '../../src-core/presets.ts';
import { shapeOf } from '../../src-core/estimate.ts';
import { Trainer } from '../../src-core/train.ts';
import type { BackendChoice } from '../../src-core/wasm/choose.ts';
import { chooseTrainingBackend } from '../worker/training-backend.ts';
import { timeProducts, type ProductTimer } from './product-time.ts';

export interface TrainingSpeed {
  /** samples/s (mini-batch) or iterations/s (full batch) */
  readonly rate: number;
  /** The share (0–1) of the measured time spent outside the matrix products. */
  readonly outsideProducts: number;
  /** The backend it ran on, as a run stores it, e.g. "wasm-simd, 1 thread". */
  readonly backend: string;
}

/** `use` of the backend a training process would choose for `config`, stopped afterwards (a
 * helper thread would keep the bench alive). */
export async function onChosenBackend<T>(
  config: TrainConfig,
  dataset: Dataset,
  use: (choice: BackendChoice) => T,
): Promise<T> {
  const choice = await chooseTrainingBackend(config, shapeOf(dataset));
  try {
    return use(choice);
  } finally {
    if ('close' in choice.backend && typeof choice.backend.close === 'function')
      choice.backend.close();
  }
}

/** Runs `measure` on a trainer for `config`, on the chosen backend with its products timed. */
function withTrainer(
  config: TrainConfig,
  dataset: Dataset,
  measure: (trainer: Trainer, timer: ProductTimer) => Omit<TrainingSpeed, 'backend'>,
): Promise<TrainingSpeed> {
  return onChosenBackend(config, dataset, (choice) => {
    const timer = timeProducts(choice.backend);
    const splits = splitDataset(dataset, config.validation, config.testFraction, config.seed);
    return { ...measure(new Trainer(config, splits, timer.backend), timer), backend: choice.label };
  });
}

/** Batch-64 Adam on layers like [784, 128, 64, 10]: samples/s over `seconds` after a warm-up. */
export async function miniBatchSpeed(
  dataset: Dataset,
  sizes: number[],
  seconds: number,
  warmup = 1,
): Promise<TrainingSpeed> {
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
  return withTrainer(config, dataset, (trainer, timer) => {
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
        timer.reset();
      }
    }
    const ms = performance.now() - warmAt;
    return {
      rate: (samples - warmSamples) / (ms / 1000),
      outsideProducts: 1 - timer.productMs() / ms,
    };
  });
}

/** The article preset's full-batch gradient descent over 59,000 images: iterations/s, after
 * one iteration of warm-up. The share outside the products counts each iteration whole, its
 * validation pass too. */
export async function fullBatchSpeed(dataset: Dataset, iterations: number): Promise<TrainingSpeed> {
  const config: TrainConfig = { ...PRESETS.article, epochs: iterations + 1 };
  return withTrainer(config, dataset, (trainer, timer) => {
    let trainSeconds = 0;
    let seconds = 0;
    for (const e of trainer.run()) {
      if (e.type !== 'epoch') continue;
      if (e.epoch === 1) timer.reset();
      else {
        trainSeconds += trainer.splits.train.indices.length / e.samplesPerSecond;
        seconds += e.seconds;
      }
    }
    return {
      rate: iterations / trainSeconds,
      outsideProducts: 1 - timer.productMs() / (seconds * 1000),
    };
  });
}
