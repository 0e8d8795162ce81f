// The t-based interval of a mean, against R's t.test and tables of Student's t.
import { describe, expect, it } from 'vitest';
import { summarize } from '../../../src-core/stats/summary.ts';
import { meanInterval95 } from '../../../src-main/stats/mean-interval.ts';

describe('meanInterval95', () => {
  it("matches R's t.test interval for drug 1 of the sleep data", () => {
    // R: t.test(sleep$extra[1:10]) → 95 percent confidence interval: -0.5297804 2.0297804
    const s = summarize([0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]);
    expect(s).not.toBeNull();
    const [low, high] = meanInterval95(s?.mean ?? 0, s?.std ?? 0, 10);
    expect(low).toBeCloseTo(-0.5297804, 6);
    expect(high).toBeCloseTo(2.0297804, 6);
  });

  it("widens by Student's t for few values (t₀.₉₇₅ = 12.706 at 1 df, 4.303 at 2)", () => {
    expect(meanInterval95(0, 1, 2)[1]).toBeCloseTo(12.7062 / Math.SQRT2, 4);
    expect(meanInterval95(0, 1, 3)[1]).toBeCloseTo(4.3027 / Math.sqrt(3), 4);
    expect(meanInterval95(5, 0, 4)).toEqual([5, 5]);
  });

  it('needs two values', () => {
    expect(() => meanInterval95(1, 0, 1)).toThrow(/at least 2 values, got 1/);
  });
});
