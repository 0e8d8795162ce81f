import { describe, expect, it } from 'vitest';
import { ACTIVATIONS } from '../../src-core/activations.ts';
import {
  GRADCHECK_TOLERANCE,
  gradientCheck,
  gradientCheckSuite,
  relativeError,
} from '../../src-core/gradcheck.ts';
import { initialize } from '../../src-core/initializers.ts';
import { loss, LOSSES } from '../../src-core/losses.ts';
import { Network } from '../../src-core/network.ts';
import { Rng } from '../../src-core/rng.ts';

describe('relativeError', () => {
  it('is 0 for equal values, including both zero', () => {
    expect(relativeError(0, 0)).toBe(0);
    expect(relativeError(-3.5, -3.5)).toBe(0);
  });

  it('detects a 1% difference: relativeError(1, 1.01) = 0.01/1.01 ≈ 0.0099', () => {
    expect(relativeError(1, 1.01)).toBeCloseTo(0.0099009901, 9);
    expect(relativeError(1, 1.01)).toBeGreaterThan(GRADCHECK_TOLERANCE);
  });

  it('is symmetric and scale-free', () => {
    expect(relativeError(1.01, 1)).toBe(relativeError(1, 1.01));
    expect(relativeError(1e-9, 1.01e-9)).toBeCloseTo(relativeError(1, 1.01), 12);
  });

  it('is 2 for opposite signs and 1 when one side is zero', () => {
    expect(relativeError(1, -1)).toBe(2);
    expect(relativeError(0, 0.3)).toBe(1);
  });
});

describe('gradientCheckSuite', () => {
  const results = gradientCheckSuite();

  it('covers every activation × loss, with and without L2', () => {
    expect(results).toHaveLength(ACTIVATIONS.length * LOSSES.length * 2);
    const keys = new Set(
      results.map((r) => `${r.spec.activations[0]}/${r.spec.loss}/${r.spec.l2 ?? 0}`),
    );
    expect(keys.size).toBe(results.length);
  });

  it('reports every parameter of a [12, 7, 5, 4] network, layer by layer', () => {
    for (const r of results) {
      expect(r.parameters).toBe(12 * 7 + 7 + 7 * 5 + 5 + 5 * 4 + 4);
      expect(r.layers.map((l) => l.layer)).toEqual([1, 2, 3]);
    }
  });

  it.each(
    results.map((r) => [`${r.spec.activations[0]}, ${r.spec.loss}, l2 ${r.spec.l2 ?? 0}`, r]),
  )('%s: worst relative error below 1e-6', (_name, r) => {
    expect(GRADCHECK_TOLERANCE).toBe(1e-6);
    expect(r.worst).toBeLessThan(GRADCHECK_TOLERANCE);
    expect(r.worst).toBe(Math.max(...r.layers.map((l) => Math.max(l.weights, l.biases))));
  });
});

describe('gradientCheck on other shapes', () => {
  it('passes for a network without hidden layers', () => {
    const r = gradientCheck({ sizes: [5, 3], activations: [], loss: 'cross-entropy', batch: 1 });
    expect(r.parameters).toBe(18);
    expect(r.worst).toBeLessThan(GRADCHECK_TOLERANCE);
  });

  it('passes for three hidden layers of mixed activations, another seed and batch', () => {
    const r = gradientCheck({
      sizes: [6, 5, 4, 3, 10],
      activations: ['tanh', 'leaky-relu', 'sigmoid'],
      loss: 'mse',
      l2: 0.1,
      batch: 3,
      seed: 99,
    });
    expect(r.worst).toBeLessThan(GRADCHECK_TOLERANCE);
  });
});

describe('a finite-difference check catches a corrupted gradient', () => {
  // The same five-point difference as gradcheck.ts, run here against a backward pass whose
  // gradient we scale by 1.01 for one parameter: the check must flag that one and only it.
  const net = new Network({ sizes: [4, 3, 3], activations: ['tanh'] }, 2, 'float64');
  const rng = new Rng(5);
  initialize(net.layers, 'xavier', rng);
  const x = Float64Array.from({ length: 8 }, () => rng.uniform());
  const labels = new Uint8Array([0, 2]);
  const probs = new Float64Array(6);
  const dz = new Float64Array(6);
  const ce = loss('cross-entropy');
  const lossAt = () => ce.compute(net.forward(x, 2), labels, probs, null, 2, 3, 1) / 2;

  net.zeroGrad();
  ce.compute(net.forward(x, 2), labels, probs, dz, 2, 3, 1 / 2);
  net.backward(dz, 2);
  const analytic = Float64Array.from(net.grads);
  const corrupted = 5;
  analytic[corrupted] *= 1.01;

  const h = 1e-3;
  const numeric = Array.from(net.params, (_, i) => {
    const t = net.params[i];
    const at = (v: number) => {
      net.params[i] = v;
      return lossAt();
    };
    const slope = (8 * (at(t + h) - at(t - h)) - (at(t + 2 * h) - at(t - 2 * h))) / (12 * h);
    net.params[i] = t;
    return slope;
  });
  const errors = numeric.map((n, i) => relativeError(analytic[i], n));

  it('flags the scaled gradient with an error of about 1%', () => {
    expect(errors[corrupted]).toBeGreaterThan(0.009);
    expect(errors[corrupted]).toBeLessThan(0.011);
  });

  it('passes every other parameter', () => {
    errors.forEach((e, i) => {
      if (i !== corrupted) expect(e, `parameter ${i}`).toBeLessThan(GRADCHECK_TOLERANCE);
    });
  });
});
