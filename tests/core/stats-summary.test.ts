// Mean, sample standard deviation, min and max against values worked by hand.
import { describe, expect, it } from 'vitest';
import { max, mean, min, sampleStd, summarize } from '../../src-core/stats/summary.ts';

describe('summary statistics', () => {
  it('match hand-computed values', () => {
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squared deviations sum to 32, so s = √(32/7).
    const xs = [2, 4, 4, 4, 5, 5, 7, 9];
    expect(mean(xs)).toBe(5);
    expect(sampleStd(xs)).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(min(xs)).toBe(2);
    expect(max(xs)).toBe(9);
    expect(sampleStd([1, 3])).toBeCloseTo(Math.SQRT2, 12);
  });

  it('keep their precision far from zero', () => {
    // One pass (Σx² − n·mean²) loses every digit here; two passes keep them.
    const xs = [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16];
    expect(sampleStd(xs)).toBeCloseTo(Math.sqrt(90 / 3), 6);
  });

  it('summarise a list at once, with no spread for a single value and nothing for none', () => {
    expect(summarize([0.97, 0.98, 0.99])).toEqual({
      n: 3,
      mean: expect.closeTo(0.98, 12),
      std: expect.closeTo(0.01, 12),
      min: 0.97,
      max: 0.99,
    });
    expect(summarize([0.5])).toEqual({ n: 1, mean: 0.5, std: null, min: 0.5, max: 0.5 });
    expect(summarize([])).toBeNull();
  });

  it('refuse lists too short to have the value', () => {
    expect(() => mean([])).toThrow('a mean needs at least 1 value, got 0');
    expect(() => sampleStd([1])).toThrow(
      'a sample standard deviation needs at least 2 values, got 1',
    );
    expect(() => min([])).toThrow(RangeError);
    expect(() => max([])).toThrow(RangeError);
  });
});
