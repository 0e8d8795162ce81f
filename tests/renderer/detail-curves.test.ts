import { describe, expect, it } from 'vitest';
import type { EpochRow, RunEventRow } from '../../src-main/contract/rows.ts';
import { align } from '../../src-renderer/components/charts/align.ts';
import { withAlpha } from '../../src-renderer/components/charts/chart-types.ts';
import {
  addLivePoint,
  bestEpoch,
  epochX,
  etaSeconds,
  type LivePoint,
} from '../../src-renderer/state/run-metrics.ts';
import {
  curvesSummary,
  nothingToPlot,
  runCurves,
} from '../../src-renderer/views/run-detail/curves.ts';
import { historyLines } from '../../src-renderer/views/run-detail/history.ts';

const epoch = (n: number, over: Partial<EpochRow> = {}): EpochRow => ({
  epoch: n,
  trainLoss: 1 / n,
  trainAccuracy: 0.8 + n / 100,
  validationLoss: 1.1 / n,
  validationAccuracy: 0.78 + n / 100,
  learningRate: 0.01,
  seconds: 2,
  samplesPerSecond: 1000,
  gradientNorms: null,
  ...over,
});
const point = (e: number, batch: number, loss = 1, accuracy = 0.5): LivePoint => ({
  epoch: e,
  batch,
  batches: 10,
  loss,
  accuracy,
});

describe('align', () => {
  it('merges series measured at different x on the union of their x, with gaps as null', () => {
    expect(
      align([
        { x: [0.5, 1, 1.5], y: [3, 2, 1] },
        { x: [1, 2], y: [20, 10] },
      ]),
    ).toEqual([
      [0.5, 1, 1.5, 2],
      [3, 2, 1, null],
      [null, 20, null, 10],
    ]);
  });

  it('handles empty series', () => {
    expect(align([])).toEqual([[]]);
    expect(align([{ x: [], y: [] }])).toEqual([[], []]);
  });
});

describe('the epoch axis', () => {
  it('puts batch b of epoch e at e − 1 + b/batches, so an epoch ends at its number', () => {
    expect(epochX(point(1, 5))).toBe(0.5);
    expect(epochX(point(3, 10))).toBe(3);
  });

  it('keeps live points in order: a repeat at the same x replaces, an older one is dropped', () => {
    const points: LivePoint[] = [];
    addLivePoint(points, point(1, 2, 0.9));
    addLivePoint(points, point(1, 4, 0.8));
    addLivePoint(points, point(1, 4, 0.7));
    addLivePoint(points, point(1, 3, 0.1));
    addLivePoint(points, point(2, 1, 0.6));
    expect(points.map((p) => [p.epoch, p.batch, p.loss])).toEqual([
      [1, 2, 0.9],
      [1, 4, 0.7],
      [2, 1, 0.6],
    ]);
  });
});

describe('runCurves', () => {
  it('gives live training points and per-epoch training and validation points on one x axis', () => {
    const live = [point(1, 5, 2, 0.4), point(2, 5, 1, 0.7)];
    const { loss, accuracy } = runCurves(live, [epoch(1), epoch(2)], 0);
    expect(loss[0]).toEqual([0.5, 1, 1.5, 2]);
    expect(loss[1]).toEqual([2, null, 1, null]);
    expect(loss[2]).toEqual([null, 1, null, 0.5]);
    expect(loss[3]).toEqual([null, 1.1, null, 0.55]);
    expect(accuracy[1]).toEqual([0.4, null, 0.7, null]);
    expect(accuracy[3]).toEqual([null, 0.79, null, 0.8]);
  });

  it('smooths only the live series', () => {
    const live = [point(1, 2, 2), point(1, 4, 1), point(1, 6, 2)];
    const { loss } = runCurves(live, [epoch(1)], 0.5);
    expect(loss[1][0]).toBe(2);
    expect(loss[1][1]).toBeCloseTo((0.25 * 2 + 0.5 * 1) / 0.75, 12);
    expect(loss[2].at(-1)).toBe(1);
  });
});

describe('curvesSummary', () => {
  it('says where training stands before the first epoch ends, and follows each live point', () => {
    expect(curvesSummary([], [], 'loss')).toBe('No points yet.');
    const live = [point(1, 2, 2.5, 0.3)];
    expect(curvesSummary(live, [], 'loss')).toBe(
      'Epoch 1, batch 2 of 10: training loss so far 2.5.',
    );
    live.push(point(1, 6, 1.25, 0.6));
    expect(curvesSummary(live, [], 'accuracy')).toBe(
      'Epoch 1, batch 6 of 10: training accuracy so far 60.00%.',
    );
  });

  it('gives the last finished epoch, then the epoch in progress', () => {
    const live = [point(1, 10, 1), point(2, 4, 0.4)];
    expect(curvesSummary(live, [epoch(1)], 'loss')).toBe(
      'After epoch 1: training loss 1, validation loss 1.1. ' +
        'Epoch 2, batch 4 of 10: training loss so far 0.4.',
    );
    // Once the epoch in progress is saved, only the saved values are said.
    expect(curvesSummary(live.slice(0, 1), [epoch(1)], 'accuracy')).toBe(
      'After epoch 1: training accuracy 81.00%, validation accuracy 79.00%.',
    );
  });

  it('says when a run has no validation part', () => {
    const rows = [epoch(1, { validationLoss: null, validationAccuracy: null })];
    expect(curvesSummary([], rows, 'loss')).toBe('After epoch 1: training loss 1.');
  });
});

