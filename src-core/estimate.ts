// What a run will need before it starts: bytes of memory in the training process and bytes of
// disk per checkpoint, from its config and its dataset's shape alone; and the check that a config
// fits its dataset and the caps in limits.ts. The handler (so the CLI), the worker and the New run
// form all ask here, so a run is refused with the same message wherever it is started.

import { refuseProblems, type TrainConfig } from './config.ts';
import type { Dataset } from './data/dataset.ts';
import { CLASSES, LIMITS, parameterProblem } from './limits.ts';
import { parameterCount } from './network.ts';
import { bufferRows } from './train.ts';
import { architectureOf } from './architecture.ts';
import type { SettingProblem } from './settings.ts';
import { COPY_BYTES_PER_PIXEL } from './wasm/backend.ts';

/** What checkAgainstDataset and estimateRun need to know of a dataset (a stored dataset row has it). */
export interface DatasetShape {
  readonly rows: number;
  readonly cols: number;
  readonly trainCount: number;
  /** 0 when the data has no test part: the run then holds out testFraction of the training part. */
  readonly testCount: number;
}

export interface RunEstimate {
  readonly parameters: number;
  /** Bytes of memory in the training process. */
  readonly ram: {
    readonly weights: number;
    readonly gradients: number;
    /** Adam's two moments, momentum's velocity, nothing for plain gradient descent. */
    readonly optimizer: number;
    /** Each layer's outputs, activations and their gradients, for the rows a pass holds. */
    readonly activations: number;
    /** One batch (or chunk) of images as floats, its probabilities and output gradients. */
    readonly batch: number;
    /** The images and labels as bytes, and the WebAssembly kernels' own copy of the images,
     * which they gather batches from: at most COPY_BYTES_PER_PIXEL (wasm/backend.ts). */
    readonly dataset: number;
    /** The copy of the weights sent with each epoch's checkpoint. */
    readonly checkpoint: number;
    readonly total: number;
  };
  readonly disk: {
    /** One saved copy of the weights (float32). */
    readonly perCheckpoint: number;
    /** A checkpoint and the epoch's row of metrics. */
    readonly perEpoch: number;
  };
}

const FLOAT = 4;
/** An epoch's metrics row (losses, accuracies, timings, gradient norms) with the row overhead. */
const EPOCH_ROW_BYTES = 512;
const OPTIMIZER_STATES = { gd: 0, sgd: 0, momentum: 1, adam: 2 } as const;

/** How a dataset splits for `config`: images left to train on, and the largest evaluated part. */
function parts(config: TrainConfig, shape: DatasetShape) {
  const heldOut = shape.testCount === 0 ? Math.round(shape.trainCount * config.testFraction) : 0;
  const train = shape.trainCount - heldOut - config.validation;
  return { heldOut, train, largestPart: Math.max(config.validation, shape.testCount, heldOut, 1) };
}

export function estimateRun(config: TrainConfig, shape: DatasetShape): RunEstimate {
  const pixels = shape.rows * shape.cols;
  const sizes = architectureOf(config, shape);
  const p = parameterCount(sizes);
  const { train, largestPart } = parts(config, shape);
  const trainCount = Math.max(train, 1);
  const batchSize =
    config.batchSize === 'full' ? trainCount : Math.min(config.batchSize, trainCount);
  const rows = bufferRows(batchSize, largestPart);
  const hiddenUnits = config.layers.reduce((a, b) => a + b, 0);
  const ram = {
    weights: FLOAT * p,
    gradients: FLOAT * p,
    optimizer: FLOAT * p * OPTIMIZER_STATES[config.optimizer],
    activations: FLOAT * rows * (3 * hiddenUnits + CLASSES),
    batch: rows * (FLOAT * (pixels + 2 * CLASSES) + 1),
    dataset: (shape.trainCount + shape.testCount) * ((1 + COPY_BYTES_PER_PIXEL) * pixels + 1),
    checkpoint: FLOAT * p,
  };
  const total = Object.values(ram).reduce((a, b) => a + b, 0);
  return {
    parameters: p,
    ram: { ...ram, total },
    disk: { perCheckpoint: FLOAT * p, perEpoch: FLOAT * p + EPOCH_ROW_BYTES },
  };
}

const thousands = (n: number): string => Math.round(n).toLocaleString('en-US');
const megabytes = (bytes: number): string => `${thousands(bytes / (1024 * 1024))} MB`;

/**
 * Every problem `config` (already through validateConfig) has on a dataset of `shape`, each
 * with the field to change and how, empty when it can run: the validation part leaves images to
 * train on, a batch holds no more than those, the parameters fit the cap at the real image size,
 * and the estimated memory fits LIMITS.runMemoryBytes. The form, the handler and the worker all
 * ask here. (The test fraction is checked by validateConfig alone: a dataset with its own test
 * part does not use it, see isUsedWith in settings.ts.)
 */
export function checkAgainstDataset(config: TrainConfig, shape: DatasetShape): SettingProblem[] {
  const problems: SettingProblem[] = [];
  const { heldOut, train } = parts(config, shape);
  const images =
    heldOut > 0
      ? `left after ${thousands(heldOut)} are held out for testing (test fraction ${config.testFraction})`
      : 'of this dataset';
  if (train < 1)
    problems.push({
      field: 'validation',
      message: `must be less than the ${thousands(shape.trainCount - heldOut)} training images ${images}`,
    });
  else if (config.batchSize !== 'full' && config.batchSize > train)
    problems.push({
      field: 'batchSize',
      message: `must be at most the ${thousands(train)} training images ${images} (or a full batch of them all)`,
    });
  const tooMany = parameterProblem(
    config.layers,
    shape.rows * shape.cols,
    `${shape.rows}×${shape.cols}`,
  );
  if (tooMany !== null) return [...problems, { field: 'layers', message: tooMany }];
  const { ram } = estimateRun(config, shape);
  if (ram.total > LIMITS.runMemoryBytes) {
    const largest = (Object.keys(ram) as (keyof typeof ram)[])
      .filter((k) => k !== 'total')
      .reduce((a, b) => (ram[a] >= ram[b] ? a : b));
    const data = largest === 'dataset' || largest === 'batch';
    problems.push({
      field: data ? 'dataset' : 'layers',
      message:
        `the run needs about ${megabytes(ram.total)} of memory, over the ` +
        `${megabytes(LIMITS.runMemoryBytes)} a run may use (most of it for ${largest}: ` +
        `${megabytes(ram[largest])}); ` +
        (data
          ? 'use a dataset with fewer or smaller images'
          : 'use fewer or smaller hidden layers'),
    });
  }
  return problems;
}

/** checkAgainstDataset for the handler and the worker: throws a ConfigError listing every
 * problem, named after the first; returns the config. */
export function requireFitsDataset(config: TrainConfig, shape: DatasetShape): TrainConfig {
  refuseProblems(checkAgainstDataset(config, shape));
  return config;
}

/** The counts of a loaded dataset, as checkAgainstDataset reads them. */
export function shapeOf(dataset: Dataset): DatasetShape {
  const { rows, cols, count } = dataset.train;
  return { rows, cols, trainCount: count, testCount: dataset.test?.count ?? 0 };
}
