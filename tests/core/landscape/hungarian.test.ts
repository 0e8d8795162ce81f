// The linear assignment behind weight matching: known answers, and the best of every
// permutation on small random matrices.

import { describe, expect, it } from 'vitest';
import { maximumAssignment } from '../../../src-core/landscape/hungarian.ts';
import { Rng } from '../../../src-core/rng.ts';

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) =>
    Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]),
  );
}

const gainOf = (gain: ArrayLike<number>, n: number, cols: ArrayLike<number>) =>
  Array.from({ length: n }, (_, r) => gain[r * n + cols[r]]).reduce((a, b) => a + b, 0);

describe('maximumAssignment', () => {
  it('finds the known best of a 3 × 3 matrix', () => {
    // Rows take columns 2, 0, 1 for 9 + 8 + 7; the diagonal gives only 1 + 2 + 3.
    const gain = [1, 0, 9, 8, 2, 0, 0, 7, 3];
    expect(Array.from(maximumAssignment(gain, 3))).toEqual([2, 0, 1]);
  });

  it('keeps the identity when the diagonal is best, and handles one unit', () => {
    expect(Array.from(maximumAssignment([5, 1, 1, 5], 2))).toEqual([0, 1]);
    expect(Array.from(maximumAssignment([-3], 1))).toEqual([0]);
  });

  it('matches the best of all permutations on random 6 × 6 matrices, negative gains too', () => {
    const rng = new Rng(7);
    const all = permutations(6);
    for (let trial = 0; trial < 20; trial++) {
      const gain = Array.from({ length: 36 }, () => Math.round((rng.uniform() - 0.5) * 20));
      const cols = maximumAssignment(gain, 6);
      expect([...cols].sort()).toEqual([0, 1, 2, 3, 4, 5]);
      const best = Math.max(...all.map((p) => gainOf(gain, 6, p)));
      expect(gainOf(gain, 6, cols)).toBe(best);
    }
  });

  it('refuses a matrix of the wrong size or with a non-finite gain', () => {
    expect(() => maximumAssignment([1, 2, 3], 2)).toThrow(/needs 4 gains, got 3/);
    expect(() => maximumAssignment([1, NaN, 3, 4], 2)).toThrow(/gain 1 is NaN/);
  });
});
