import { describe, expect, it } from 'vitest';
import { readQuery } from '../../src-renderer/views/runs/runs-query.ts';
import { summary } from './runs-fixtures.ts';

describe('readQuery', () => {
  it('reads nothing into a blank query', () => {
    expect(readQuery('   ')).toEqual({ match: null, error: null });
  });

  it('gives the predicate of a query it can read', () => {
    const { match, error } = readQuery('optimizer = adam and test > 97%');
    expect(error).toBeNull();
    const runs = [
      summary(1, { testAccuracy: 0.975 }),
      summary(2, { testAccuracy: 0.96 }),
      summary(3, { optimizer: 'sgd', testAccuracy: 0.99 }),
    ];
    expect(runs.filter((r) => match?.(r)).map((r) => r.id)).toEqual([1]);
  });

  it('gives the error, with where it is, of one it cannot read', () => {
    const { match, error } = readQuery('optimizer = adm');
    expect(match).toBeNull();
    expect(error?.problem).toBe('bad-value');
    expect([error?.offset, error?.length]).toEqual([12, 3]);
  });
});
