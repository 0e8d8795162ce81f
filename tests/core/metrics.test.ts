import { describe, expect, it } from 'vitest';
import {
  addToConfusion,
  argmaxRow,
  countCorrect,
  emptyConfusion,
  mostPredicted,
} from '../../src-core/metrics.ts';

// Three rows of four class probabilities.
const P = new Float32Array([
  0.1,
  0.6,
  0.2,
  0.1, // row 0 → class 1
  0.4,
  0.1,
  0.1,
  0.4, // row 1 → tie between 0 and 3: the first wins
  0.0,
  0.1,
  0.2,
  0.7, // row 2 → class 3
]);

describe('argmaxRow', () => {
  it('returns the class with the largest value in the row', () => {
    expect(argmaxRow(P, 0, 4)).toBe(1);
    expect(argmaxRow(P, 2, 4)).toBe(3);
  });

  it('breaks ties in favour of the lower class', () => {
    expect(argmaxRow(P, 1, 4)).toBe(0);
  });

  it('finds the maximum in the last column', () => {
    expect(argmaxRow(new Float64Array([-3, -2, -1]), 0, 3)).toBe(2);
  });
});

describe('countCorrect', () => {
  it('counts the rows whose prediction equals the label', () => {
    expect(countCorrect(P, new Uint8Array([1, 0, 3]), 3, 4)).toBe(3);
    expect(countCorrect(P, new Uint8Array([1, 3, 2]), 3, 4)).toBe(1);
  });

  it('reads only the first `rows` rows', () => {
    expect(countCorrect(P, new Uint8Array([1, 0, 3]), 2, 4)).toBe(2);
  });
});

describe('confusion matrix', () => {
  it('starts as a classes × classes grid of zeros, rows not shared', () => {
    const c = emptyConfusion(3);
    expect(c).toEqual([
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
    c[0][0] = 1;
    expect(c[1][0]).toBe(0);
  });

  it('adds one count per row at [true class][predicted class]', () => {
    const c = emptyConfusion(4);
    addToConfusion(c, P, new Uint8Array([1, 2, 3]), 3, 4);
    addToConfusion(c, P, new Uint8Array([1, 2, 3]), 1, 4);
    expect(c).toEqual([
      [0, 0, 0, 0],
      [0, 2, 0, 0],
      [1, 0, 0, 0],
      [0, 0, 0, 1],
    ]);
  });
});

describe('mostPredicted', () => {
  it('names the class a collapsed network gives every image, with its share', () => {
    const collapsed = emptyConfusion(3);
    for (let c = 0; c < 3; c++) collapsed[c][1] = 10 + c;
    expect(mostPredicted(collapsed)).toEqual({ digit: 1, share: 1 });
  });

  it('gives the share of the most frequent answer of a mixed matrix', () => {
    const mixed = [
      [6, 2, 0],
      [1, 7, 0],
      [0, 1, 3],
    ];
    expect(mostPredicted(mixed)).toEqual({ digit: 1, share: 10 / 20 });
  });

  it('is null for an empty matrix', () => {
    expect(mostPredicted(emptyConfusion(3))).toBeNull();
  });
});