describe('nothingToPlot', () => {
  it('says a run that ended before its first epoch has nothing to plot', () => {
    for (const status of ['failed', 'cancelled', 'interrupted', 'completed'] as const)
      expect(nothingToPlot(status, [], [])).toBe(
        'The run stopped before finishing an epoch: nothing to plot.',
      );
  });

  it('is null while points can still come, or when there are some', () => {
    expect(nothingToPlot('running', [], [])).toBeNull();
    expect(nothingToPlot('queued', [], [])).toBeNull();
    expect(nothingToPlot('failed', [point(1, 2)], [])).toBeNull();
    expect(nothingToPlot('failed', [], [epoch(1)])).toBeNull();
  });
});

describe('bestEpoch', () => {
  it('is the epoch with the highest validation accuracy, the earliest on a tie', () => {
    const epochs = [
      epoch(1, { validationAccuracy: 0.9 }),
      epoch(2, { validationAccuracy: 0.95 }),
      epoch(3, { validationAccuracy: 0.95 }),
      epoch(4, { validationAccuracy: 0.93 }),
    ];
    expect(bestEpoch(epochs)?.epoch).toBe(2);
  });

  it('falls back to the lowest training loss without a validation part', () => {
    const epochs = [1, 2, 3].map((n) =>
      epoch(n, {
        validationAccuracy: null,
        validationLoss: null,
        trainLoss: [0.5, 0.3, 0.4][n - 1],
      }),
    );
    expect(bestEpoch(epochs)?.epoch).toBe(2);
  });

  it('is null before any epoch', () => {
    expect(bestEpoch([])).toBeNull();
  });
});

describe('etaSeconds', () => {
  it('extrapolates the time so far over the share of batches done', () => {
    // A quarter done (epoch 1 of 2, 5 of 10 batches) in 10 s: 30 s left.
    expect(etaSeconds({ epoch: 1, epochs: 2, batch: 5, batches: 10 }, 10)).toBeCloseTo(30, 12);
    expect(etaSeconds({ epoch: 2, epochs: 2, batch: 10, batches: 10 }, 40)).toBe(0);
  });

  it('has no answer before the first batch', () => {
    expect(etaSeconds({ epoch: 1, epochs: 3, batch: 0, batches: 10 }, 1)).toBeNull();
  });
});

describe('historyLines', () => {
  const event = (
    kind: RunEventRow['kind'],
    batch: number,
    value: number | null = null,
  ): RunEventRow => ({
    at: 1000 + batch,
    epoch: 1,
    batch,
    kind,
    value,
  });

  it('tells pauses, rate changes and resumes, and a run of steps as one line', () => {
    const lines = historyLines([
      event('paused', 57),
      event('step', 58),
      event('step', 59),
      event('step', 60),
      event('learning-rate', 60, 0.005),
      event('step', 61),
      event('resumed', 61),
    ]);
    expect(lines.map((l) => l.text)).toEqual([
      'Paused at epoch 1, batch 57',
      'Stepped 3 batches, to epoch 1, batch 60',
      'Learning rate set to 0.005 at epoch 1, batch 60',
      'Stepped 1 batch, to epoch 1, batch 61',
      'Resumed at epoch 1, batch 61',
    ]);
    expect(lines[1].at).toBe(1058);
  });

  it('tells a cancel and a resume from a checkpoint (or from the start)', () => {
    const lines = historyLines([
      event('cancelled', 12),
      { ...event('continued', 0), epoch: 0 },
      { ...event('cancelled', 3), epoch: 4 },
      { ...event('continued', 0), epoch: 3 },
    ]);
    expect(lines.map((l) => l.text)).toEqual([
      'Cancelled at epoch 1, batch 12',
      'Resumed from the beginning (no epoch had finished)',
      'Cancelled at epoch 4, batch 3',
      'Resumed from the checkpoint after epoch 3',
    ]);
  });
});

describe('withAlpha', () => {
  it('turns a hex colour into rgba and leaves other colours alone', () => {
    expect(withAlpha('#2f5fd0', 0.5)).toBe('rgba(47, 95, 208, 0.5)');
    expect(withAlpha('#2f5fd0', 1)).toBe('#2f5fd0');
    expect(withAlpha('rebeccapurple', 0.5)).toBe('rebeccapurple');
  });
});
