import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src-core/presets.ts';
import type { EpochRow } from '../../src-main/contract/rows.ts';
import { compareCurves } from '../../src-renderer/views/compare/compare.ts';

const row = (n: number): EpochRow => ({
  epoch: n,
  trainLoss: 1 / n,
  trainAccuracy: 0.9,
  validationLoss: 0.5 / n,
  validationAccuracy: 0.9,
  learningRate: 0.01,
  seconds: 1,
  samplesPerSecond: 1000,
  gradientNorms: null,
});
const run = (planned: number, done = planned) => ({
  config: { ...PRESETS.quick, epochs: planned },
  epochs: Array.from({ length: done }, (_, i) => row(i + 1)),
});

describe('the fraction-of-training axis', () => {
  it('puts the end of a 3-epoch run and of a 70-epoch run at the same place', () => {
    const { loss } = compareCurves([run(70), run(3)], 'fraction');
    const x = loss[0];
    expect(x.at(-1)).toBe(1);
    expect(x).toContain(1 / 70);
    expect(x).toContain(1 / 3);
    // The 3-epoch run's validation loss (series 3) has its last point at x = 1.
    expect(loss[3][x.indexOf(1)]).toBeCloseTo(0.5 / 3, 12);
    expect(loss[1][x.indexOf(1)]).toBeCloseTo(0.5 / 70, 12);
  });

  it('measures a run cut short against the epochs it planned', () => {
    const { accuracy } = compareCurves([run(10, 4)], 'fraction');
    expect(accuracy[0]).toEqual([0.1, 0.2, 0.3, 0.4]);
  });
});
