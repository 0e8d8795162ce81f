import { describe, expect, it } from 'vitest';
import {
  activeBrushes,
  brushBetween,
  brushed,
  brushSpan,
  inBrush,
  parallelData,
  position,
  valueAt,
  type Brush,
  type CategoryAxis,
  type NumberAxis,
} from '../../src-renderer/views/runs/parallel-axes.ts';
import type { RunSummary } from '../../src-main/contract/rows.ts';
import { summary } from './runs-fixtures.ts';

/** A run of the fixture's settings with a few of them changed in its config. */
function run(id: number, config: Partial<RunSummary['config']>, extra: Partial<RunSummary> = {}) {
  const r = summary(id, extra);
  return { ...r, config: { ...r.config, seed: id, ...config } as RunSummary['config'] };
}

const list = [
  run(1, { learningRate: 0.0005, optimizer: 'adam' }, { testAccuracy: 0.95, trainSeconds: 10 }),
  run(2, { learningRate: 0.001, optimizer: 'sgd' }, { testAccuracy: 0.96, trainSeconds: 20 }),
  run(
    3,
    { learningRate: 0.01, optimizer: 'momentum', momentum: 0.9 },
    { testAccuracy: 0.98, trainSeconds: 30 },
  ),
  run(
    4,
    { learningRate: 0.01, optimizer: 'adam' },
    { testAccuracy: null, trainSeconds: null, status: 'failed', startedAt: null },
  ),
];

const axisNamed = <A>(data: ReturnType<typeof parallelData>, key: string): A => {
  const axis = data.axes.find((a) => a.key === key);
  if (axis === undefined) throw new Error(`no axis ${key}: ${data.axes.map((a) => a.key)}`);
  return axis as A;
};

describe('parallelData', () => {
  const data = parallelData(list, 'final');

  it('has an axis per setting that varies (the seed never), then the result and time', () => {
    expect(data.axes.map((a) => a.key)).toEqual(['optimizer', 'lr', 'momentum', 'result', 'time']);
    expect(data.axes.map((a) => a.label).slice(-2)).toEqual(['test', 'time']);
  });

  it('reads every run’s value on every axis once, in the runs’ order', () => {
    expect(data.values).toHaveLength(4);
    expect(data.values[2]).toEqual(['momentum', 0.01, 0.9, 0.98, 30]);
    // No momentum for Adam or SGD; no result for the failed run.
    expect(data.values[0][2]).toBeNull();
    expect(data.values[3].slice(-2)).toEqual([null, null]);
  });

  it('puts learning rates on a log axis, categories in natural order', () => {
    const lr = axisNamed<NumberAxis>(data, 'lr');
    expect(lr.log).toBe(true);
    expect(position(lr, 0.0005)).toBe(0);
    expect(position(lr, 0.01)).toBe(1);
    expect(position(lr, 0.001)).toBeCloseTo(Math.log(2) / Math.log(20), 12);
    expect(valueAt(lr, position(lr, 0.001) as number)).toBeCloseTo(0.001, 12);
    const optimizer = axisNamed<CategoryAxis>(data, 'optimizer');
    expect(optimizer.categories).toEqual(['adam', 'momentum', 'sgd']);
    expect(position(optimizer, 'momentum')).toBe(0.5);
    const time = axisNamed<NumberAxis>(data, 'time');
    expect(time.log).toBe(false);
    expect(position(time, 20)).toBe(0.5);
    expect(position(time, null)).toBeNull();
  });

  it('shows the chosen summary value on the result axis', () => {
    const losses = list.map((r, i) => ({ ...r, minLoss: 0.1 * (i + 1) }));
    const byLoss = parallelData(losses, 'min-loss');
    const result = axisNamed<NumberAxis>(byLoss, 'result');
    expect(result.label).toBe('min loss');
    expect(result.percent).toBe(false);
    expect([result.min, result.max]).toEqual([0.1, 0.4]);
  });

  it('has no setting axes for runs that differ only by seed', () => {
    const seeds = [run(1, {}), run(2, {})];
    expect(parallelData(seeds, 'final').axes.map((a) => a.key)).toEqual(['result', 'time']);
  });
});

describe('brushing', () => {
  const data = parallelData(list, 'final');
  const lr = axisNamed<NumberAxis>(data, 'lr');
  const optimizer = axisNamed<CategoryAxis>(data, 'optimizer');

  it('turns a drag on a number axis into the range of values between, either way up', () => {
    const brush = brushBetween(lr, 1, position(lr, 0.001) as number);
    expect(brush).toMatchObject({ kind: 'range' });
    if (brush?.kind !== 'range') throw new Error('no range');
    expect(brush.min).toBeCloseTo(0.001, 12);
    expect(brush.max).toBeCloseTo(0.01, 12);
    expect(brushSpan(lr, brush)[1]).toBeCloseTo(1, 12);
  });

  it('turns a drag on a category axis into the categories it covers, or none', () => {
    expect(brushBetween(optimizer, 0.4, 1.2)).toEqual({ kind: 'set', values: ['momentum', 'sgd'] });
    expect(brushBetween(optimizer, 0.1, 0.2)).toBeNull();
  });

  it('keeps a run only inside every brush at once', () => {
    const brushes = new Map<string, Brush>([
      ['lr', { kind: 'range', min: 0.001, max: 0.01 }],
      ['optimizer', { kind: 'set', values: ['adam', 'momentum'] }],
    ]);
    expect(brushed(data, brushes)).toEqual([false, false, true, true]);
    brushes.set('result', { kind: 'range', min: 0.9, max: 1 });
    // The failed run has no result: outside any brush on it.
    expect(brushed(data, brushes)).toEqual([false, false, true, false]);
    expect(activeBrushes(data, brushes)).toBe(3);
  });

  it('ignores brushes on axes no longer shown, and keeps all without a brush', () => {
    const stale = new Map<string, Brush>([['dropout', { kind: 'range', min: 0, max: 0.1 }]]);
    expect(brushed(data, stale)).toEqual([true, true, true, true]);
    expect(activeBrushes(data, stale)).toBe(0);
  });

  it('reads the bounds of a range as inside it', () => {
    const brush: Brush = { kind: 'range', min: 1, max: 2 };
    expect([0.99, 1, 2, 2.01].map((v) => inBrush(brush, v))).toEqual([false, true, true, false]);
    expect(inBrush(brush, null)).toBe(false);
    expect(inBrush({ kind: 'set', values: ['128,64'] }, '128,64')).toBe(true);
  });

  it('reads 1,000 runs across their axes in one pass each', () => {
    const many = Array.from({ length: 1000 }, (_, i) =>
      run(i + 1, { learningRate: 0.0005 * (1 + (i % 20)), batchSize: [32, 64, 128][i % 3] }),
    );
    const big = parallelData(many, 'final');
    expect(big.axes.map((a) => a.key)).toEqual(['lr', 'batch', 'result', 'time']);
    const kept = brushed(big, new Map([['batch', { kind: 'range', min: 64, max: 128 }]]));
    expect(kept.filter(Boolean)).toHaveLength(666);
  });
});
