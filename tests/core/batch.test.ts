import { describe, expect, it } from 'vitest';
import { gatherBatch } from '../../src-core/batch.ts';
import type { ImageSet } from '../../src-core/data/dataset.ts';
import type { Subset } from '../../src-core/data/split.ts';

// Five 2×2 images: image i has pixels [i, 2i, 255 − i, 0] and label 9 − i.
const SET: ImageSet = {
  images: Uint8Array.from({ length: 20 }, (_, k) => {
    const i = Math.floor(k / 4);
    return [i, 2 * i, 255 - i, 0][k % 4];
  }),
  labels: Uint8Array.from({ length: 5 }, (_, i) => 9 - i),
  count: 5,
  rows: 2,
  cols: 2,
};

const pixelsOf = (i: number) => [i / 255, (2 * i) / 255, (255 - i) / 255, 0];

describe('gatherBatch', () => {
  const subset: Subset = { set: SET, indices: new Uint32Array([4, 1, 3]) };

  it('converts the subset’s images in order to p/255 floats with their labels', () => {
    const x = new Float64Array(12);
    const labels = new Uint8Array(3);
    gatherBatch(subset, null, 0, 3, x, labels);
    expect(Array.from(x)).toEqual([...pixelsOf(4), ...pixelsOf(1), ...pixelsOf(3)]);
    expect(Array.from(labels)).toEqual([5, 8, 6]);
  });

  it('maps 0 to 0 and 255 to exactly 1', () => {
    const x = new Float32Array(4);
    gatherBatch({ set: SET, indices: new Uint32Array([0]) }, null, 0, 1, x, new Uint8Array(1));
    expect(Array.from(x)).toEqual([0, 0, 1, 0]);
  });

  it('follows an order of subset positions, starting at `start`', () => {
    const x = new Float64Array(8);
    const labels = new Uint8Array(2);
    // order positions → subset indices: position 2 → image 3, position 0 → image 4
    gatherBatch(subset, new Uint32Array([1, 2, 0]), 1, 2, x, labels);
    expect(Array.from(x)).toEqual([...pixelsOf(3), ...pixelsOf(4)]);
    expect(Array.from(labels)).toEqual([6, 5]);
  });

  it('writes only `count` rows, leaving the rest of the buffers alone', () => {
    const x = new Float32Array(12).fill(-1);
    const labels = new Uint8Array(3).fill(77);
    gatherBatch(subset, null, 1, 1, x, labels);
    expect(Array.from(x.subarray(0, 4))).toEqual(pixelsOf(1).map((v) => Math.fround(v)));
    expect(Array.from(x.subarray(4))).toEqual(new Array(8).fill(-1));
    expect(Array.from(labels)).toEqual([8, 77, 77]);
  });
});
