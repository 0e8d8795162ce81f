// The bootstrap interval of a difference of means: seeded, bounded, and covering the true
// difference about as often as it says.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src-core/rng.ts';
import { bootstrapDifference, quantile } from '../../../src-main/stats/bootstrap.ts';

const A = [0.951, 0.948, 0.955, 0.95];
const B = [0.962, 0.958, 0.966, 0.96];

describe('bootstrapDifference', () => {
  it('gives the same interval for the same runs, and holds the observed difference', () => {
    const first = bootstrapDifference(A, B);
    expect(bootstrapDifference(A, B)).toEqual(first);
    const observed = 0.9615 - 0.951;
    expect(first[0]).toBeLessThan(observed);
    expect(first[1]).toBeGreaterThan(observed);
    // Resampling only ever picks observed runs: the interval cannot leave the extremes.
    expect(first[0]).toBeGreaterThanOrEqual(0.958 - 0.955 - 1e-12);
    expect(first[1]).toBeLessThanOrEqual(0.966 - 0.948 + 1e-12);
    // Another seed draws other resamples (the sleep data: more values, more distinct intervals).
    const drug1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
    const drug2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
    expect(bootstrapDifference(drug1, drug2, 10_000, 7)).not.toEqual(
      bootstrapDifference(drug1, drug2),
    );
  });

  it('is a single point when no run varies', () => {
    expect(bootstrapDifference([0.5, 0.5], [0.75, 0.75, 0.75])).toEqual([0.25, 0.25]);
  });

  it('covers the true difference of normal samples about 95% of the time', () => {
    // 300 experiments of 10 runs a side, true difference 1: the percentile interval is known to
    // run a little narrow for small samples (Efron & Tibshirani 1993, §13.4), so 87–99%.
    const rng = new Rng(2024);
    const sample = (mu: number): number[] => Array.from({ length: 10 }, () => mu + rng.normal());
    let covered = 0;
    const experiments = 300;
    for (let e = 0; e < experiments; e++) {
      const [low, high] = bootstrapDifference(sample(0), sample(1), 2000, e + 1);
      if (low <= 1 && 1 <= high) covered++;
    }
    expect(covered / experiments).toBeGreaterThan(0.87);
    expect(covered / experiments).toBeLessThan(0.99);
  });

  it('refuses empty sides and unbounded work', () => {
    expect(() => bootstrapDifference([], [1])).toThrow(/at least one value on each side/);
    expect(() => bootstrapDifference([1, 2], [3], 0)).toThrow(/1 to \d+ resamples here, got 0/);
    expect(() => bootstrapDifference([1, 2], [3], 1e9)).toThrow(/resamples here/);
  });
});

describe('quantile', () => {
  it("interpolates as R's quantile(type = 7) does", () => {
    // R: quantile(c(1, 2, 3, 4), c(0.025, 0.5, 0.975)) → 1.075 2.500 3.925
    const sorted = Float64Array.from([1, 2, 3, 4]);
    expect(quantile(sorted, 0.025)).toBeCloseTo(1.075, 12);
    expect(quantile(sorted, 0.5)).toBe(2.5);
    expect(quantile(sorted, 0.975)).toBeCloseTo(3.925, 12);
  });
});
