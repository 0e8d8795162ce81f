import { describe, expect, it } from 'vitest';
import type { SideStats } from '../../src-main/contract/comparison.ts';
import { percent } from '../../src-renderer/lib/format.ts';
import {
  cellDetail,
  cellValue,
  metricFormat,
  metricsFor,
  runCell,
  sideCell,
} from '../../src-renderer/views/compare/entry-results.ts';
import { decimals, differenceText, pValue } from '../../src-renderer/views/compare/significance.ts';
import { detail } from './compare-fixtures.ts';

describe('the results table by entry', () => {
  const run = detail(4, [0.9, 0.95], {
    testAccuracy: 0.962,
    bestEpoch: 2,
    bestValidationAccuracy: 0.95,
    minLoss: 0.05,
    minLossEpoch: 2,
  });

  it('shows test accuracy once when it is the summary value', () => {
    expect(metricsFor('final')).toEqual(['summary', 'testLoss', 'trainSeconds']);
    expect(metricsFor('best')).toEqual(['summary', 'testAccuracy', 'testLoss', 'trainSeconds']);
  });

  it("gives a single run's own value, n = 1, and the epoch it comes from", () => {
    const best = runCell(run, 'summary', 'best');
    expect(best).toEqual({ n: 1, mean: 0.95, std: null, ci95: null, epoch: 2 });
    expect(cellValue(best, percent)).toBe('95.00%');
    expect(cellDetail(best, percent)).toBe('n = 1 · epoch 2');
    expect(runCell(run, 'summary', 'min-loss').mean).toBe(0.05);
    expect(runCell(run, 'testAccuracy', 'best').mean).toBe(0.962);
    expect(runCell({ ...run, testAccuracy: null }, 'summary', 'final').n).toBe(0);
  });

  it("gives a group's mean ± std, its 95% interval and n from its side of the comparison", () => {
    const side: SideStats = {
      ids: [1, 2, 3],
      leftOut: [],
      metrics: [
        {
          metric: 'summary',
          label: 'Final test accuracy',
          n: 3,
          mean: 0.9723,
          std: 0.0035,
          min: 0.969,
          max: 0.976,
          ci95: [0.9636, 0.9811],
        },
      ],
    };
    const cell = sideCell(side, 'summary');
    expect(cell).not.toBeNull();
    expect(cellValue(cell!, percent)).toBe('97.23% ± 0.35%');
    expect(cellDetail(cell!, percent)).toBe('95% CI 96.36% to 98.11% · n = 3');
    expect(sideCell(side, 'testLoss')).toBeNull();
  });

  it('reads each metric in its unit', () => {
    expect(metricFormat('summary', 'min-loss')(0.0512)).toBe('0.0512');
    expect(metricFormat('summary', 'best')(0.5)).toBe('50.00%');
    expect(metricFormat('trainSeconds', 'final')(40)).toBe('40 s');
  });
});

describe('the test in numbers', () => {
  it('writes p to three digits, and tiny ones as below 0.001', () => {
    expect(pValue(0.010532)).toBe('0.0105');
    expect(pValue(0.5)).toBe('0.5');
    expect(pValue(0.0004)).toBe('< 0.001');
    expect(pValue(NaN)).toBe('–');
  });

  it('writes a difference of accuracies in points, of losses as a loss, with its sign', () => {
    expect(differenceText(-0.0457, false)).toBe('−4.57 points');
    expect(differenceText(0.012, false)).toBe('+1.20 points');
    expect(differenceText(0, false)).toBe('0.00 points');
    expect(differenceText(-0.01234, true)).toBe('−0.01234');
    expect(decimals(-6.3261, 3)).toBe('−6.326');
    expect(decimals(2.71, 1)).toBe('2.7');
  });
});
