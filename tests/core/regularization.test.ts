import { describe, expect, it } from 'vitest';
import { Network } from '../../src-core/network.ts';
import { addL2Gradient, l2Penalty } from '../../src-core/regularization.ts';
import { expectAllClose } from '../fixtures/core/arrays.ts';

// 3-2-2: W1 (6), b1 (2), W2 (4), b2 (2)
const W1 = [0.1, -0.2, 0.4, 0.5, -0.3, 0.2];
const B1 = [-0.2, -0.1];
const W2 = [1, -1, 0.5, 2];
const B2 = [3, 0.5];

function net(): Network {
  const n = new Network({ sizes: [3, 2, 2], activations: ['relu'] }, 1, 'float64');
  n.params.set([...W1, ...B1, ...W2, ...B2]);
  return n;
}

describe('addL2Gradient', () => {
  it('adds λ·w to each weight gradient and nothing to the biases', () => {
    const n = net();
    addL2Gradient(n, 0.1);
    const expected = [...W1.map((w) => 0.1 * w), 0, 0, ...W2.map((w) => 0.1 * w), 0, 0];
    expectAllClose(n.grads, expected, 1e-16);
  });

  it('adds to, rather than replaces, the gradients already there', () => {
    const n = net();
    n.grads.fill(1);
    addL2Gradient(n, 0.5);
    const expected = [...W1.map((w) => 1 + 0.5 * w), 1, 1, ...W2.map((w) => 1 + 0.5 * w), 1, 1];
    expectAllClose(n.grads, expected, 1e-16);
  });

  it('leaves the parameters alone', () => {
    const n = net();
    addL2Gradient(n, 0.5);
    expect(Array.from(n.params)).toEqual([...W1, ...B1, ...W2, ...B2]);
  });
});

describe('l2Penalty', () => {
  it('is (λ/2)·Σw² over the weights only', () => {
    const sumSquares = [...W1, ...W2].reduce((s, w) => s + w * w, 0); // 0.59 + 6.25
    expect(sumSquares).toBeCloseTo(6.84, 14);
    expect(l2Penalty(net(), 0.1)).toBeCloseTo(0.05 * 6.84, 14);
  });

  it('has addL2Gradient as its derivative', () => {
    const n = net();
    addL2Gradient(n, 0.3);
    const h = 1e-6;
    const i = 9; // W2[0][1]
    const t = n.params[i];
    n.params[i] = t + h;
    const plus = l2Penalty(n, 0.3);
    n.params[i] = t - h;
    const minus = l2Penalty(n, 0.3);
    expect(n.grads[i]).toBeCloseTo((plus - minus) / (2 * h), 9);
  });
});
