import { describe, expect, it } from 'vitest';
import {
  canCompare,
  DEFAULT_SORT,
  filterRuns,
  isFiltered,
  liveRuns,
  NO_FILTER,
  nextSort,
  parseTags,
  runSeconds,
  shortDate,
  sortRuns,
  STATUSES,
  tagsOf,
} from '../../src-renderer/views/runs/runs-table.ts';
import { collapsedRun, divergedRun, summary } from './runs-fixtures.ts';
import { RUN_STATUSES } from '../../src-main/contract/rows.ts';

const ids = (list: { id: number }[]) => list.map((r) => r.id);

describe('sortRuns', () => {
  it('puts the newest first by default', () => {
    const list = [summary(1), summary(3), summary(2)];
    expect(ids(sortRuns(list, DEFAULT_SORT))).toEqual([3, 2, 1]);
  });

  it('sorts names naturally, ignoring case', () => {
    const list = [
      summary(1, { name: 'run 10' }),
      summary(2, { name: 'Run 9' }),
      summary(3, { name: 'alpha' }),
    ];
    expect(ids(sortRuns(list, { key: 'name', direction: 'ascending' }))).toEqual([3, 2, 1]);
    expect(ids(sortRuns(list, { key: 'name', direction: 'descending' }))).toEqual([1, 2, 3]);
  });

  it('keeps runs without a value last in both directions', () => {
    const list = [
      summary(1, { testAccuracy: 0.9 }),
      summary(2, { testAccuracy: null, status: 'running' }),
      summary(3, { testAccuracy: 0.95 }),
    ];
    expect(ids(sortRuns(list, { key: 'testAccuracy', direction: 'descending' }))).toEqual([
      3, 1, 2,
    ]);
    expect(ids(sortRuns(list, { key: 'testAccuracy', direction: 'ascending' }))).toEqual([1, 3, 2]);
  });

  it('orders architectures by size, not as text', () => {
    const list = [
      summary(1, { architecture: '784-16-10', parameters: 12_730 }),
      summary(2, { architecture: '784-128-64-10', parameters: 109_386 }),
    ];
    expect(ids(sortRuns(list, { key: 'architecture', direction: 'ascending' }))).toEqual([1, 2]);
  });

  it('orders statuses live first', () => {
    const list = [summary(1, { status: 'failed' }), summary(2, { status: 'running' }), summary(3)];
    expect(ids(sortRuns(list, { key: 'status', direction: 'ascending' }))).toEqual([2, 3, 1]);
  });

  it('orders runs by the state the table shows: one that did not learn after one that did', () => {
    const list = [divergedRun(1), collapsedRun(2), summary(3, { status: 'failed' }), summary(4)];
    expect(ids(sortRuns(list, { key: 'status', direction: 'ascending' }))).toEqual([4, 2, 1, 3]);
  });

  it('sorts by duration from the recorded training time, else the wall time', () => {
    const list = [
      summary(1, { trainSeconds: 100 }),
      summary(2, { trainSeconds: null, startedAt: 0, finishedAt: 5000 }),
      summary(3, { trainSeconds: 20 }),
    ];
    expect(ids(sortRuns(list, { key: 'duration', direction: 'ascending' }))).toEqual([2, 3, 1]);
  });

  it('breaks ties newest first and does not change its input', () => {
    const list = [summary(1), summary(2)];
    expect(ids(sortRuns(list, { key: 'optimizer', direction: 'ascending' }))).toEqual([2, 1]);
    expect(ids(list)).toEqual([1, 2]);
  });
});

describe('nextSort', () => {
  it('flips the direction of the same column', () => {
    expect(nextSort({ key: 'name', direction: 'ascending' }, 'name')).toEqual({
      key: 'name',
      direction: 'descending',
    });
  });
  it('starts text columns A→Z and numbers largest first', () => {
    expect(nextSort(DEFAULT_SORT, 'name').direction).toBe('ascending');
    expect(nextSort(DEFAULT_SORT, 'testAccuracy').direction).toBe('descending');
  });
});

