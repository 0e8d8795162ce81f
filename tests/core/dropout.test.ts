import { describe, expect, it } from 'vitest';
import { Dropout } from '../../src-core/dropout.ts';
import { gradientCheck, GRADCHECK_TOLERANCE } from '../../src-core/gradcheck.ts';
import { TypeScriptBackend } from '../../src-core/kernels.ts';
import { Network, stackOf } from '../../src-core/network.ts';
import { Rng } from '../../src-core/rng.ts';

function layer(rate: number, seed = 3): Dropout {
  const backend = new TypeScriptBackend('float64');
  const context = {
    backend,
    maxBatch: 4,
    params: backend.allocate(0),
    grads: backend.allocate(0),
    offset: 0,
    inputGradient: true,
    rng: new Rng(seed),
  };
  return new Dropout({ kind: 'dropout', rate }, 250, context);
}

const ones = (n: number) => new Float64Array(n).fill(1);

describe('Dropout', () => {
  it('passes its input through untouched outside training', () => {
    const x = Float64Array.from({ length: 1000 }, (_, i) => i);
    expect(layer(0.5).forward(x, 4, false)).toBe(x);
  });

  it('in training zeroes about `rate` of the values and scales the rest by 1/(1 − rate)', () => {
    const y = layer(0.4).forward(ones(1000), 4, true);
    const kept = y.filter((v) => v !== 0);
    expect(kept.every((v) => Math.abs(v - 1 / 0.6) < 1e-12)).toBe(true);
    expect(kept.length / 1000).toBeGreaterThan(0.55);
    expect(kept.length / 1000).toBeLessThan(0.65);
  });

  it('draws a new mask every batch, the same masks for the same seed', () => {
    const a = layer(0.5, 9);
    const first = Float64Array.from(a.forward(ones(1000), 4, true));
    const second = Float64Array.from(a.forward(ones(1000), 4, true));
    expect(second).not.toEqual(first);
    expect(Float64Array.from(layer(0.5, 9).forward(ones(1000), 4, true))).toEqual(first);
  });

  it('backward lets the gradient through the kept units only, scaled the same way', () => {
    const d = layer(0.3);
    const y = Float64Array.from(d.forward(ones(1000), 4, true));
    const dx = d.backward(ones(1000), 4);
    expect(dx).toEqual(y);
  });

  it('backward after an inference forward is the identity', () => {
    const d = layer(0.3);
    d.forward(ones(1000), 4, false);
    const dy = Float64Array.from({ length: 1000 }, (_, i) => i);
    expect(Array.from(d.backward(Float64Array.from(dy), 4)!)).toEqual(Array.from(dy));
  });
});

describe('a network with dropout', () => {
  it('passes the gradient check with its masks held fixed', () => {
    for (const activations of [
      ['relu', 'relu'],
      ['tanh', 'sigmoid'],
    ] as const)
      for (const loss of ['cross-entropy', 'mse'] as const) {
        const r = gradientCheck({ sizes: [12, 7, 5, 4], activations, loss, dropout: 0.3 });
        expect(r.worst).toBeLessThan(GRADCHECK_TOLERANCE);
      }
  });

  it('has the parameters of the same network without dropout, and its inference answers', () => {
    const arch = { sizes: [6, 5, 3], activations: ['relu'] } as const;
    const plain = new Network(arch, 2);
    const dropped = new Network(stackOf(arch, 0.5), 2);
    expect(dropped.params.length).toBe(plain.params.length);
    plain.params.set(Float32Array.from(plain.params, (_, i) => Math.sin(i)));
    dropped.params.set(plain.params);
    const x = Float32Array.from({ length: 12 }, (_, i) => i / 12);
    expect(Array.from(dropped.forward(x, 2))).toEqual(Array.from(plain.forward(x, 2)));
  });
});
