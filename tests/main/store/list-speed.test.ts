import { describe, expect, it } from 'vitest';
import { listSpeed } from '../../../src-main/bench/list-speed.ts';

describe('listSpeed', () => {
  // The time itself is the bench command's to report: a shared test machine makes it noisy.
  it('lists a history of 10,000 runs', () => {
    const { runs, ms } = listSpeed();
    expect(runs).toBe(10_000);
    expect(ms).toBeGreaterThan(0);
  });
});
