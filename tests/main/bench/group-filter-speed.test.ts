// The bench's grouping-and-filtering line: it measures the query on a store of known runs, and
// only a time past the limit fails the bench (the time itself is the bench's to judge).
import { describe, expect, it } from 'vitest';
import {
  BENCH_QUERY,
  GROUP_FILTER_LIMIT_MS,
  groupFilterJson,
  groupFilterLine,
  groupFilterSpeed,
  groupFilterSpeedProblem,
} from '../../../src-main/bench/group-filter-speed.ts';

describe('groupFilterSpeed', () => {
  it('filters and groups the sweep it stores', () => {
    // The first 40 runs are settings 0–7 over seeds 0–4. Adam at a rate below 0.01 is settings
    // 0 and 4 (runs 0–4 and 20–24); of those, above 95% (0.9 + 0.09·(sin i + 1)/2) are runs 1–3,
    // 20 and 21, and run 21 is tagged discarded (every 7th): runs 1–3 and 20 match; all 40 fall in
    // 8 groups of settings.
    expect(BENCH_QUERY).toBe('optimizer = adam and lr < 0.01 and test > 95% and not tag:discarded');
    const speed = groupFilterSpeed(40);
    expect(speed).toMatchObject({ runs: 40, matched: 4, groups: 8 });
    expect(speed.ms).toBeGreaterThan(0);
  });

  it('fails the bench past the limit, and only then', () => {
    const speed = { runs: 1000, matched: 120, groups: 30 };
    expect(groupFilterSpeedProblem({ ...speed, ms: GROUP_FILTER_LIMIT_MS })).toBeNull();
    expect(groupFilterSpeedProblem({ ...speed, ms: 120.25 })).toBe(
      'grouping and filtering 1,000 stored runs took 120.3 ms, over the limit of 100 ms',
    );
    expect(groupFilterLine({ ...speed, ms: 12.34 })).toBe(
      '`list`, filter and group 1,000 stored runs (120 match; 30 groups): 12.3 ms (limit 100 ms).',
    );
    expect(groupFilterJson({ ...speed, ms: 12 })).toEqual({
      type: 'group-filter',
      ...speed,
      ms: 12,
      unit: 'ms',
      limit: 100,
    });
  });
});
