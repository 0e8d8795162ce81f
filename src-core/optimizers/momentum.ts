// Gradient descent with momentum: a velocity remembers past gradients, so steps grow along
// directions the gradient keeps pointing and cancel where it flips sign.
//   v ← μ·v + g,   p ← p − lr·v        (the form PyTorch uses; μ = 0.9 by default)

import type { FloatArray } from '../kernels.ts';
import type { Optimizer } from './optimizer.ts';

export class Momentum implements Optimizer {
  readonly #mu: number;
  readonly #velocity: Float64Array;

  constructor(size: number, mu = 0.9) {
    this.#mu = mu;
    this.#velocity = new Float64Array(size);
  }

  step(params: FloatArray, grads: FloatArray, lr: number): void {
    const v = this.#velocity;
    const mu = this.#mu;
    for (let i = 0; i < params.length; i++) {
      v[i] = mu * v[i] + grads[i];
      params[i] -= lr * v[i];
    }
  }
}
