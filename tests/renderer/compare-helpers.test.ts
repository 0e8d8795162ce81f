import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src-core/presets.ts';
import type { EpochRow } from '../../src-main/contract/rows.ts';
import {
  difference,
  differenceIntensities,
  intensities,
  rowRates,
} from '../../src-renderer/components/confusion.ts';
import { topGuesses } from '../../src-renderer/components/digits.ts';
import { epochAt, wallTimes } from '../../src-renderer/state/run-metrics.ts';
import {
  bestIndex,
  bestOfRow,
  compareCurves,
  epochAxis,
  maxEpochs,
  perClassTable,
  resultRows,
  settingsRows,
} from '../../src-renderer/views/compare/compare.ts';
import { runSeconds } from '../../src-renderer/lib/run-time.ts';
import { summary } from './runs-fixtures.ts';
import { runToken } from '../../src-renderer/views/compare/colors.ts';

const epoch = (n: number, seconds: number, validationAccuracy: number | null = 0.9): EpochRow => ({
  epoch: n,
  trainLoss: 1 / n,
  trainAccuracy: 0.9,
  validationLoss: validationAccuracy === null ? null : 0.5 / n,
  validationAccuracy,
  learningRate: 0.01,
  seconds,
  samplesPerSecond: 1000,
  gradientNorms: null,
});

const identity = (n: number, diagonal: number) =>
  Array.from({ length: 10 }, (_, i) =>
    Array.from({ length: 10 }, (_, j) => (i === j ? diagonal : n)),
  );

describe('values at an epoch', () => {
  const epochs = [epoch(1, 2), epoch(2, 3), epoch(3, 4)];

  it('finds the row of a given epoch, or null past the end of the run', () => {
    expect(epochAt(epochs, 2)?.seconds).toBe(3);
    expect(epochAt(epochs, 4)).toBeNull();
  });

  it('knows the longest run', () => {
    expect(maxEpochs([{ epochs }, { epochs: epochs.slice(0, 1) }])).toBe(3);
    expect(maxEpochs([])).toBe(0);
  });
});

describe('the wall-time axis', () => {
  it('is the cumulative epoch seconds', () => {
    const epochs = [epoch(1, 2), epoch(2, 3.5), epoch(3, 4)];
    expect(wallTimes(epochs)).toEqual([2, 5.5, 9.5]);
    expect(epochAxis(epochs, 'time')).toEqual([2, 5.5, 9.5]);
    expect(epochAxis(epochs, 'epoch')).toEqual([1, 2, 3]);
  });

  it('overlays runs on the union of their times, validation then training per run', () => {
    const fast = { config: PRESETS.quick, epochs: [epoch(1, 1, 0.8), epoch(2, 1, 0.9)] };
    const slow = { config: PRESETS.quick, epochs: [epoch(1, 3, 0.85)] };
    const { accuracy, loss } = compareCurves([fast, slow], 'time');
    expect(accuracy[0]).toEqual([1, 2, 3]);
    expect(accuracy[1]).toEqual([0.8, 0.9, null]); // fast, validation
    expect(accuracy[2]).toEqual([0.9, 0.9, null]); // fast, training
    expect(accuracy[3]).toEqual([null, null, 0.85]); // slow, validation
    expect(loss[4]).toEqual([null, null, 1]); // slow, training loss
    expect(compareCurves([fast, slow], 'epoch').accuracy[0]).toEqual([1, 2]);
  });
});

describe('settingsRows', () => {
  const run = (over: Partial<typeof PRESETS.quick>, architecture = '784-128-64-10') => ({
    architecture,
    datasetName: 'MNIST',
    config: { ...PRESETS.quick, ...over },
  });

  it('lists architecture and dataset first, then the settings, flagging the ones that differ', () => {
    const rows = settingsRows([run({}), run({ learningRate: 0.01 })]);
    expect(rows[0]).toEqual({
      setting: 'architecture',
      values: ['784-128-64-10', '784-128-64-10'],
      differs: false,
    });
    expect(rows[1].setting).toBe('dataset');
    expect(rows.filter((r) => r.differs).map((r) => r.setting)).toEqual(['learning rate']);
  });

  it('flags a different network', () => {
    const rows = settingsRows([run({}), run({ layers: [16], activations: ['relu'] }, '784-16-10')]);
    expect(rows.filter((r) => r.differs).map((r) => r.setting)).toEqual([
      'architecture',
      'hidden layers',
      'activations',
    ]);
  });
});

