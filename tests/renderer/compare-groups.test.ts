import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src-core/presets.ts';
import type { RunGroupRow } from '../../src-main/contract/rows.ts';
import {
  entriesOf,
  entryLabel,
  groupChoices,
  routeOf,
} from '../../src-renderer/views/compare/entries.ts';
import {
  bandEdges,
  entryCurves,
  epochStats,
  unevenEpochs,
  type CurveOptions,
  type LoadedEntry,
} from '../../src-renderer/views/compare/entry-curves.ts';
import { statPairs } from '../../src-renderer/views/compare/entry-results.ts';
import { entrySettingsRows, settingsRows } from '../../src-renderer/views/compare/compare.ts';
import { detail } from './compare-fixtures.ts';

describe('epochStats (a group per epoch)', () => {
  it('gives mean, sample std, min and max of the members at each epoch', () => {
    const [first, second] = epochStats([
      [0.9, 0.95],
      [0.92, 0.97],
      [0.94, 0.96],
    ]);
    expect(first.n).toBe(3);
    expect(first.mean).toBeCloseTo(0.92, 12);
    // Deviations −0.02, 0, 0.02: (0.0004 + 0.0004) / (3 − 1) = 0.0004, √ = 0.02.
    expect(first.std).toBeCloseTo(0.02, 12);
    expect([first.min, first.max]).toEqual([0.9, 0.94]);
    expect(second.mean).toBeCloseTo(0.96, 12);
  });

  it('averages an epoch over the members that reached it', () => {
    const stats = epochStats([[0.8, 0.9, 0.95], [0.7], [0.75, 0.85]]);
    expect(stats.map((s) => s.n)).toEqual([3, 2, 1]);
    expect(stats[1].mean).toBeCloseTo(0.875, 12);
    expect(stats[2]).toEqual({ n: 1, mean: 0.95, std: null, min: 0.95, max: 0.95 });
  });

  it('skips gaps and values that are not finite', () => {
    const [only] = epochStats([[null], [NaN], [0.5]]);
    expect(only).toEqual({ n: 1, mean: 0.5, std: null, min: 0.5, max: 0.5 });
    expect(epochStats([[null], [null]])[0]).toEqual({
      n: 0,
      mean: null,
      std: null,
      min: null,
      max: null,
    });
  });
});

describe('bandEdges', () => {
  const stats = epochStats([[0.9, 0.5], [0.94, 0.7], [0.98]]);

  it('is mean ± 1 std, or the lowest and highest member', () => {
    const std = bandEdges(stats, 'std');
    expect(std.lower[0]).toBeCloseTo(0.94 - 0.04, 12);
    expect(std.upper[0]).toBeCloseTo(0.94 + 0.04, 12);
    const range = bandEdges(stats, 'range');
    expect([range.lower[0], range.upper[0]]).toEqual([0.9, 0.98]);
    expect([range.lower[1], range.upper[1]]).toEqual([0.5, 0.7]);
  });

  it('has no band where fewer than two members have the epoch', () => {
    const one = epochStats([[0.9, 0.95], [0.92]]);
    expect(bandEdges(one, 'std').upper[1]).toBeNull();
    expect(bandEdges(one, 'range').lower[1]).toBeNull();
  });
});

const options = (over: Partial<CurveOptions> = {}): CurveOptions => ({
  axis: 'epoch',
  band: 'std',
  members: false,
  smoothing: { kind: 'off' },
  ...over,
});

const group = (label: string, runs: LoadedEntry['runs']): LoadedEntry => ({
  entry: { kind: 'group', ids: runs.map((r) => r.id) },
  label,
  runs,
});

