import { describe, expect, it } from 'vitest';
import { LIST_LIMIT_MS, listSpeed, listSpeedProblem } from '../../../src-main/bench/list-speed.ts';

describe('listSpeed', () => {
  // The time itself is `npm run bench`'s to judge (it fails past the limit): a shared test
  // machine makes a timed test flaky.
  it('lists a history of 10,000 runs', () => {
    const { runs, ms } = listSpeed();
    expect(runs).toBe(10_000);
    expect(Number.isFinite(ms)).toBe(true);
  });

  it('fails the bench past the limit, and only then', () => {
    expect(listSpeedProblem(LIST_LIMIT_MS)).toBeNull();
    expect(listSpeedProblem(31.8)).toBeNull();
    expect(listSpeedProblem(LIST_LIMIT_MS + 0.5)).toBe(
      'listing 10,000 stored runs took 100.5 ms, over the limit of 100 ms',
    );
  });
});
