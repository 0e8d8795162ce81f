// Welch's t-test against R's output on its classic `sleep` data.
import { describe, expect, it } from 'vitest';
import { hasSpread, welchTest } from '../../../src-main/stats/welch.ts';

// R's datasets::sleep (Student, 1908): extra hours of sleep with drug 1 and drug 2.
const DRUG_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
const DRUG_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

describe('welchTest', () => {
  it("matches R's t.test on the sleep data, with B − A as the sign", () => {
    // R: t.test(extra ~ group, data = sleep) → t = -1.8608, df = 17.776, p-value = 0.07939
    // (group 1 − group 2); here A is drug 1 and B drug 2, so t is positive.
    const r = welchTest(DRUG_1, DRUG_2);
    expect(r.t).toBeCloseTo(1.8608, 4);
    expect(r.df).toBeCloseTo(17.776, 3);
    expect(r.p).toBeCloseTo(0.07939, 5);
    expect(r.difference).toBeCloseTo(2.33 - 0.75, 12);
    // R: 95 percent confidence interval: -3.3654832  0.2054832 (group 1 − group 2).
    expect(r.interval95[0]).toBeCloseTo(-0.2054832, 6);
    expect(r.interval95[1]).toBeCloseTo(3.3654832, 6);
    expect(welchTest(DRUG_2, DRUG_1).t).toBeCloseTo(-1.8608, 4);
  });

  it('uses the Welch–Satterthwaite degrees of freedom when the spreads differ', () => {
    // Hand-computed: A = 1, 2, 3 (mean 2, s² = 1), B = 10, 14, 18, 22, 26 (mean 18, s² = 40).
    // se² = 1/3 + 40/5 = 8.3333; t = 16 / 2.88675 = 5.5426;
    // df = 8.3333² / ((1/3)²/2 + 8²/4) = 69.444 / 16.0556 = 4.3253.
    const r = welchTest([1, 2, 3], [10, 14, 18, 22, 26]);
    expect(r.t).toBeCloseTo(5.5426, 4);
    expect(r.df).toBeCloseTo(4.3253, 4);
    expect(r.p).toBeGreaterThan(0.002);
    expect(r.p).toBeLessThan(0.01);
  });

  it('refuses sides too small to have a spread, or with no spread at all', () => {
    expect(() => welchTest([0.9], [0.8, 0.85])).toThrow(/at least 2 values on each side/);
    expect(() => welchTest([0.9, 0.9], [0.8, 0.8])).toThrow(/needs some spread/);
    expect(welchTest([0.9, 0.9], [0.8, 0.82]).t).toBeLessThan(0);
  });
});

describe('hasSpread', () => {
  it('is whether any value differs from the first', () => {
    expect(hasSpread([2, 2, 2])).toBe(false);
    expect(hasSpread([2, 2, 2.5])).toBe(true);
  });
});
