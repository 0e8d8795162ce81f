// The caps that keep one run from exhausting the machine, the estimate of what a run needs, and
// the check of a config against the dataset it will train on.

import { describe, expect, it } from 'vitest';
import { ConfigError, validateConfig, type TrainConfig } from '../../src-core/config.ts';
import {
  checkAgainstDataset,
  estimateRun,
  requireFitsDataset,
  type DatasetShape,
} from '../../src-core/estimate.ts';
import { LIMITS } from '../../src-core/limits.ts';
import { parameterCount } from '../../src-core/network.ts';
import { PRESET_NAMES, PRESETS } from '../../src-core/presets.ts';
import { isUsedWith, type SettingProblem } from '../../src-core/settings.ts';

const MNIST: DatasetShape = { rows: 28, cols: 28, trainCount: 60_000, testCount: 10_000 };
/** The blog's Kaggle CSV: 42,000 labelled images, no test part. */
const KAGGLE: DatasetShape = { rows: 28, cols: 28, trainCount: 42_000, testCount: 0 };

const MB = 1024 * 1024;

function errorOf(f: () => unknown): ConfigError {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  return expect.fail('accepted');
}

const wide = (layers: number[]): TrainConfig => ({
  ...PRESETS.best,
  layers,
  activations: layers.map(() => 'relu'),
});

describe('caps in validateConfig', () => {
  it('refuse the issue’s 4096 × 8 network (121M parameters), naming the field and what to lower', () => {
    const e = errorOf(() => validateConfig(wide(new Array(8).fill(4096))));
    expect(e.field).toBe('layers');
    expect(e.message).toContain('120,725,514 parameters');
    expect(e.message).toContain(LIMITS.parameters.toLocaleString('en-US'));
    expect(e.message).toMatch(/fewer or smaller hidden layers/);
  });

  it('allow the largest network under the cap, and the presets with a wide margin', () => {
    const largest = wide([4096, 1024, 512]);
    expect(parameterCount([784, ...largest.layers, 10])).toBeLessThanOrEqual(LIMITS.parameters);
    expect(() => validateConfig(largest)).not.toThrow();
    for (const name of PRESET_NAMES) {
      const p = PRESETS[name];
      expect(parameterCount([784, ...p.layers, 10]) * 10).toBeLessThan(LIMITS.parameters);
      expect(p.epochs * 10).toBeLessThanOrEqual(LIMITS.epochs);
    }
  });

  it.each<[string, Partial<TrainConfig>, string]>([
    ['too many epochs', { epochs: LIMITS.epochs + 1 }, 'epochs'],
    ['too large a batch', { batchSize: LIMITS.batchSize + 1 }, 'batchSize'],
    ['too many units in a layer', wide([LIMITS.unitsPerLayer + 1]), 'layers[0]'],
    ['too many hidden layers', wide(new Array(LIMITS.hiddenLayers + 1).fill(8)), 'layers'],
  ])('refuse %s', (_what, patch, field) => {
    const e = errorOf(() => validateConfig({ ...PRESETS.quick, ...patch }));
    expect(e.field).toBe(field);
  });

  it('accept the caps themselves', () => {
    expect(() =>
      validateConfig({ ...PRESETS.quick, epochs: LIMITS.epochs, batchSize: LIMITS.batchSize }),
    ).not.toThrow();
  });
});

describe('estimateRun', () => {
  it('counts weights, gradients and Adam’s two moments at 4 bytes a parameter', () => {
    const e = estimateRun(PRESETS.best, MNIST);
    const p = parameterCount([784, 512, 256, 10]);
    expect(e.parameters).toBe(p);
    expect(e.ram.weights).toBe(4 * p);
    expect(e.ram.gradients).toBe(4 * p);
    expect(e.ram.optimizer).toBe(8 * p);
    expect(estimateRun({ ...PRESETS.best, optimizer: 'momentum' }, MNIST).ram.optimizer).toBe(
      4 * p,
    );
    expect(estimateRun({ ...PRESETS.best, optimizer: 'sgd' }, MNIST).ram.optimizer).toBe(0);
  });

  it('counts activations for the rows a pass holds at once (at most 1000), and the dataset', () => {
    const e = estimateRun(PRESETS.best, MNIST);
    // Evaluation passes 1000 test rows at a time: z, a and dA per hidden unit, z at the output.
    expect(e.ram.activations).toBe(1000 * (3 * (512 + 256) + 10) * 4);
    // Images and labels as bytes, and the WASM kernels' own copy of the images.
    // The bytes, and the kernels' copy: at most 2 bytes a pixel (4 for each non-zero one).
    expect(e.ram.dataset).toBe(70_000 * (3 * 784 + 1));
    const total = Object.values(e.ram).reduce((a, b) => a + b, 0) - e.ram.total;
    expect(e.ram.total).toBe(total);
  });

  it('gives the disk a checkpoint takes', () => {
    const e = estimateRun(PRESETS.best, MNIST);
    expect(e.disk.perCheckpoint).toBe(4 * e.parameters);
    expect(e.disk.perEpoch).toBeGreaterThanOrEqual(e.disk.perCheckpoint);
  });

  it('keeps the largest allowed network well under 1 GB', () => {
    const e = estimateRun(wide([4096, 1024, 512]), MNIST);
    expect(e.ram.total).toBeLessThan(1024 * MB);
  });
});

