import { describe, expect, it } from 'vitest';
import {
  compareRoute,
  groupedRows,
  meanText,
  resultText,
  runRows,
  settingsGroups,
  sharedName,
  type TableRow,
} from '../../src-renderer/views/runs/runs-rows.ts';
import { DEFAULT_SORT, nextSort, sortRuns } from '../../src-renderer/views/runs/runs-table.ts';
import { percent } from '../../src-renderer/lib/format.ts';
import { summary } from './runs-fixtures.ts';

/** A run of the fixture's settings with another seed, learning rate or dataset. */
const run = (id: number, extra: Parameters<typeof summary>[1] & { lr?: number } = {}) => {
  const r = summary(id, extra);
  return { ...r, config: { ...r.config, seed: id, learningRate: extra.lr ?? r.learningRate } };
};

/** A row as the test reads it: "g:1,2" for a group of runs 1 and 2, "r:3" for a run, "m:1" for
 * a member under its open group. */
const shape = (rows: readonly TableRow[]) =>
  rows.map((row) =>
    row.kind === 'group'
      ? `g:${row.group.members.map((r) => r.id).join(',')}`
      : `${row.member ? 'm' : 'r'}:${row.run.id}`,
  );

describe('groupedRows', () => {
  const list = [
    run(1, { testAccuracy: 0.97, trainSeconds: 40 }),
    run(2, { testAccuracy: 0.98, trainSeconds: 50 }),
    run(3, { lr: 0.01, testAccuracy: 0.9 }),
    run(4, { testAccuracy: 0.99, trainSeconds: 60 }),
    run(5, { lr: 0.01, datasetId: 2, testAccuracy: 0.5 }),
  ];

  it('makes one row of the runs whose settings differ only by seed, where its first stands', () => {
    const rows = groupedRows(list, 'final', DEFAULT_SORT, new Set());
    expect(shape(rows)).toEqual(['g:1,2,4', 'r:3', 'r:5']);
    const [group] = rows;
    if (group.kind !== 'group') throw new Error('not a group');
    expect(group.group.value?.n).toBe(3);
    expect(group.group.value?.mean).toBeCloseTo(0.98, 12);
    expect(group.group.value?.std).toBeCloseTo(0.01, 12);
    expect(group.group.seconds?.mean).toBe(50);
    expect(group.expanded).toBe(false);
  });

  it('lists an open group’s members under it, in the table’s order', () => {
    const key = settingsGroups(list, 'final')[0].key;
    const rows = groupedRows(list, 'final', DEFAULT_SORT, new Set([key]));
    expect(shape(rows)).toEqual(['g:1,2,4', 'm:1', 'm:2', 'm:4', 'r:3', 'r:5']);
    expect(rows[0].kind === 'group' && rows[0].expanded).toBe(true);
  });

  it('keeps runs on another dataset apart even with the same settings', () => {
    const other = [run(1), run(2, { datasetId: 2 })];
    expect(shape(groupedRows(other, 'final', DEFAULT_SORT, new Set()))).toEqual(['r:1', 'r:2']);
  });

  it('sorts groups by their mean when sorted by the result, runs without a value last', () => {
    const withNone = [...list, run(6, { lr: 0.5, testAccuracy: null, status: 'failed' })];
    const byResult = nextSort(DEFAULT_SORT, 'testAccuracy');
    const sorted = sortRuns(withNone, byResult);
    expect(shape(groupedRows(sorted, 'final', byResult, new Set()))).toEqual([
      'g:4,2,1',
      'r:3',
      'r:5',
      'r:6',
    ]);
    const ascending = nextSort(byResult, 'testAccuracy');
    const up = groupedRows(sortRuns(withNone, ascending), 'final', ascending, new Set());
    expect(shape(up)).toEqual(['r:5', 'r:3', 'g:1,2,4', 'r:6']);
  });

  it('places a group by its mean, not by its best member', () => {
    const spread = [
      run(1, { testAccuracy: 0.99 }),
      run(2, { testAccuracy: 0.8 }),
      run(3, { lr: 0.01, testAccuracy: 0.95 }),
    ];
    const byResult = nextSort(DEFAULT_SORT, 'testAccuracy');
    const rows = groupedRows(sortRuns(spread, byResult), 'final', byResult, new Set());
    expect(shape(rows)).toEqual(['r:3', 'g:1,2']);
  });

  it('summarises the chosen value: best validation or lowest loss', () => {
    const seeds = [
      run(1, { bestValidationAccuracy: 0.96, bestEpoch: 4, minLoss: 0.1, minLossEpoch: 5 }),
      run(2, { bestValidationAccuracy: 0.98, bestEpoch: 6, minLoss: 0.2, minLossEpoch: 6 }),
      run(3, { bestValidationAccuracy: null, bestEpoch: 3, minLoss: null, minLossEpoch: null }),
    ];
    const [best] = settingsGroups(seeds, 'best');
    expect(best.value?.n).toBe(2);
    expect(best.value?.mean).toBeCloseTo(0.97, 12);
    const [low] = settingsGroups(seeds, 'min-loss');
    expect(low.value?.mean).toBeCloseTo(0.15, 12);
    expect(meanText(low.value, (v) => resultText(v, 'min-loss'))).toBe('0.15 ± 0.07071');
    expect(meanText(best.value, percent)).toBe('97.00% ± 1.41%');
  });

  it('leaves runs alone in their settings out of the groups, and plain rows ungrouped', () => {
    expect(settingsGroups([run(1), run(2, { lr: 0.1 })], 'final')).toEqual([]);
    expect(shape(runRows(list))).toEqual(['r:1', 'r:2', 'r:3', 'r:4', 'r:5']);
  });

  it('knows the stored repeat or sweep its members were all queued in', () => {
    const repeat = [run(1, { groupId: 7 }), run(2, { groupId: 7 })];
    expect(settingsGroups(repeat, 'final')[0].storedGroupId).toBe(7);
    const mixed = [run(1, { groupId: 7 }), run(2, { groupId: null })];
    expect(settingsGroups(mixed, 'final')[0].storedGroupId).toBeNull();
  });

  it('names a group by what its members’ names share', () => {
    const named = [
      run(1, { name: 'lr sweep · lr 0.001 · seed 1' }),
      run(2, { name: 'lr sweep · lr 0.001 · seed 2' }),
    ];
    expect(settingsGroups(named, 'final')[0].label).toBe('lr sweep · lr 0.001');
    const unrelated = [run(1, { name: 'alpha' }), run(2, { name: 'beta' })];
    expect(settingsGroups(unrelated, 'final')[0].label).toBe('alpha');
  });
});

