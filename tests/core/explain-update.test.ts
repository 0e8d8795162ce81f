import { describe, expect, it } from 'vitest';
import { applyOneUpdate } from '../../src-core/explain-update.ts';
import { LOSSES } from '../../src-core/losses.ts';
import {
  coreGradients,
  imageFor,
  lossOf,
  seededNetwork,
} from '../fixtures/core/explain-networks.ts';

describe('applyOneUpdate: one plain gradient step on one image', () => {
  for (const lossName of LOSSES)
    it(`lowers the image's ${lossName} for a small rate and raises its digit's probability`, () => {
      const net = seededNetwork([784, 32, 16, 10], ['relu', 'relu'], { dtype: 'float32' });
      const x = imageFor(net);
      const before = net.params.slice();
      const step = applyOneUpdate(net, x, 6, lossName, 0.05);
      expect(step.lossBefore).toBeCloseTo(lossOf(net, x, 6, lossName), 6);
      expect(step.lossAfter).toBeLessThan(step.lossBefore);
      expect(step.probabilityAfter).toBeGreaterThan(step.probabilityBefore);
      expect(net.params).toEqual(before); // the network given keeps its weights
    });

  it('changes the loss by −rate · |gradient|² to first order (float64)', () => {
    const net = seededNetwork([784, 32, 16, 10], ['tanh', 'relu']);
    const x = imageFor(net);
    const rate = 1e-5;
    const g = coreGradients(net, x, 1, 'mse');
    const squared = Array.from(g).reduce((s, v) => s + v * v, 0);
    const { lossBefore, lossAfter } = applyOneUpdate(net, x, 1, 'mse', rate);
    expect((lossAfter - lossBefore) / (-rate * squared)).toBeCloseTo(1, 3);
  });

  it('refuses a rate that is not a positive number', () => {
    const net = seededNetwork([12, 4], []);
    const x = imageFor(net);
    for (const rate of [0, -0.1, Number.NaN, Infinity])
      expect(() => applyOneUpdate(net, x, 1, 'mse', rate)).toThrow(
        `learning rate ${rate} is not a positive number`,
      );
  });
});
