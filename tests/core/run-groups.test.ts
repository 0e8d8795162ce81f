// Runs grouped by their settings but the seed, on the same dataset, with the spread of results.
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src-core/presets.ts';
import { groupBySettings, settingsKey } from '../../src-core/run-groups.ts';
import { testRun } from '../fixtures/core/runs.ts';

describe('settingsKey', () => {
  const quick = PRESETS.quick;

  it('ignores the seed and the order of a config’s keys', () => {
    const reordered = Object.fromEntries(Object.entries(quick).reverse()) as typeof quick;
    expect(settingsKey({ ...quick, seed: 99 }, 1)).toBe(settingsKey(quick, 1));
    expect(settingsKey(reordered, 1)).toBe(settingsKey(quick, 1));
  });

  it('treats a setting the run does not use, or an optional one at its default, as the same', () => {
    expect(settingsKey({ ...quick, momentum: 0.5 }, 1)).toBe(settingsKey(quick, 1));
    expect(settingsKey({ ...quick, dropout: 0, threads: 'auto', augmentation: null }, 1)).toBe(
      settingsKey(quick, 1),
    );
  });

  it('tells apart any other setting, and another dataset', () => {
    const key = settingsKey(quick, 1);
    expect(settingsKey(quick, 2)).not.toBe(key);
    for (const other of [
      { learningRate: 0.001 },
      { layers: [128, 32] },
      { batchSize: 'full' as const },
      { schedule: { type: 'cosine' as const, minFactor: 0.01 } },
      { augmentation: PRESETS.best.augmentation },
      { threads: 1 },
      { optimizer: 'momentum' as const },
    ])
      expect(settingsKey({ ...quick, ...other }, 1), JSON.stringify(other)).not.toBe(key);
  });
});

describe('groupBySettings', () => {
  it('groups repeats over seeds with mean ± sample std, min and max', () => {
    const runs = [
      testRun(1, { testAccuracy: 0.97, trainSeconds: 40 }, { seed: 1 }),
      testRun(2, { testAccuracy: 0.96, trainSeconds: 30 }, { seed: 1, optimizer: 'sgd' }),
      testRun(3, { testAccuracy: 0.98, trainSeconds: 44 }, { seed: 2 }),
      testRun(4, { testAccuracy: null, trainSeconds: null, status: 'running' }, { seed: 3 }),
      testRun(5, { testAccuracy: 0.99, trainSeconds: 42 }, { seed: 4 }),
    ];
    const groups = groupBySettings(runs);
    expect(groups.map((g) => g.members.map((r) => r.id))).toEqual([[1, 3, 4, 5], [2]]);
    const [adam, sgd] = groups;
    expect(adam.n).toBe(4);
    expect(adam.accuracy).toEqual({
      n: 3,
      mean: expect.closeTo(0.98, 12),
      std: expect.closeTo(0.01, 12),
      min: 0.97,
      max: 0.99,
    });
    // 40, 44, 42: mean 42, s = √((4 + 4 + 0) / 2) = 2.
    expect(adam.seconds).toEqual({ n: 3, mean: 42, std: 2, min: 40, max: 44 });
    expect(adam.key).toBe(settingsKey(runs[0].config, 1));
    expect(sgd).toMatchObject({ n: 1, accuracy: { n: 1, mean: 0.96, std: null } });
  });

  it('keeps runs without a result as members, out of both statistics', () => {
    // A cancelled run may have trained a while: its time is not a finished run's time.
    const [group] = groupBySettings([testRun(1, { testAccuracy: null, trainSeconds: 12 })]);
    expect(group).toMatchObject({ n: 1, accuracy: null, seconds: null });
  });

  it('keeps runs on different datasets apart', () => {
    const groups = groupBySettings([testRun(1), testRun(2, { datasetId: 2 })]);
    expect(groups.map((g) => g.n)).toEqual([1, 1]);
  });

  it('returns no groups for no runs', () => {
    expect(groupBySettings([])).toEqual([]);
  });
});