describe('entryCurves', () => {
  const adam = group('adam', [detail(1, [0.9, 0.94]), detail(2, [0.92, 0.96])]);
  const sgd = group('sgd', [detail(3, [0.8, 0.86]), detail(4, [0.84, 0.9]), detail(5, [0.82])]);
  const single: LoadedEntry = {
    entry: { kind: 'run', id: 6 },
    label: '#6',
    runs: [detail(6, [0.7, 0.75])],
  };

  it("draws a group's mean with a band between edges at mean ± std", () => {
    const curves = entryCurves([adam, sgd], options());
    // Per group, validation then training: upper edge, lower edge, mean.
    expect(curves.series.map((s) => s.label)).toEqual([
      'adam validation upper',
      'adam validation lower',
      'adam validation (mean)',
      'adam train upper',
      'adam train lower',
      'adam train (mean)',
      'sgd validation upper',
      'sgd validation lower',
      'sgd validation (mean)',
      'sgd train upper',
      'sgd train lower',
      'sgd train (mean)',
    ]);
    expect(curves.bands).toHaveLength(4);
    const [band] = curves.bands;
    const data = curves.accuracy;
    expect(data[0]).toEqual([1, 2]);
    const mean = data[3];
    expect(mean[0]).toBeCloseTo(0.91, 12);
    const std = Math.sqrt(2 * 0.01 ** 2);
    expect(data[band.upper + 1][0]).toBeCloseTo(0.91 + std, 12);
    expect(data[band.lower + 1][0]).toBeCloseTo(0.91 - std, 12);
    // Edges are invisible and out of the legend; the mean is in it.
    expect(curves.series[band.upper]).toMatchObject({ alpha: 0, legend: false });
    expect(curves.series[2].legend).toBeUndefined();
  });

  it("averages sgd's second epoch over the two runs that reached it", () => {
    const { accuracy } = entryCurves([adam, sgd], options());
    expect(accuracy[9]).toEqual([expect.closeTo(0.82, 12), expect.closeTo(0.88, 12)]);
    expect(unevenEpochs(sgd.runs)).toEqual([1, 2]);
    expect(unevenEpochs(adam.runs)).toBeNull();
  });

  it('adds each member as a faint line, behind its group, when asked', () => {
    const curves = entryCurves([adam, single], options({ members: true }));
    const members = curves.series.filter(
      (s) => s.label.startsWith('#1 ') || s.label.startsWith('#2 '),
    );
    expect(members.map((s) => s.label)).toEqual([
      '#1 validation',
      '#2 validation',
      '#1 train',
      '#2 train',
    ]);
    expect(members.every((s) => s.legend === false && (s.alpha ?? 1) < 1)).toBe(true);
    expect(curves.accuracy[1]).toEqual([0.9, 0.94]); // #1's validation, as trained
    // A single run is its own line, in the legend.
    expect(curves.series.filter((s) => s.label.startsWith('#6 ')).map((s) => s.label)).toEqual([
      '#6 validation',
      '#6 train',
    ]);
  });

  it('keeps the raw line faint under the smoothed one', () => {
    const curves = entryCurves(
      [single, adam],
      options({ smoothing: { kind: 'average', window: 2 } }),
    );
    const raw = curves.series.findIndex((s) => s.label === '#6 validation (raw)');
    const smoothed = curves.series.findIndex((s) => s.label === '#6 validation, smoothed');
    expect(raw).toBeGreaterThanOrEqual(0);
    expect(smoothed).toBe(raw + 1);
    expect(curves.series[raw]).toMatchObject({ legend: false, alpha: 0.3 });
    expect(curves.accuracy[raw + 1]).toEqual([0.7, 0.75]);
    expect(curves.accuracy[smoothed + 1]).toEqual([0.7, expect.closeTo(0.725, 12)]);
  });

  it("puts a group's epochs on the share of its most planned epochs, or its mean wall time", () => {
    const short = group('short', [
      detail(7, [0.9, 0.92], { config: { ...PRESETS.quick, epochs: 4 } }),
      detail(8, [0.91], { config: { ...PRESETS.quick, epochs: 4 } }),
    ]);
    expect(entryCurves([short, adam], options({ axis: 'fraction' })).loss[0]).toContain(0.25);
    // Every fixture epoch takes 2 s: epoch 2 ends at 4 s.
    expect(entryCurves([short, adam], options({ axis: 'time' })).loss[0]).toEqual([2, 4]);
  });
});

