// How the landscape's results are drawn: curves over α with the ends marked, the barrier and
// how much alignment removed in words, the map's colours and where the path falls on it.
import { describe, expect, it } from 'vitest';
import type { Landscape1D, LandscapeBetween } from '../../src-main/contract/landscape.ts';
import {
  barrierText,
  cellPosition,
  lineCurves,
  lossColour,
} from '../../src-renderer/views/under-the-hood/landscape-view.ts';

const path = (loss: number[], barrier: number) => ({
  loss,
  accuracy: loss.map(() => 0.9),
  barrier,
});

const between = (aligned: boolean): LandscapeBetween => ({
  kind: 'between',
  other: 7,
  alphas: [0, 0.5, 1],
  unaligned: path([0.2, 2.2, 0.2], 2),
  aligned: aligned ? path([0.2, 0.7, 0.2], 0.5) : null,
  moved: aligned ? [30, 12] : null,
});

describe('the landscape lines', () => {
  it('draw one curve from start to end, with the initial and final weights marked', () => {
    const line: Landscape1D = {
      kind: '1d',
      alphas: [-0.25, 0, 1, 1.25],
      path: path([3, 2.3, 0.1, 0.4], 0),
      initial: { loss: 2.3, accuracy: 0.1 },
      final: { loss: 0.1, accuracy: 0.97 },
    };
    const { curves, series, markers } = lineCurves(line);
    expect(curves.loss).toEqual([
      [-0.25, 0, 1, 1.25],
      [3, 2.3, 0.1, 0.4],
    ]);
    expect(series.map((s) => s.label)).toEqual(['Straight line']);
    expect(markers).toEqual([
      { x: 0, label: 'initial' },
      { x: 1, label: 'final' },
    ]);
    expect(barrierText(line)).toBe(
      'On the way the loss rises at most 0 above the mean of its ends.',
    );
  });

  it('draw both paths between runs, and say how much of the barrier was a permutation', () => {
    const { curves, series, markers, summary } = lineCurves(between(true));
    expect(curves.loss.slice(1)).toEqual([
      [0.2, 2.2, 0.2],
      [0.2, 0.7, 0.2],
    ]);
    expect(series.map((s) => s.label)).toEqual(['As trained', 'Units aligned']);
    expect(markers.map((m) => m.label)).toEqual(['this run', 'run #7']);
    expect(summary.loss).toContain('As trained: highest loss 2.2, barrier 2');
    expect(barrierText(between(true))).toContain(
      '75% of the barrier was only a permutation of units.',
    );
    expect(barrierText(between(false))).not.toContain('aligned');
  });
});

describe('the landscape map', () => {
  it('colours the least loss light and the greatest dark, on a log scale', () => {
    expect(lossColour(0.1, 0.1, 10)).toBe('rgb(252 253 191)');
    expect(lossColour(10, 0.1, 10)).toBe('rgb(0 0 4)');
    // 1 is halfway between 0.1 and 10 on a log scale: the middle stop.
    expect(lossColour(1, 0.1, 10)).toBe('rgb(183 55 121)');
  });

  it('places coordinates on the grid, beyond it for a path that starts outside', () => {
    const axis = [-1, -0.5, 0, 0.5, 1];
    expect(cellPosition(axis, 0)).toBe(2);
    expect(cellPosition(axis, -1)).toBe(0);
    expect(cellPosition(axis, 3)).toBe(8);
  });
});
