import { describe, expect, it } from 'vitest';
import { initialize } from '../../src-core/initializers.ts';
import { softmaxRows } from '../../src-core/losses.ts';
import { Network } from '../../src-core/network.ts';
import { predictProbabilities } from '../../src-core/predict.ts';
import { Rng } from '../../src-core/rng.ts';
import { expectAllClose } from '../fixtures/core/arrays.ts';

const ARCH = { sizes: [6, 5, 4], activations: ['tanh'] as const };
const ROWS = 7;

function network(maxBatch: number): Network {
  const net = new Network(ARCH, maxBatch);
  initialize(net.layers, 'xavier', new Rng(2));
  return net;
}

const rng = new Rng(8);
const X = Float32Array.from({ length: ROWS * 6 }, () => rng.uniform());

describe('predictProbabilities', () => {
  it('is the softmax of the forward pass', () => {
    const net = network(ROWS);
    const probs = predictProbabilities(net, X, ROWS);
    const expected = new Float32Array(ROWS * 4);
    softmaxRows(network(ROWS).forward(X, ROWS), null, expected, ROWS, 4);
    expect(Array.from(probs)).toEqual(Array.from(expected));
  });

  it('gives rows that sum to 1', () => {
    const probs = predictProbabilities(network(ROWS), X, ROWS);
    for (let r = 0; r < ROWS; r++) {
      const row = probs.subarray(r * 4, r * 4 + 4);
      expect(row.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 6);
    }
  });

  it('handles more rows than maxBatch, in chunks, with the same result', () => {
    const whole = predictProbabilities(network(ROWS), X, ROWS);
    for (const maxBatch of [1, 2, 3]) {
      expectAllClose(predictProbabilities(network(maxBatch), X, ROWS), whole, 0);
    }
  });

  it('returns rows × classes values', () => {
    expect(predictProbabilities(network(2), X, 3)).toHaveLength(12);
  });
});
