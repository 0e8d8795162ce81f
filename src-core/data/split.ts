// Which images train, which validate during training, which test at the end. Parts are index
// lists into the byte arrays, never copies. A dataset without a test part (like the blog's CSV)
// gives up a seeded share of its training images as a held-out test part, once per run.

import { Rng } from '../rng.ts';
import { DataError, type Dataset, type ImageSet } from './dataset.ts';

export interface Subset {
  readonly set: ImageSet;
  readonly indices: Uint32Array;
}

export interface Splits {
  readonly train: Subset;
  readonly validation: Subset;
  readonly test: Subset;
  /** True when the test part was carved out of the training images (no test part on disk). */
  readonly testHeldOut: boolean;
}

/** Seed offset so the split does not reuse the stream that initialises the weights. */
const SPLIT_STREAM = 0x5eed5;

export function splitDataset(
  dataset: Dataset,
  validation: number,
  testFraction: number,
  seed: number,
): Splits {
  const { train } = dataset;
  const order = new Uint32Array(train.count);
  for (let i = 0; i < order.length; i++) order[i] = i;
  new Rng(seed ^ SPLIT_STREAM).shuffle(order);

  const testCount = dataset.test === null ? Math.round(train.count * testFraction) : 0;
  if (dataset.test === null && testCount < 1)
    throw new DataError(
      dataset.name,
      null,
      `has no test part and a test fraction of ${testFraction} of ${train.count} images holds out none`,
    );
  const remaining = train.count - testCount - validation;
  if (remaining < 1)
    throw new DataError(
      dataset.name,
      null,
      `${train.count} training images cannot give ${validation} for validation` +
        (testCount > 0 ? ` and ${testCount} for testing` : '') +
        ' and still leave some to train on',
    );

  // Sorted parts read the image bytes in order, which is kinder to the cache in full-batch passes.
  const part = (from: number, to: number): Uint32Array => order.slice(from, to).sort();
  const testPart = part(0, testCount);
  return {
    train: { set: train, indices: part(testCount + validation, train.count) },
    validation: { set: train, indices: part(testCount, testCount + validation) },
    test:
      dataset.test === null
        ? { set: train, indices: testPart }
        : { set: dataset.test, indices: allIndices(dataset.test.count) },
    testHeldOut: dataset.test === null,
  };
}

export function allIndices(count: number): Uint32Array {
  const a = new Uint32Array(count);
  for (let i = 0; i < count; i++) a[i] = i;
  return a;
}
