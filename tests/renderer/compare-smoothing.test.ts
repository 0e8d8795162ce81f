import { describe, expect, it } from 'vitest';
import {
  movingAverage,
  smooth,
  smooths,
  smoothWith,
} from '../../src-renderer/components/charts/smoothing.ts';

describe('movingAverage (trailing window)', () => {
  it('leaves the values alone with a window of one', () => {
    expect(movingAverage([3, 1, 4, 1, 5], 1)).toEqual([3, 1, 4, 1, 5]);
  });

  it('is the mean of the last `window` values, fewer at the start', () => {
    // By hand: 1; (1+2)/2; (1+2+3)/3; (2+3+4)/3; (3+4+8)/3.
    expect(movingAverage([1, 2, 3, 4, 8], 3)).toEqual([1, 1.5, 2, 3, 5]);
  });

  it('keeps gaps and non-finite values as they are and does not count them', () => {
    expect(movingAverage([1, null, 3, NaN, 5], 2)).toEqual([1, null, 2, NaN, 4]);
  });

  it('treats a fractional or too small window as the whole number at least one', () => {
    expect(movingAverage([2, 4, 6], 2.7)).toEqual([2, 3, 5]);
    expect(movingAverage([2, 4, 6], 0)).toEqual([2, 4, 6]);
  });
});

describe('smoothWith', () => {
  const values = [0.5, 0.7, 0.6, 0.9];

  it('dispatches to the chosen smoothing', () => {
    expect(smoothWith(values, { kind: 'off' })).toEqual(values);
    expect(smoothWith(values, { kind: 'ema', weight: 0.6 })).toEqual(smooth(values, 0.6));
    expect(smoothWith(values, { kind: 'average', window: 2 })).toEqual(movingAverage(values, 2));
  });

  it('knows when a smoothing changes nothing', () => {
    expect(smooths({ kind: 'off' })).toBe(false);
    expect(smooths({ kind: 'ema', weight: 0 })).toBe(false);
    expect(smooths({ kind: 'average', window: 1 })).toBe(false);
    expect(smooths({ kind: 'ema', weight: 0.3 })).toBe(true);
    expect(smooths({ kind: 'average', window: 3 })).toBe(true);
  });
});
