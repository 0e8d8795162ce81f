// The comparison's sentence: its numbers rounded so that they never contradict its verdict.
import { describe, expect, it } from 'vitest';
import type { WelchTest } from '../../../src-main/contract/comparison.ts';
import {
  leftOutNote,
  mcnemarSentence,
  pValue,
  welchSentence,
} from '../../../src-main/services/comparison-sentence.ts';

const mcnemar = (b: number, c: number, p: number) =>
  mcnemarSentence({ kind: 'mcnemar', b, c, bothRight: 900, bothWrong: 50, p });

const welch = (difference: number, interval95: [number, number], p: number): WelchTest => ({
  kind: 'welch',
  summary: 'final',
  t: 3.14159,
  df: 5.2345,
  p,
  difference,
  interval95,
  bootstrap95: [0, 0],
  resamples: 10_000,
});

describe('pValue', () => {
  it('gives two significant digits, more when two would cross the 5% line', () => {
    expect(pValue(0.3123)).toBe('p = 0.31');
    expect(pValue(0.004)).toBe('p = 0.004');
    expect(pValue(0.0499)).toBe('p = 0.0499');
    expect(pValue(0.05)).toBe('p = 0.05');
    expect(pValue(1)).toBe('p = 1');
    expect(pValue(0.00042)).toBe('p < 0.001');
  });
});

describe('mcnemarSentence', () => {
  it('says who reads what right, and whether chance would do it', () => {
    expect(mcnemar(12, 31, 0.004)).toBe(
      'B reads 31 images right that A misses and A 12 that B misses: p = 0.004, unlikely to be chance.',
    );
    expect(mcnemar(3, 1, 0.625)).toBe(
      'B reads 1 image right that A misses and A 3 that B misses: p = 0.63, could well be chance.',
    );
    expect(mcnemar(0, 0, 1)).toMatch(/^A and B read exactly the same test images right/);
  });
});

describe('welchSentence', () => {
  it('tells accuracies in points, a higher B as higher', () => {
    expect(welchSentence(welch(0.0042, [0.001, 0.007], 0.01), 'final test accuracy', true)).toBe(
      "B's mean final test accuracy is 0.42 points higher (95% interval 0.1 to 0.7 points): " +
        "p = 0.01 (Welch's t = 3.1, df = 5.2), unlikely to be chance.",
    );
  });

  it('tells a lower B as lower, its interval turned the same way', () => {
    expect(welchSentence(welch(-0.085, [-0.12, -0.05], 0.15), 'lowest loss', false)).toBe(
      "B's mean lowest loss is 0.085 lower (95% interval 0.05 to 0.12): " +
        "p = 0.15 (Welch's t = 3.1, df = 5.2), could well be chance.",
    );
    expect(welchSentence(welch(0, [-0.002, 0.002], 1), 'final test accuracy', true)).toMatch(
      /^B's mean final test accuracy is the same as A's \(95% interval −0\.2 to 0\.2 points\)/,
    );
  });
});

describe('leftOutNote', () => {
  it('counts the runs without a test result on each side', () => {
    expect(leftOutNote(0, 0)).toBe('');
    expect(leftOutNote(1, 0)).toBe('Left out: 1 run of A without a test result.');
    expect(leftOutNote(1, 2)).toBe('Left out: 1 run of A and 2 runs of B without a test result.');
  });
});