describe('per-class accuracy and bests', () => {
  it('gives one row per digit with each run’s diagonal share, null for an untested run', () => {
    const table = perClassTable([{ confusion: identity(1, 91) }, { confusion: null }]);
    expect(table).toHaveLength(10);
    expect(table[3][0]).toBeCloseTo(0.91, 12);
    expect(table[3][1]).toBeNull();
  });

  it('picks the best value, the first on a tie, ignoring gaps', () => {
    expect(bestIndex([0.9, null, 0.95, 0.95])).toBe(2);
    expect(bestIndex([0.3, 0.2, Number.NaN], true)).toBe(1);
    expect(bestIndex([null, null])).toBe(-1);
  });
});

describe('confusion arithmetic', () => {
  it('subtracts two matrices cell by cell (A − B)', () => {
    const d = difference(identity(2, 90), identity(1, 95));
    expect(d[0][0]).toBe(-5);
    expect(d[0][1]).toBe(1);
  });

  it('normalises rows to rates, an empty row to zeros', () => {
    const m = [
      [3, 1],
      [0, 0],
    ];
    expect(rowRates(m)).toEqual([
      [0.75, 0.25],
      [0, 0],
    ]);
  });

  it('scales right answers and mistakes separately for colour', () => {
    const m = [
      [100, 4],
      [2, 50],
    ];
    expect(intensities(m)).toEqual([
      [1, 1],
      [0.5, 0.5],
    ]);
  });

  it('scales a difference by its largest absolute value', () => {
    expect(
      differenceIntensities([
        [-4, 2],
        [0, 1],
      ]),
    ).toEqual([
      [1, 0.5],
      [0, 0.25],
    ]);
  });
});

describe('small display helpers', () => {
  it('orders guesses by probability', () => {
    const p = [0.01, 0.02, 0.5, 0.01, 0.3, 0, 0, 0.16, 0, 0];
    expect(topGuesses(p, 3).map((g) => g.digit)).toEqual([2, 4, 7]);
  });

  it('gives each compared run its own series colour', () => {
    expect([0, 1, 2, 3].map(runToken)).toEqual([
      '--series-1',
      '--series-2',
      '--series-3',
      '--series-4',
    ]);
  });
});

describe('the results table', () => {
  it('gives a cancelled run the training time the Runs table shows', () => {
    const started = Date.UTC(2025, 0, 1);
    const cancelled = {
      ...summary(1, {
        status: 'cancelled',
        trainSeconds: null,
        startedAt: started,
        finishedAt: started + 71_000,
      }),
      config: PRESETS.quick,
      epochs: [epoch(1, 30)],
    };
    const time = resultRows([cancelled]).find((r) => r.label === 'Training time');
    expect(time?.values).toEqual([runSeconds(cancelled)]);
    expect(time?.show(time.values[0], 0)).toBe('1 min 11 s');
  });

  it('never marks a diverged or collapsed run best, however short its training', () => {
    const run = (trainSeconds: number) => ({
      ...summary(1, { trainSeconds }),
      config: PRESETS.quick,
      epochs: [],
    });
    const [time] = resultRows([run(0.1), run(14)]).filter((r) => r.label === 'Training time');
    expect(bestOfRow(time, [true, true])).toBe(0);
    expect(bestOfRow(time, [false, true])).toBe(1);
    const [alone] = resultRows([run(14)]).filter((r) => r.label === 'Training time');
    expect(bestOfRow(alone, [true])).toBe(-1); // one run: nothing to beat
    const [epochs] = resultRows([run(1), run(2)]).filter((r) => r.label === 'Epochs');
    expect(bestOfRow(epochs, [true, true])).toBe(-1); // a plain fact
  });
});
