import { describe, expect, it } from 'vitest';
import { Adam, ADAM_DEFAULTS } from '../../src-core/optimizers/adam.ts';
import { createOptimizer } from '../../src-core/optimizers/create.ts';
import { Momentum } from '../../src-core/optimizers/momentum.ts';
import type { Optimizer } from '../../src-core/optimizers/optimizer.ts';
import { Sgd } from '../../src-core/optimizers/sgd.ts';
import { expectAllClose } from '../fixtures/core/arrays.ts';

// A 2-parameter problem: start at p = [1, −2] and feed the same gradients to every optimiser.
const START = [1, -2];
const G1 = [0.5, -1];
const G2 = [0.2, 0.4];
const G3 = [-0.3, 0.1];

/** The parameters after each step, for lr `lr`. */
function trajectory(opt: Optimizer, gradients: number[][], lr: number): number[][] {
  const p = Float64Array.from(START);
  return gradients.map((g) => {
    opt.step(p, Float64Array.from(g), lr);
    return Array.from(p);
  });
}

describe('Sgd', () => {
  it('steps p ← p − lr·g', () => {
    const [p1, p2] = trajectory(new Sgd(), [G1, G2], 0.1);
    expectAllClose(p1, [1 - 0.05, -2 + 0.1], 1e-15); // [0.95, −1.9]
    expectAllClose(p2, [0.95 - 0.02, -1.9 - 0.04], 1e-15); // [0.93, −1.94]
  });

  it('keeps no state: the same gradient twice moves twice as far', () => {
    const [, p2] = trajectory(new Sgd(), [G1, G1], 0.1);
    expectAllClose(p2, [0.9, -1.8], 1e-15);
  });

  it('updates Float32Array parameters in place', () => {
    const p = new Float32Array([1, 2]);
    new Sgd().step(p, new Float32Array([1, -1]), 0.5);
    expect(Array.from(p)).toEqual([0.5, 2.5]);
  });
});

describe('Momentum (μ = 0.9): v ← μv + g, p ← p − lr·v', () => {
  it('first step equals plain gradient descent', () => {
    const [p1] = trajectory(new Momentum(2, 0.9), [G1], 0.1);
    expectAllClose(p1, [0.95, -1.9], 1e-15);
  });

  it('accumulates velocity over three steps', () => {
    const [, p2, p3] = trajectory(new Momentum(2, 0.9), [G1, G2, [0, 0]], 0.1);
    // v2 = 0.9·[0.5, −1] + [0.2, 0.4] = [0.65, −0.5]; p2 = [0.95 − 0.065, −1.9 + 0.05]
    expectAllClose(p2, [0.885, -1.85], 1e-15);
    // a zero gradient still moves: v3 = 0.9·v2 = [0.585, −0.45]; p3 = p2 − 0.1·v3
    expectAllClose(p3, [0.8265, -1.805], 1e-15);
  });

  it('uses μ = 0.9 by default and honours another μ', () => {
    const [, byDefault] = trajectory(new Momentum(2), [G1, G1], 0.1);
    expectAllClose(byDefault, [1 - 0.05 - 0.095, -2 + 0.1 + 0.19], 1e-15);
    const [, half] = trajectory(new Momentum(2, 0.5), [G1, G1], 0.1);
    // v2 = 0.5·0.5 + 0.5 = 0.75 and 0.5·−1 − 1 = −1.5
    expectAllClose(half, [0.95 - 0.075, -1.9 + 0.15], 1e-15);
  });

  it('keeps separate velocities per instance', () => {
    const a = new Momentum(2, 0.9);
    trajectory(a, [G1], 0.1);
    const [fresh] = trajectory(new Momentum(2, 0.9), [G2], 0.1);
    const [used] = trajectory(a, [G2], 0.1);
    expect(used).not.toEqual(fresh);
  });
});

describe('Adam (lr 0.1, β₁ 0.9, β₂ 0.999, ε 1e-8)', () => {
  it('uses the paper’s defaults', () => {
    expect(ADAM_DEFAULTS).toEqual({ beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
  });

  it('first step moves each parameter by ≈ lr·sign(g), thanks to bias correction', () => {
    // m = 0.1g, v = 0.001g²; m̂ = g, v̂ = g²; step = lr·g/(|g| + ε)
    const [p1] = trajectory(new Adam(2), [G1], 0.1);
    expectAllClose(p1, [0.9, -1.9], 1e-7);
  });

  it('first step is ≈ lr whatever the gradient’s magnitude', () => {
    const p = new Float64Array(3);
    new Adam(3).step(p, new Float64Array([1000, 0.001, -5]), 0.1);
    expectAllClose(p, [-0.1, -0.1, 0.1], 1e-5);
  });

  it('second and third steps match hand-computed values', () => {
    // t = 2: m = [0.065, −0.05], v = [0.00028975, 0.001159],
    //        m̂ = m/0.19, v̂ = v/0.001999, p −= 0.1·m̂/(√v̂ + ε)
    // (numbers from numpy, in float64; Adam keeps m and v in float32, hence 1e-6)
    const [p1, p2, p3] = trajectory(new Adam(2), [G1, G2, G3], 0.1);
    expectAllClose(p1, [0.900000002, -1.900000001], 1e-9);
    expectAllClose(p2, [0.8101424839029282, -1.865439416662626], 1e-6);
    expectAllClose(p3, [0.7805871509237353, -1.8447499006515093], 1e-6);
  });

  it('does not move a parameter whose gradient has always been 0', () => {
    const p = new Float64Array([0.5, 0.5]);
    const adam = new Adam(2);
    adam.step(p, new Float64Array([0, 1]), 0.1);
    adam.step(p, new Float64Array([0, 1]), 0.1);
    expect(p[0]).toBe(0.5);
    expect(p[1]).toBeCloseTo(0.3, 6);
  });

  it('honours custom settings', () => {
    // β₁ = 0: m̂ = g; β₂ = 0: v̂ = g²; so every step is lr·g/(|g| + ε) = lr·sign(g)
    const adam = new Adam(1, { beta1: 0, beta2: 0, epsilon: 0 });
    const p = new Float64Array([0]);
    adam.step(p, new Float64Array([3]), 0.25);
    adam.step(p, new Float64Array([-0.01]), 0.25);
    adam.step(p, new Float64Array([2]), 0.25);
    expect(p[0]).toBeCloseTo(-0.25, 12);
  });
});

describe('createOptimizer', () => {
  it('gives Sgd for gd and sgd, Momentum with μ for momentum, Adam for adam', () => {
    expect(createOptimizer('gd', 2, 0.9)).toBeInstanceOf(Sgd);
    expect(createOptimizer('sgd', 2, 0.9)).toBeInstanceOf(Sgd);
    expect(createOptimizer('momentum', 2, 0.9)).toBeInstanceOf(Momentum);
    expect(createOptimizer('adam', 2, 0.9)).toBeInstanceOf(Adam);
  });

  it('passes μ to momentum', () => {
    const [, p2] = trajectory(createOptimizer('momentum', 2, 0.5), [G1, G1], 0.1);
    expectAllClose(p2, [0.875, -1.75], 1e-15);
  });
});
