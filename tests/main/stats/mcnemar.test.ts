// McNemar's exact test against hand-computed binomial tails and a published example.
import { describe, expect, it } from 'vitest';
import { discordance, mcnemarExactP } from '../../../src-main/stats/mcnemar.ts';

describe('mcnemarExactP', () => {
  it('is twice the smaller binomial tail at one half', () => {
    // b = 1 of 10: 2 · (C(10,0) + C(10,1)) / 2¹⁰ = 22 / 1024.
    expect(mcnemarExactP(1, 9)).toBeCloseTo(0.021484375, 12);
    expect(mcnemarExactP(9, 1)).toBeCloseTo(0.021484375, 12);
    // b = 3 of 15: 2 · (1 + 15 + 105 + 455) / 2¹⁵ = 1152 / 32768.
    expect(mcnemarExactP(3, 12)).toBeCloseTo(0.03515625, 12);
    // All 5 discordant images one way: 2 / 2⁵.
    expect(mcnemarExactP(0, 5)).toBeCloseTo(0.0625, 12);
  });

  it('gives the published exact p-value of a textbook table', () => {
    // Fagerland, Lydersen & Laake (2013), BMC Med Res Methodol 13:91, table 1 (airway
    // hyper-responsiveness before and after stem cell transplantation): b = 1, c = 7, exact
    // conditional p = 0.070 (= 2 · 9 / 256).
    expect(mcnemarExactP(1, 7)).toBeCloseTo(0.0703125, 12);
  });

  it('stays exact over many discordant images', () => {
    // Hand-computed with exact integers: 2 · Σ_{i ≤ k} C(n, i) / 2ⁿ. R: binom.test(40, 100)
    // gives p-value = 0.05689.
    expect(mcnemarExactP(40, 60)).toBeCloseTo(0.05688793364098079, 12);
    expect(mcnemarExactP(550, 450)).toBeCloseTo(0.0017305360849763176, 12);
    expect(mcnemarExactP(4900, 5100)).toBeCloseTo(0.04658552770494739, 10);
    expect(mcnemarExactP(30, 12)).toBeCloseTo(0.007915897334896727, 12);
  });

  it('is 1 when both read the discordant images equally often, or none differ', () => {
    expect(mcnemarExactP(6, 6)).toBe(1);
    expect(mcnemarExactP(0, 0)).toBe(1);
    expect(mcnemarExactP(1, 0)).toBe(1);
  });

  it('refuses a count that is not one', () => {
    expect(() => mcnemarExactP(-1, 3)).toThrow(/b must be a count/);
    expect(() => mcnemarExactP(2, 1.5)).toThrow(/c must be a count.*1\.5/);
  });
});

describe('discordance', () => {
  it('counts the four cells of two answer lists', () => {
    const a = Uint8Array.from([1, 1, 0, 0, 1, 0, 1]);
    const b = Uint8Array.from([1, 0, 1, 0, 0, 0, 1]);
    expect(discordance(a, b)).toEqual({ b: 2, c: 1, bothRight: 2, bothWrong: 2 });
  });

  it('needs answers on the same number of images', () => {
    expect(() => discordance(new Uint8Array(3), new Uint8Array(4))).toThrow(/3 and 4/);
  });
});
