import { describe, expect, it } from 'vitest';
import { initialize, INITIALIZERS } from '../../src-core/initializers.ts';
import { Network } from '../../src-core/network.ts';
import { Rng } from '../../src-core/rng.ts';

function stats(values: ArrayLike<number>): { mean: number; std: number } {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  const mean = sum / values.length;
  let sq = 0;
  for (let i = 0; i < values.length; i++) sq += (values[i] - mean) ** 2;
  return { mean, std: Math.sqrt(sq / values.length) };
}

/** Four standard errors of a sample standard deviation, relative: 4/√(2n). */
const stdTolerance = (n: number) => 4 / Math.sqrt(2 * n);

function initialized(name: (typeof INITIALIZERS)[number], seed = 1): Network {
  const net = new Network({ sizes: [784, 64, 32, 10], activations: ['relu', 'relu'] }, 1);
  initialize(net.layers, name, new Rng(seed));
  return net;
}

describe('he', () => {
  it('draws each layer’s weights with std √(2/in) and sets biases to 0', () => {
    const net = initialized('he');
    net.layers.forEach((layer) => {
      const { mean, std } = stats(layer.w);
      const expected = Math.sqrt(2 / layer.inSize);
      expect(Math.abs(mean)).toBeLessThan((4 * expected) / Math.sqrt(layer.w.length));
      expect(Math.abs(std / expected - 1)).toBeLessThan(stdTolerance(layer.w.length));
      expect(layer.b.every((b) => b === 0)).toBe(true);
    });
  });
});

describe('xavier', () => {
  it('draws each layer’s weights with std √(2/(in + out)) and sets biases to 0', () => {
    const net = initialized('xavier');
    net.layers.forEach((layer) => {
      const { std } = stats(layer.w);
      const expected = Math.sqrt(2 / (layer.inSize + layer.outSize));
      expect(Math.abs(std / expected - 1)).toBeLessThan(stdTolerance(layer.w.length));
      expect(layer.b.every((b) => b === 0)).toBe(true);
    });
  });
});

describe.each(INITIALIZERS)('%s', (name) => {
  it('is reproducible for a seed and differs between seeds', () => {
    expect(Array.from(initialized(name, 3).params)).toEqual(
      Array.from(initialized(name, 3).params),
    );
    expect(Array.from(initialized(name, 3).params)).not.toEqual(
      Array.from(initialized(name, 4).params),
    );
  });

  it('leaves no weight at exactly 0 and no value non-finite', () => {
    const net = initialized(name);
    expect(net.params.every(Number.isFinite)).toBe(true);
    for (const layer of net.layers) expect(layer.w.every((w) => w !== 0)).toBe(true);
  });
});