describe('entries', () => {
  it('reads single runs and groups from the address and writes them back', () => {
    const entries = entriesOf([1, 2], [[3, 4, 5], [6]]);
    expect(entries).toEqual([
      { kind: 'run', id: 1 },
      { kind: 'run', id: 2 },
      { kind: 'group', ids: [3, 4, 5] },
      { kind: 'run', id: 6 },
    ]);
    expect(routeOf(entries)).toEqual({ ids: [1, 2, 6], groups: [[3, 4, 5]] });
  });

  it('drops repeats and keeps four entries at most', () => {
    expect(
      entriesOf(
        [1, 1, 2],
        [
          [3, 4],
          [3, 4],
        ],
      ),
    ).toHaveLength(3);
    expect(entriesOf([1, 2, 3, 4, 5])).toHaveLength(4);
  });

  const repeat: RunGroupRow = {
    id: 1,
    kind: 'repeat',
    name: 'adam seeds',
    seeds: 2,
    axes: [],
    createdAt: 0,
    runIds: [10, 11],
  };
  const sweep: RunGroupRow = {
    id: 2,
    kind: 'sweep',
    name: 'lr sweep',
    seeds: 2,
    axes: [{ setting: 'learningRate', values: [0.001, 0.01] }],
    createdAt: 0,
    runIds: [20, 21, 22, 23, 24],
  };
  const member = (id: number, groupId: number | null, learningRate: number, seed: number) => ({
    id,
    groupId,
    config: { ...PRESETS.quick, learningRate, seed },
  });
  const runs = [
    member(10, 1, 0.002, 1),
    member(11, 1, 0.002, 2),
    member(20, 2, 0.001, 1),
    member(21, 2, 0.01, 1),
    member(22, 2, 0.001, 2),
    member(23, 2, 0.01, 2),
    member(24, 2, 0.05, 1),
    member(30, null, 0.002, 1),
  ];

  it('offers a repeat whole and a sweep cell by cell, named by what sets it apart', () => {
    const choices = groupChoices([repeat, sweep], runs);
    expect(choices).toEqual([
      { groupId: 1, label: 'adam seeds', ids: [10, 11] },
      { groupId: 2, label: 'lr sweep: learning rate 0.001', ids: [20, 22] },
      { groupId: 2, label: 'lr sweep: learning rate 0.01', ids: [21, 23] },
    ]);
    const names = new Map([[5, 'baseline']]);
    expect(entryLabel({ kind: 'group', ids: [23, 21] }, names, choices)).toBe(
      'lr sweep: learning rate 0.01 (2 runs)',
    );
    expect(entryLabel({ kind: 'group', ids: [5, 6] }, names, choices)).toBe('Group of #5, #6');
    expect(entryLabel({ kind: 'run', id: 5 }, names, choices)).toBe('#5 baseline');
  });

  it('asks for comparisons that bring every group its statistics', () => {
    const run = { kind: 'run', id: 1 } as const;
    const g = { kind: 'group', ids: [2, 3] } as const;
    expect(statPairs([run, run])).toEqual([]);
    expect(statPairs([g, g])).toEqual([[0, 1]]);
    expect(statPairs([run, g, run, g])).toEqual([
      [1, 2],
      [2, 3],
    ]);
    expect(statPairs([g, run, g])).toEqual([
      [0, 1],
      [1, 2],
    ]);
  });
});

describe('entrySettingsRows', () => {
  const adam = [1, 2, 3].map((seed) => detail(seed, [0.9], { config: { ...PRESETS.quick, seed } }));
  const sgd = [4, 5].map((id) =>
    detail(id, [0.8], { config: { ...PRESETS.quick, optimizer: 'sgd', seed: id - 3 } }),
  );

  it("shows a group's value once where its runs agree and each where they do not", () => {
    const rows = entrySettingsRows([{ runs: adam }, { runs: sgd }]);
    const row = (name: string) => rows.find((r) => r.setting === name);
    expect(row('seed')).toEqual({ setting: 'seed', values: ['1, 2, 3', '1, 2'], differs: true });
    expect(row('optimizer')).toEqual({
      setting: 'optimizer',
      values: ['adam', 'sgd'],
      differs: true,
    });
    expect(row('architecture')?.differs).toBe(false);
  });

  it('is settingsRows for single runs', () => {
    const runs = [adam[0], sgd[0]];
    expect(entrySettingsRows(runs.map((r) => ({ runs: [r] })))).toEqual(settingsRows(runs));
  });
});
