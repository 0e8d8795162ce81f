import { describe, expect, it } from 'vitest';
import { DataError, type Dataset, type ImageSet } from '../../src-core/data/dataset.ts';
import { allIndices, splitDataset } from '../../src-core/data/split.ts';

function imageSet(count: number): ImageSet {
  return {
    images: new Uint8Array(count * 4),
    labels: new Uint8Array(count),
    count,
    rows: 2,
    cols: 2,
  };
}

const sorted = (a: Uint32Array) => Array.from(a).sort((x, y) => x - y);

describe('splitDataset with a test part', () => {
  const dataset: Dataset = { name: 'd', train: imageSet(100), test: imageSet(30) };
  const splits = splitDataset(dataset, 20, 0.1, 1);

  it('validates on `validation` training images and trains on the rest', () => {
    expect(splits.validation.indices).toHaveLength(20);
    expect(splits.train.indices).toHaveLength(80);
    expect(splits.train.set).toBe(dataset.train);
    expect(splits.validation.set).toBe(dataset.train);
    expect(
      sorted(new Uint32Array([...splits.train.indices, ...splits.validation.indices])),
    ).toEqual(Array.from(allIndices(100)));
  });

  it('tests on the whole test part and says nothing was held out', () => {
    expect(splits.test.set).toBe(dataset.test);
    expect(Array.from(splits.test.indices)).toEqual(Array.from(allIndices(30)));
    expect(splits.testHeldOut).toBe(false);
  });

  it('keeps each part sorted', () => {
    for (const part of [splits.train, splits.validation])
      expect(Array.from(part.indices)).toEqual(sorted(part.indices));
  });

  it('is reproducible for a seed and differs between seeds', () => {
    const again = splitDataset(dataset, 20, 0.1, 1);
    const other = splitDataset(dataset, 20, 0.1, 2);
    expect(Array.from(again.validation.indices)).toEqual(Array.from(splits.validation.indices));
    expect(Array.from(other.validation.indices)).not.toEqual(Array.from(splits.validation.indices));
  });
});

describe('splitDataset without a test part', () => {
  const dataset: Dataset = { name: 'csv', train: imageSet(101), test: null };
  const splits = splitDataset(dataset, 10, 0.15, 3);

  it('holds out round(fraction · count) training images for testing', () => {
    expect(splits.testHeldOut).toBe(true);
    expect(splits.test.set).toBe(dataset.train);
    expect(splits.test.indices).toHaveLength(Math.round(101 * 0.15)); // 15
    expect(splits.validation.indices).toHaveLength(10);
    expect(splits.train.indices).toHaveLength(101 - 15 - 10);
  });

  it('rounds to the nearest count: 0.2 of 103 images is 21 (20.6), not 20', () => {
    const odd: Dataset = { name: 'csv', train: imageSet(103), test: null };
    expect(splitDataset(odd, 10, 0.2, 3).test.indices).toHaveLength(21);
  });

  it('gives three disjoint parts covering every image', () => {
    const all = [...splits.train.indices, ...splits.validation.indices, ...splits.test.indices];
    expect(sorted(new Uint32Array(all))).toEqual(Array.from(allIndices(101)));
  });

  it('throws a DataError when the fraction holds out no image', () => {
    expect(() => splitDataset(dataset, 10, 0.001, 3)).toThrow(DataError);
    expect(() => splitDataset(dataset, 10, 0.001, 3)).toThrow(/holds out none/);
  });
});

describe('splitDataset with too few images', () => {
  it('throws a DataError naming the counts', () => {
    const dataset: Dataset = { name: 'small', train: imageSet(30), test: null };
    expect(() => splitDataset(dataset, 27, 0.1, 1)).toThrow(
      /30 training images cannot give 27 for validation and 3 for testing/,
    );
  });

  it('allows exactly one training image', () => {
    const dataset: Dataset = { name: 'small', train: imageSet(30), test: imageSet(1) };
    expect(splitDataset(dataset, 29, 0.1, 1).train.indices).toHaveLength(1);
  });
});
