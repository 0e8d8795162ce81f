import { describe, expect, it } from 'vitest';
import {
  axisSize,
  decades,
  forLogScale,
  percentTick,
  tickText,
  xExtent,
} from '../../src-renderer/components/charts/axes.ts';

describe('tickText', () => {
  it('writes huge and tiny values with an exponent, short enough to fit an axis', () => {
    expect([0, 5e7, 1e8, 1.5e8, 2e8].map((v) => tickText(v, 5e7))).toEqual([
      '0',
      '5e7',
      '1e8',
      '1.5e8',
      '2e8',
    ]);
    expect(tickText(190_000_000, 1e7)).toBe('1.9e8');
    expect(tickText(0.0002, 0.0001)).toBe('2e-4');
    expect(tickText(-3e9, 1e9)).toBe('-3e9');
  });

  it('writes everyday values as plain decimals with the digits the step needs', () => {
    expect([0, 0.5, 1, 1.5].map((v) => tickText(v, 0.5))).toEqual(['0', '0.5', '1', '1.5']);
    expect(tickText(0.30000000000000004, 0.1)).toBe('0.3');
    expect(tickText(0.001, 0.001)).toBe('0.001');
    expect(tickText(2500, 500)).toBe('2500');
    expect(tickText(2.345, 0.005)).toBe('2.345');
  });

  it('reads on a log axis, where there is no even step', () => {
    expect([0.01, 0.1, 1, 10, 1e5, 3e8].map((v) => tickText(v))).toEqual([
      '0.01',
      '0.1',
      '1',
      '10',
      '1e5',
      '3e8',
    ]);
    expect(tickText(0.123456)).toBe('0.12');
  });

  it('is never longer than seven characters for any value a loss can take', () => {
    for (let e = -12; e <= 30; e++)
      for (const m of [1, 1.5, 2.5, 9.99]) {
        const v = m * 10 ** e;
        expect(tickText(v, 10 ** (e - 1)).length, String(v)).toBeLessThanOrEqual(7);
        expect(tickText(v).length, String(v)).toBeLessThanOrEqual(7);
      }
  });
});

describe('percentTick', () => {
  it('writes shares as percentages, with digits enough to tell close ticks apart', () => {
    expect([0.9, 0.95, 1].map((v) => percentTick(v, 0.05))).toEqual(['90%', '95%', '100%']);
    // A run stuck at chance: its accuracy varies in the fifth digit.
    expect([0.09, 0.09001, 0.09002].map((v) => percentTick(v, 0.00001))).toEqual([
      '9%',
      '9.001%',
      '9.002%',
    ]);
  });
});

describe('axisSize', () => {
  const measure = (text: string) => text.length * 7;

  it('is the widest tick text plus the tick and the gap, so no text is clipped', () => {
    expect(axisSize(['0', '5e7', '1.5e8'], measure)).toBe(5 * 7 + 10 + 5 + 2);
    // Skipped ticks (null, on log axes) are not measured.
    expect(axisSize(['1', null, '1000'], measure)).toBe(4 * 7 + 17);
  });

  it('has a least width, so an axis of one-digit ticks does not crowd its title', () => {
    expect(axisSize(['0', '1'], measure)).toBe(32);
    expect(axisSize([], measure)).toBe(32);
  });
});

describe('forLogScale', () => {
  it('leaves out values a log axis cannot place (zero, negative, not finite)', () => {
    expect(
      forLogScale([
        [1, 2, 3, 4, 5],
        [1, 0, -1, Infinity, null],
        [0.5, 2, 3, 4, 5],
      ]),
    ).toEqual([
      [1, 2, 3, 4, 5],
      [1, null, null, null, null],
      [0.5, 2, 3, 4, 5],
    ]);
  });
});

describe('decades', () => {
  it('keeps only the powers of ten of a log axis, where grid lines go', () => {
    expect(decades([0.01, 0.02, 0.05, 0.1, 1, 2, 9, 10, 1e8, 3e8])).toEqual([
      0.01,
      null,
      null,
      0.1,
      1,
      null,
      null,
      10,
      1e8,
      null,
    ]);
  });
});

describe('xExtent', () => {
  it('is the data range widened to the least range asked for', () => {
    expect(xExtent([0.5, 1, 2], [0, 10])).toEqual([0, 10]);
    expect(xExtent([0.5, 12], [0, 10])).toEqual([0, 12]);
    expect(xExtent([1, 3], undefined)).toEqual([1, 3]);
  });
});
