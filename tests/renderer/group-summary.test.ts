import { describe, expect, it } from 'vitest';
import type { RunGroupRow, RunSummary } from '../../src-main/contract/rows.ts';
import { niceScale } from '../../src-renderer/views/group/chart-scale.ts';
import {
  bestAndWorst,
  cellsOf,
  etaSeconds,
  memberLabel,
  progressOf,
  spreadOf,
} from '../../src-renderer/views/group/group-summary.ts';
import { spreadText } from '../../src-renderer/views/group/summary-format.ts';
import { summary } from './runs-fixtures.ts';

const T0 = Date.UTC(2025, 0, 1);

const group = (extra: Partial<RunGroupRow> = {}): RunGroupRow => ({
  id: 1,
  kind: 'sweep',
  name: 'quick: lr × batch, 2 seeds',
  seeds: 2,
  axes: [
    { setting: 'learningRate', values: [0.002, 0.001] },
    { setting: 'batchSize', values: [32, 64] },
  ],
  createdAt: T0,
  runIds: [],
  ...extra,
});

/** A member of the sweep: its learning rate, batch, seed and test accuracy. */
const member = (
  id: number,
  learningRate: number,
  batchSize: number,
  seed: number,
  testAccuracy: number | null,
  extra: Partial<RunSummary> = {},
): RunSummary => summary(id, { learningRate, batchSize, seed, testAccuracy, groupId: 1, ...extra });

describe('progressOf and etaSeconds', () => {
  const runs = [
    member(1, 0.001, 32, 1, 0.9, { trainSeconds: 30 }),
    member(2, 0.001, 64, 1, 0.9, { trainSeconds: 50 }),
    member(3, 0.002, 32, 1, null, {
      status: 'running',
      trainSeconds: null,
      startedAt: T0,
      finishedAt: null,
    }),
    member(4, 0.002, 64, 1, null, { status: 'queued', trainSeconds: null, startedAt: null }),
    member(5, 0.002, 64, 2, null, { status: 'failed', trainSeconds: null }),
  ];

  it('counts runs by status', () => {
    expect(progressOf(runs)).toMatchObject({
      total: 5,
      completed: 2,
      running: 1,
      queued: 1,
      failed: 1,
      cancelled: 0,
    });
  });

  it('gives each run left the mean time of the completed ones, less what a running one has had', () => {
    // Mean 40 s: the queued run 40 s, the running one (10 s in) 30 s more.
    expect(etaSeconds(runs, T0 + 10_000)).toBe(70);
    // A running run past the mean is counted as about to end, not as negative time.
    expect(etaSeconds(runs, T0 + 100_000)).toBe(40);
  });

  it('knows no time left before a run completed, nor when nothing is left', () => {
    expect(etaSeconds(runs.slice(2), T0)).toBeNull();
    expect(etaSeconds(runs.slice(0, 2), T0)).toBeNull();
  });
});

describe('spreadOf', () => {
  it('gives the mean and the sample standard deviation', () => {
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squares sum 32, sample variance 32 / 7.
    const s = spreadOf([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(s.n).toBe(8);
    expect(s.mean).toBe(5);
    expect(s.std).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(spreadOf([0.9])).toEqual({ n: 1, mean: 0.9, std: null });
    expect(spreadOf([])).toEqual({ n: 0, mean: null, std: null });
  });

  it('reads as mean ± std in the summary value’s unit', () => {
    expect(spreadText(spreadOf([0.97, 0.975]), 'final')).toBe('97.25% ± 0.35%');
    expect(spreadText(spreadOf([0.08]), 'min-loss')).toBe('0.08');
    expect(spreadText(spreadOf([]), 'best')).toBe('–');
  });
});

describe('cellsOf', () => {
  const runs = [
    member(1, 0.002, 32, 1, 0.95),
    member(2, 0.002, 64, 1, 0.96),
    member(3, 0.001, 32, 1, 0.97),
    member(4, 0.001, 64, 1, 0.9),
    member(5, 0.002, 32, 2, 0.97),
    member(6, 0.002, 64, 2, null, { status: 'running' }),
    member(7, 0.001, 32, 2, 0.99),
    member(8, 0.001, 64, 2, 0.92),
  ];

  it('puts every run in the cell of its values, numbers ascending, first axis slowest', () => {
    const { axes, cells } = cellsOf(group(), runs, 'final');
    expect(axes.map((a) => [a.short, a.texts])).toEqual([
      ['lr', ['0.001', '0.002']],
      ['batch', ['32', '64']],
    ]);
    expect(cells.map((c) => [c.label, c.runs.map((r) => r.id), c.valued])).toEqual([
      ['lr 0.001 · batch 32', [3, 7], [3, 7]],
      ['lr 0.001 · batch 64', [4, 8], [4, 8]],
      ['lr 0.002 · batch 32', [1, 5], [1, 5]],
      ['lr 0.002 · batch 64', [2, 6], [2]],
    ]);
    expect(cells[0].spread.mean).toBeCloseTo(0.98, 12);
    expect(cells[3].spread).toEqual({ n: 1, mean: 0.96, std: null });
  });

  it('ranks cells by the summary value, lower first for the lowest loss', () => {
    const final = bestAndWorst(cellsOf(group(), runs, 'final'));
    expect([final?.best.label, final?.worst.label]).toEqual([
      'lr 0.001 · batch 32',
      'lr 0.001 · batch 64',
    ]);
    // Cell means 5.5, 4.5, 4.5 and 1.5: the lowest loss is the best.
    const losses = runs.map((r, i) => ({ ...r, minLoss: [5, 1, 3, 2, 4, 2, 8, 7][i] }));
    const minLoss = bestAndWorst(cellsOf(group(), losses, 'min-loss'));
    expect([minLoss?.best.label, minLoss?.worst.label]).toEqual([
      'lr 0.002 · batch 64',
      'lr 0.001 · batch 32',
    ]);
  });

  it('holds a repeat as one cell named after the group', () => {
    const repeat = group({ kind: 'repeat', name: 'quick × 2 seeds', axes: [] });
    const { axes, cells } = cellsOf(repeat, runs.slice(0, 2), 'final');
    expect(axes).toEqual([]);
    expect(cells).toHaveLength(1);
    expect(cells[0].label).toBe('quick × 2 seeds');
    expect(cells[0].spread.mean).toBeCloseTo(0.955, 12);
    expect(bestAndWorst(cellsOf(repeat, runs, 'final'))).toBeNull();
  });

  it('labels a member by its swept values and seed, hidden layers as the diff writes them', () => {
    const layers = group({ axes: [{ setting: 'layers', values: [[16], [32, 16]] }] });
    const run = summary(9, { seed: 4, config: { ...summary(9).config, layers: [32, 16] } });
    const { axes, cells } = cellsOf(layers, [run], 'final');
    expect(memberLabel(run, axes)).toMatch(/^layers 32.16 · seed 4$/);
    expect(cells.map((c) => c.runs.length)).toEqual([0, 1]);
  });
});

describe('niceScale', () => {
  it('spans the values with round ticks', () => {
    const s = niceScale(0.9312, 0.9788);
    expect(s.lo).toBeLessThanOrEqual(0.9312);
    expect(s.hi).toBeGreaterThanOrEqual(0.9788);
    expect(s.step).toBe(0.01);
    expect(s.ticks).toEqual([0.93, 0.94, 0.95, 0.96, 0.97, 0.98]);
  });

  it('widens a range of one value', () => {
    const s = niceScale(0.5, 0.5);
    expect(s.lo).toBeLessThan(0.5);
    expect(s.hi).toBeGreaterThan(0.5);
  });
});
