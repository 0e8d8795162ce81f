import { describe, expect, it } from 'vitest';
import {
  countTick,
  nearestPoint,
  paddedRange,
  scatterData,
  timeTick,
} from '../../src-renderer/views/runs/runs-scatter.ts';
import { summary } from './runs-fixtures.ts';

describe('scatterData', () => {
  const list = [
    summary(1, { trainSeconds: 30, testAccuracy: 0.97, preset: 'quick' }),
    summary(2, { trainSeconds: 10, testAccuracy: 0.9, preset: null, parameters: 12_730 }),
    summary(3, { status: 'running', testAccuracy: null }),
    summary(4, { status: 'cancelled', testAccuracy: null }),
    summary(5, { trainSeconds: 200, testAccuracy: 0.98, preset: 'best', parameters: 535_818 }),
  ];

  it('plots completed runs by training time, x ascending, one series per preset', () => {
    const { points, columns } = scatterData(list, 'time');
    expect(points.map((p) => p.id)).toEqual([2, 1, 5]);
    expect(columns[0]).toEqual([10, 30, 200]);
    expect(columns[1]).toEqual([null, null, null]); // article
    expect(columns[2]).toEqual([null, 97, null]); // quick
    expect(columns[3]).toEqual([null, null, 98]); // best
    expect(columns[4]).toEqual([90, null, null]); // custom
  });

  it('plots by parameter count', () => {
    const { columns } = scatterData(list, 'parameters');
    expect(columns[0]).toEqual([12_730, 109_386, 535_818]);
  });

  it('leaves out runs without a positive x', () => {
    const { points } = scatterData([summary(1, { trainSeconds: 0, startedAt: null })], 'time');
    expect(points).toEqual([]);
  });
});

describe('nearestPoint', () => {
  const { points } = scatterData(
    [summary(1, { trainSeconds: 10 }), summary(2, { trainSeconds: 20 })],
    'time',
  );
  const toPixels = (p: { x: number; y: number }): [number, number] => [p.x * 10, 50];

  it('finds the closest point within the radius', () => {
    expect(nearestPoint(points, toPixels, 104, 52, 10)?.id).toBe(1);
    expect(nearestPoint(points, toPixels, 190, 50, 10)?.id).toBe(2);
  });

  it('finds none further away', () => {
    expect(nearestPoint(points, toPixels, 150, 50, 10)).toBeNull();
  });
});

describe('axis ticks', () => {
  it('write times short', () => {
    expect([5, 45, 60, 90, 300, 3600, 5400].map(timeTick)).toEqual([
      '5 s',
      '45 s',
      '1 min',
      '1:30 min',
      '5 min',
      '1 h',
      '1 h 30',
    ]);
  });
  it('write counts short', () => {
    expect([800, 12_730, 109_386, 1_250_000].map(countTick)).toEqual([
      '800',
      '12.7k',
      '109.4k',
      '1.25M',
    ]);
  });
});

describe('paddedRange', () => {
  it('adds 8% either side, within bounds', () => {
    expect(paddedRange(10, 110, 0)).toEqual([2, 118]);
    expect(paddedRange(1, 101, 0)).toEqual([0, 109]);
    expect(paddedRange(90, 99.9, 0, 100)[1]).toBe(100);
  });
  it('spans a single value', () => {
    expect(paddedRange(50, 50)).toEqual([45, 55]);
    expect(paddedRange(0, 0)).toEqual([-1, 1]);
  });
});

describe('a run started from a preset and modified', () => {
  it('is plotted with its preset', () => {
    const runs = [
      summary(1, { trainSeconds: 30, testAccuracy: 0.97, preset: 'quick', presetModified: true }),
    ];
    expect(scatterData(runs, 'time').points.map((p) => p.group)).toEqual(['quick']);
  });
});
