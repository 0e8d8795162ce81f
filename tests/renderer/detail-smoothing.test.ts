import { describe, expect, it } from 'vitest';
import { smooth } from '../../src-renderer/components/charts/smoothing.ts';

/** TensorBoard's smoothing written out the long way: a plain EMA from 0, divided by 1 − βᵗ. */
function reference(values: number[], beta: number): number[] {
  const out: number[] = [];
  let ema = 0;
  values.forEach((v, i) => {
    ema = beta * ema + (1 - beta) * v;
    out.push(ema / (1 - beta ** (i + 1)));
  });
  return out;
}

describe('smooth (debiased exponential moving average)', () => {
  it('leaves the values alone at weight 0', () => {
    expect(smooth([3, 1, 4, 1, 5], 0)).toEqual([3, 1, 4, 1, 5]);
  });

  it('does not pull early values towards zero: the first value is kept and a constant stays constant', () => {
    expect(smooth([2.5, 7], 0.9)[0]).toBeCloseTo(2.5, 12);
    for (const v of smooth([0.7, 0.7, 0.7, 0.7, 0.7, 0.7], 0.95)) expect(v).toBeCloseTo(0.7, 12);
  });

  it('matches the formula EMAₜ / (1 − βᵗ) step by step', () => {
    const values = [2.3, 1.9, 1.2, 0.9, 0.95, 0.6, 0.62, 0.4];
    const got = smooth(values, 0.6);
    reference(values, 0.6).forEach((r, i) => expect(got[i]).toBeCloseTo(r, 12));
    // Second value by hand: (0.6·0.4·2.3 + 0.4·1.9) / (1 − 0.36).
    expect(got[1]).toBeCloseTo((0.24 * 2.3 + 0.4 * 1.9) / 0.64, 12);
  });

  it('lags a step change more as the weight grows', () => {
    const step = [1, 1, 1, 1, 0, 0, 0, 0];
    const light = smooth(step, 0.3)[5] as number;
    const heavy = smooth(step, 0.9)[5] as number;
    expect(light).toBeLessThan(heavy);
    expect(heavy).toBeLessThan(1);
  });

  it('keeps gaps and skips non-finite values without counting them as seen', () => {
    const got = smooth([1, null, Number.NaN, 3], 0.5);
    expect(got[1]).toBeNull();
    expect(got[2]).toBeNaN();
    // As if the series were [1, 3].
    expect(got[3]).toBeCloseTo(reference([1, 3], 0.5)[1], 12);
  });

  it('does not change its input', () => {
    const values = [1, 2, 3];
    smooth(values, 0.5);
    expect(values).toEqual([1, 2, 3]);
  });
});