describe('checkAgainstDataset', () => {
  /** The one problem `config` has on `shape`. */
  const problemOf = (config: TrainConfig, shape: DatasetShape): SettingProblem => {
    const problems = checkAgainstDataset(config, shape);
    expect(problems).toHaveLength(1);
    return problems[0];
  };

  it('passes the presets on MNIST and the article on the blog’s CSV', () => {
    for (const name of PRESET_NAMES) expect(checkAgainstDataset(PRESETS[name], MNIST)).toEqual([]);
    expect(checkAgainstDataset(PRESETS.article, KAGGLE)).toEqual([]);
  });

  it('refuses a validation part that leaves nothing to train on, saying what it must be under', () => {
    expect(problemOf({ ...PRESETS.quick, validation: 60_000 }, MNIST)).toEqual({
      field: 'validation',
      message: 'must be less than the 60,000 training images of this dataset',
    });
    expect(
      checkAgainstDataset({ ...PRESETS.quick, validation: 59_999, batchSize: 1 }, MNIST),
    ).toEqual([]);
    // Without a test part, 10% of 42,000 is held out for testing first.
    expect(problemOf({ ...PRESETS.quick, validation: 37_800 }, KAGGLE).message).toBe(
      'must be less than the 37,800 training images left after 4,200 are held out ' +
        'for testing (test fraction 0.1)',
    );
    expect(
      checkAgainstDataset({ ...PRESETS.quick, validation: 37_799, batchSize: 1 }, KAGGLE),
    ).toEqual([]);
  });

  it('refuses a batch larger than the images left to train on', () => {
    expect(problemOf({ ...PRESETS.quick, batchSize: 100_000 }, MNIST)).toEqual({
      field: 'batchSize',
      message:
        'must be at most the 59,000 training images of this dataset (or a full batch of them all)',
    });
    expect(checkAgainstDataset({ ...PRESETS.quick, batchSize: 59_000 }, MNIST)).toEqual([]);
    expect(checkAgainstDataset({ ...PRESETS.quick, batchSize: 'full' }, MNIST)).toEqual([]);
  });

  it('reports every problem at once, each with its field', () => {
    const problems = checkAgainstDataset(
      { ...wide([512]), validation: 5000, batchSize: 100_000 },
      { rows: 256, cols: 256, trainCount: 5000, testCount: 100 },
    );
    expect(problems.map((p) => p.field)).toEqual(['validation', 'layers']);
    const two = checkAgainstDataset(
      { ...wide([512]), validation: 4000, batchSize: 2000 },
      { rows: 256, cols: 256, trainCount: 5000, testCount: 100 },
    );
    expect(two.map((p) => p.field)).toEqual(['batchSize', 'layers']);
  });

  it('ignores the test fraction of a dataset with its own test part', () => {
    // validateConfig's range still holds; the dataset only decides whether the share is used.
    expect(checkAgainstDataset({ ...PRESETS.quick, testFraction: 0.5 }, MNIST)).toEqual([]);
    expect(isUsedWith('testFraction', MNIST)).toBe(false);
    expect(isUsedWith('testFraction', KAGGLE)).toBe(true);
    expect(isUsedWith('validation', MNIST)).toBe(true);
  });

  it('counts parameters with the dataset’s real image size', () => {
    const big: DatasetShape = { rows: 256, cols: 256, trainCount: 5000, testCount: 100 };
    const p = problemOf(wide([512]), big);
    expect(p.field).toBe('layers');
    expect(p.message).toContain('256×256');
  });

  it('refuses a run whose estimate passes the memory cap, saying what it needs', () => {
    // Few parameters, but an image so large that the dataset alone passes the cap.
    const huge: DatasetShape = { rows: 1024, cols: 1024, trainCount: 2000, testCount: 0 };
    expect(problemOf(wide([1]), huge).message).toMatch(
      /needs about [\d,]+ MB of memory, over the [\d,]+ MB/,
    );
  });

  it('throws every problem as one ConfigError named after the first', () => {
    const e = errorOf(() =>
      requireFitsDataset({ ...PRESETS.quick, validation: 60_000, batchSize: 100_000 }, MNIST),
    );
    expect(e.field).toBe('validation');
    expect(e.errors.map((p) => p.field)).toEqual(['validation']);
    expect(requireFitsDataset(PRESETS.quick, MNIST)).toBe(PRESETS.quick);
  });
});
