// Losses as tables and summaries print them: a diverged run's 1.9e8 as short as a good run's
// 0.0123, by the same rule the chart axes use.
import { describe, expect, it } from 'vitest';
import { loss } from '../../src-renderer/lib/format.ts';

describe('loss', () => {
  it('writes huge and tiny losses with an exponent', () => {
    expect(loss(190_000_000)).toBe('1.9e8');
    expect(loss(123_456_789)).toBe('1.235e8');
    expect(loss(3.4e38)).toBe('3.4e38');
    expect(loss(0.00012)).toBe('1.2e-4');
  });

  it('writes everyday losses as decimals with four significant digits', () => {
    expect(loss(0.0123)).toBe('0.0123');
    expect(loss(0.012345)).toBe('0.01235');
    expect(loss(2.302585)).toBe('2.303');
    expect(loss(0.5)).toBe('0.5');
    expect(loss(1070.4)).toBe('1070');
    expect(loss(0)).toBe('0');
  });

  it('is a dash for a loss not measured or not a number', () => {
    expect([null, undefined, NaN, Infinity].map(loss)).toEqual(['–', '–', '–', '–']);
  });

  it('is never longer than nine characters, the length of 2.345e-12', () => {
    for (let e = -12; e <= 38; e++)
      for (const m of [1, 1.5, 2.345, 9.9999])
        expect(loss(m * 10 ** e).length).toBeLessThanOrEqual(9);
  });
});
