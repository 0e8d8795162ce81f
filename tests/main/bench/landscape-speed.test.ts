// The bench's loss-landscape line: it computes the 25 × 25 map of 784-128-64-10 on 2,000
// images, and only a time past the limit fails the bench (the time itself is the bench's to
// judge).
import { describe, expect, it } from 'vitest';
import {
  LANDSCAPE_LIMIT_S,
  landscapeSpeed,
  landscapeSpeedJson,
  landscapeSpeedLine,
  landscapeSpeedProblem,
} from '../../../src-main/bench/landscape-speed.ts';
import { fullMnist } from '../../fixtures/core/mnist.ts';

describe('landscapeSpeed', () => {
  it('maps 25 × 25 points of the quick network on 2,000 images, on the chosen backend', async () => {
    const speed = await landscapeSpeed(fullMnist());
    expect(speed).toMatchObject({ sizes: [784, 128, 64, 10], grid: 25, images: 2000 });
    expect(speed.backend).toBe('wasm-simd, 1 thread');
    expect(speed.seconds).toBeGreaterThan(0);
  }, 120_000);

  it('fails the bench past the limit, and only then', () => {
    const speed = {
      sizes: [784, 128, 64, 10],
      grid: 25,
      images: 2000,
      backend: 'wasm-simd, 1 thread',
    };
    expect(LANDSCAPE_LIMIT_S).toBe(30);
    expect(landscapeSpeedProblem({ ...speed, seconds: 30 })).toBeNull();
    expect(landscapeSpeedProblem({ ...speed, seconds: 31.26 })).toBe(
      'a 25 × 25 loss landscape of 784-128-64-10 on 2000 images took 31.3 s, over the limit of 30 s',
    );
    expect(landscapeSpeedLine({ ...speed, seconds: 4.34 })).toBe(
      'Loss landscape, 25 × 25 points of 784-128-64-10 on 2,000 images (wasm-simd, 1 thread): 4.3 s (limit 30 s).',
    );
    expect(landscapeSpeedJson({ ...speed, seconds: 4 })).toEqual({
      type: 'landscape',
      ...speed,
      seconds: 4,
      unit: 's',
      limit: 30,
    });
  });
});
