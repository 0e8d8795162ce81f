// Student's t tails and quantiles, and the incomplete beta function under them, against closed
// forms (1 and 2 degrees of freedom have them) and tables.
import { describe, expect, it } from 'vitest';
import { logGamma, regularizedBeta } from '../../../src-main/stats/incomplete-beta.ts';
import { tQuantile, twoSidedP } from '../../../src-main/stats/student-t.ts';

describe('logGamma', () => {
  it('matches Γ at whole and half numbers', () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(10)).toBeCloseTo(Math.log(362_880), 12); // 9!
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 14);
    expect(() => logGamma(0)).toThrow(/x > 0, got 0/);
  });
});

describe('regularizedBeta', () => {
  it('matches closed forms', () => {
    expect(regularizedBeta(0.3, 1, 1)).toBeCloseTo(0.3, 14); // uniform
    expect(regularizedBeta(0.6, 3, 1)).toBeCloseTo(0.216, 14); // x^a
    expect(regularizedBeta(0.5, 7.5, 7.5)).toBeCloseTo(0.5, 14); // symmetric
    // I_x(2, 3) = x²(6 − 8x + 3x²): at 0.4, 0.16 · 3.28.
    expect(regularizedBeta(0.4, 2, 3)).toBeCloseTo(0.5248, 14);
    expect(regularizedBeta(0, 2, 3)).toBe(0);
    expect(regularizedBeta(1, 2, 3)).toBe(1);
  });

  it('refuses arguments outside its domain', () => {
    expect(() => regularizedBeta(1.5, 1, 1)).toThrow(/0 ≤ x ≤ 1, got 1\.5/);
    expect(() => regularizedBeta(0.5, 0, 1)).toThrow(/a, b > 0, got 0, 1/);
  });
});

describe('twoSidedP', () => {
  it('matches the closed forms at 1 df (Cauchy) and 2 df', () => {
    // 1 df: P(|T| ≥ t) = 1 − 2·atan(t)/π; 2 df: 1 − t / √(t² + 2).
    expect(twoSidedP(1, 1)).toBeCloseTo(0.5, 14);
    expect(twoSidedP(3, 1)).toBeCloseTo(1 - (2 * Math.atan(3)) / Math.PI, 14);
    expect(twoSidedP(2, 2)).toBeCloseTo(1 - 2 / Math.sqrt(6), 14);
    expect(twoSidedP(-2, 2)).toBeCloseTo(1 - 2 / Math.sqrt(6), 14);
  });

  it('tends to the normal for many degrees of freedom, and is 1 at 0', () => {
    expect(twoSidedP(1.959963984540054, 1e7)).toBeCloseTo(0.05, 6);
    expect(twoSidedP(0, 4)).toBe(1);
    expect(twoSidedP(Infinity, 4)).toBe(0);
    expect(() => twoSidedP(1, 0)).toThrow(/df > 0, got 0/);
  });
});

describe('tQuantile', () => {
  it('inverts the closed forms, and matches the tables', () => {
    expect(tQuantile(0.975, 1)).toBeCloseTo(Math.tan(0.475 * Math.PI), 10);
    // 2 df: t = (2q − 1) / √(2q(1 − q)).
    expect(tQuantile(0.975, 2)).toBeCloseTo(0.95 / Math.sqrt(2 * 0.975 * 0.025), 12);
    // Student's t table, two-sided 5%: 2.262 at 9 df, 2.042 at 30 df.
    expect(tQuantile(0.975, 9)).toBeCloseTo(2.262157, 6);
    expect(tQuantile(0.975, 30)).toBeCloseTo(2.042272, 6);
    expect(tQuantile(0.5, 3)).toBeCloseTo(0, 12);
    expect(() => tQuantile(0.3, 3)).toThrow(/½ ≤ q < 1, got 0\.3/);
  });
});