describe('filterRuns', () => {
  const list = [
    summary(1, {
      name: 'Baseline',
      notes: 'the article net',
      tags: ['blog'],
      architecture: '784-32-16-10',
    }),
    summary(2, { name: 'wide adam', status: 'failed', tags: ['adam', 'wide'] }),
    summary(3, { name: 'small', architecture: '784-16-10', tags: ['adam'] }),
  ];

  it('matches every word in name, notes or architecture, ignoring case', () => {
    expect(ids(filterRuns(list, { ...NO_FILTER, text: 'ARTICLE' }))).toEqual([1]);
    expect(ids(filterRuns(list, { ...NO_FILTER, text: '784-16' }))).toEqual([3]);
    expect(ids(filterRuns(list, { ...NO_FILTER, text: 'wide adam' }))).toEqual([2]);
    expect(ids(filterRuns(list, { ...NO_FILTER, text: 'adam small' }))).toEqual([]);
  });

  it('narrows by status and tag', () => {
    expect(ids(filterRuns(list, { ...NO_FILTER, status: 'failed' }))).toEqual([2]);
    expect(ids(filterRuns(list, { ...NO_FILTER, tag: 'adam' }))).toEqual([2, 3]);
    expect(ids(filterRuns(list, { text: 'small', status: 'completed', tag: 'adam' }))).toEqual([3]);
  });

  it('narrows by the state the table shows, so runs that blew up or collapsed can be found', () => {
    const mixed = [...list, divergedRun(4), collapsedRun(5)];
    expect(ids(filterRuns(mixed, { ...NO_FILTER, status: 'diverged' }))).toEqual([4]);
    expect(ids(filterRuns(mixed, { ...NO_FILTER, status: 'collapsed' }))).toEqual([5]);
    expect(ids(filterRuns(mixed, { ...NO_FILTER, status: 'failed' }))).toEqual([2]);
    expect(ids(filterRuns(mixed, { ...NO_FILTER, status: 'completed' }))).toEqual([1, 3]);
  });

  it('matches a tag whatever its case', () => {
    const mixed = [...list, summary(4, { tags: ['Adam'] })];
    expect(ids(filterRuns(mixed, { ...NO_FILTER, tag: 'adam' }))).toEqual([2, 3, 4]);
    expect(ids(filterRuns(mixed, { ...NO_FILTER, tag: 'ADAM' }))).toEqual([2, 3, 4]);
  });

  it('shows everything without a filter', () => {
    expect(filterRuns(list, NO_FILTER)).toHaveLength(3);
    expect(isFiltered(NO_FILTER)).toBe(false);
    expect(isFiltered({ ...NO_FILTER, text: '  ' })).toBe(false);
    expect(isFiltered({ ...NO_FILTER, tag: 'x' })).toBe(true);
  });
});

describe('tags', () => {
  it('lists the tags in use once each, alphabetically', () => {
    expect(
      tagsOf([summary(1, { tags: ['wide', 'adam'] }), summary(2, { tags: ['Adam2', 'adam'] })]),
    ).toEqual(['adam', 'Adam2', 'wide']);
  });

  it('counts “Adam” and “adam” as one tag, spelled as it was first', () => {
    expect(
      tagsOf([summary(2, { tags: ['adam', 'WIDE'] }), summary(1, { tags: ['Adam', 'wide'] })]),
    ).toEqual(['Adam', 'wide']);
  });

  it('reads comma-separated tags, trimmed and without blanks or repeats', () => {
    expect(parseTags(' baseline, adam ,,adam, ')).toEqual(['baseline', 'adam']);
    expect(parseTags('')).toEqual([]);
    expect(parseTags('Adam, baseline, adam, ADAM')).toEqual(['Adam', 'baseline']);
  });
});

describe('selection rules', () => {
  it('compares 2 to 4 runs', () => {
    expect([0, 1, 2, 3, 4, 5].map(canCompare)).toEqual([false, false, true, true, true, false]);
  });

  it('finds the runs that cannot be deleted yet', () => {
    const list = [summary(1), summary(2, { status: 'running' }), summary(3, { status: 'queued' })];
    expect(ids(liveRuns(list))).toEqual([2, 3]);
  });

  it('knows no duration for a run that has not finished', () => {
    expect(runSeconds(summary(1, { trainSeconds: null, finishedAt: null }))).toBeNull();
  });
});

describe('shortDate', () => {
  const now = new Date(2025, 2, 3, 18, 0);
  it('gives the time for today, the day for this year, the year for others', () => {
    expect(shortDate(new Date(2025, 2, 3, 9, 5).getTime(), now)).toBe('today 09:05');
    expect(shortDate(new Date(2025, 0, 31, 23, 59).getTime(), now)).toBe('31 Jan 23:59');
    expect(shortDate(new Date(2024, 2, 3, 9, 5).getTime(), now)).toBe('3 Mar 2024');
  });
});

describe('STATUSES', () => {
  it('lists every status the store knows and the outcomes, live ones first', () => {
    expect([...STATUSES].sort()).toEqual([...RUN_STATUSES, 'diverged', 'collapsed'].sort());
    expect(STATUSES.slice(0, 2)).toEqual(['running', 'queued']);
  });
});
