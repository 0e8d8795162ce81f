// The bench's training measurements on the backend training chooses, in a fraction of a second:
// a rate, the backend's label, and a share outside the products between 0 and 1.

import { describe, expect, it } from 'vitest';
import { loadMnist } from '../../../src-main/data/load.ts';
import { miniBatchSpeed } from '../../../src-main/bench/training-speed.ts';

describe('miniBatchSpeed', () => {
  it('measures samples/s and the share of the time outside the matrix products', async () => {
    const speed = await miniBatchSpeed(loadMnist(), [784, 16, 10], 0.3, 0.1);
    expect(speed.rate).toBeGreaterThan(0);
    expect(speed.backend).toMatch(/^(wasm-simd|typescript)/);
    expect(speed.outsideProducts).toBeGreaterThan(0);
    expect(speed.outsideProducts).toBeLessThan(1);
  }, 30_000);
});
