// The training path's storage: which epochs are kept, and the half-precision numbers.

import { describe, expect, it } from 'vitest';
import {
  floatsFromHalfBlob,
  fromHalfBits,
  halfBlob,
  isTrajectoryEpoch,
  toHalfBits,
  TRAJECTORY_POINTS,
} from '../../../src-main/store/trajectory.ts';
import { Rng } from '../../../src-core/rng.ts';

const kept = (epochs: number) =>
  Array.from({ length: epochs }, (_, i) => i + 1).filter((e) => isTrajectoryEpoch(e, epochs));

describe('isTrajectoryEpoch', () => {
  it('keeps every epoch of a short run, and an even spread of a long one ending on its last', () => {
    expect(kept(12)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(kept(TRAJECTORY_POINTS)).toHaveLength(TRAJECTORY_POINTS);
    expect(isTrajectoryEpoch(13, 12)).toBe(false);
    expect(isTrajectoryEpoch(0, 12)).toBe(false);
    const long = kept(200);
    expect(long).toHaveLength(TRAJECTORY_POINTS);
    expect(long.at(-1)).toBe(200);
    const gaps = long.slice(1).map((e, i) => e - long[i]);
    expect(Math.max(...gaps) - Math.min(...gaps)).toBeLessThanOrEqual(1);
  });
});

describe('half precision', () => {
  it('reads back every half exactly, and rounds floats as Math.f16round does', () => {
    for (let h = 0; h < 0x10000; h++) {
      const v = fromHalfBits(h);
      if (Number.isNaN(v)) expect(Number.isNaN(fromHalfBits(toHalfBits(v)))).toBe(true);
      else expect(toHalfBits(v)).toBe(h === 0x8000 ? 0x8000 : h);
    }
    const f16round = (Math as unknown as { f16round?: (x: number) => number }).f16round;
    const rng = new Rng(9);
    for (let i = 0; i < 20_000; i++) {
      const v = Math.fround((rng.uniform() - 0.5) * 2 ** Math.floor(rng.uniform() * 40 - 28));
      const back = fromHalfBits(toHalfBits(v));
      if (f16round !== undefined) expect(back).toBe(f16round(v));
      else
        expect(Math.abs(back - v)).toBeLessThanOrEqual(Math.max(Math.abs(v) * 2 ** -11, 2 ** -25));
    }
    expect(fromHalfBits(toHalfBits(1e6))).toBe(Infinity);
  });

  it('round-trips a block of weights through a blob of 2 bytes each', () => {
    const w = Float32Array.from([0.5, -0.125, 3, 0, -2]);
    const blob = halfBlob(w);
    expect(blob.byteLength).toBe(10);
    expect(Array.from(floatsFromHalfBlob(blob))).toEqual(Array.from(w));
  });
});
