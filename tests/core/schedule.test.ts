import { describe, expect, it } from 'vitest';
import { learningRateAt } from '../../src-core/schedule.ts';

const rates = (schedule: Parameters<typeof learningRateAt>[1], epochs: number, base = 0.1) =>
  Array.from({ length: epochs }, (_, e) => learningRateAt(base, schedule, e, epochs));

describe('learningRateAt', () => {
  it('constant: the base rate every epoch', () => {
    expect(rates({ type: 'constant' }, 4)).toEqual([0.1, 0.1, 0.1, 0.1]);
  });

  it('step: multiplies by the factor every `every` epochs', () => {
    const r = rates({ type: 'step', every: 2, factor: 0.5 }, 5, 0.8);
    expect(r).toEqual([0.8, 0.8, 0.4, 0.4, 0.2]);
  });

  it('step with every 1 decays each epoch', () => {
    const r = rates({ type: 'step', every: 1, factor: 0.1 }, 3, 1);
    expect(r[0]).toBe(1);
    expect(r[1]).toBeCloseTo(0.1, 15);
    expect(r[2]).toBeCloseTo(0.01, 15);
  });

  it('cosine: full rate at the first epoch, rate·minFactor at the last', () => {
    const r = rates({ type: 'cosine', minFactor: 0.05 }, 5, 0.002);
    expect(r[0]).toBe(0.002);
    expect(r[4]).toBeCloseTo(0.002 * 0.05, 15);
  });

  it('cosine: halfway is the mean of the two ends', () => {
    // t = 0.5: cos(π/2) = 0, so rate = base·(m + (1 − m)/2)
    const r = rates({ type: 'cosine', minFactor: 0.05 }, 5, 1);
    expect(r[2]).toBeCloseTo(0.525, 15);
    // t = 0.25: base·(m + (1 − m)(1 + cos(π/4))/2)
    expect(r[1]).toBeCloseTo(0.05 + (0.95 * (1 + Math.SQRT1_2)) / 2, 15);
  });

  it('cosine: decreases every epoch', () => {
    const r = rates({ type: 'cosine', minFactor: 0 }, 10);
    for (let e = 1; e < r.length; e++) expect(r[e]).toBeLessThan(r[e - 1]);
    expect(r[9]).toBeCloseTo(0, 15);
  });

  it('cosine over a single epoch uses the full rate', () => {
    expect(learningRateAt(0.3, { type: 'cosine', minFactor: 0.1 }, 0, 1)).toBe(0.3);
  });
});