describe('sharedName', () => {
  it('cuts back to whole words and drops separators and a dangling "seed"', () => {
    expect(sharedName(['quick', 'quick, seed 2'])).toBe('quick');
    expect(sharedName(['run 10', 'run 11'])).toBe('run');
    expect(sharedName(['adam big', 'adam bigger'])).toBe('adam');
    expect(sharedName(['same', 'same'])).toBe('same');
  });
});

describe('meanText', () => {
  it('says a single value without a spread, and nothing as a dash', () => {
    expect(meanText({ n: 1, mean: 0.5, std: null, min: 0.5, max: 0.5 }, percent)).toBe('50.00%');
    expect(meanText(null, percent)).toBe('–');
  });
});

describe('compareRoute', () => {
  it('sends the chosen runs as ids and each chosen group as its members, in id order', () => {
    const groups = settingsGroups(
      [run(4), run(3), run(5, { lr: 0.1 }), run(6, { lr: 0.1 })],
      'final',
    );
    expect(compareRoute([2, 1], groups)).toEqual({
      view: 'compare',
      ids: [1, 2],
      groups: [
        [3, 4],
        [5, 6],
      ],
    });
  });
});

describe('nextSort by the result', () => {
  it('starts best first: the highest accuracy, the lowest loss', () => {
    expect(nextSort(DEFAULT_SORT, 'testAccuracy', 'best').direction).toBe('descending');
    expect(nextSort(DEFAULT_SORT, 'testAccuracy', 'min-loss').direction).toBe('ascending');
  });

  it('sorts runs by the chosen summary value', () => {
    const list = [run(1, { minLoss: 0.3 }), run(2, { minLoss: 0.1 }), run(3, { minLoss: 0.2 })];
    const sort = nextSort(DEFAULT_SORT, 'testAccuracy', 'min-loss');
    expect(sortRuns(list, sort, 'min-loss').map((r) => r.id)).toEqual([2, 3, 1]);
  });
});
