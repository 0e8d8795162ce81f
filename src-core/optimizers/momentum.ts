// Gradient descent with momentum: a velocity remembers past gradients, so steps grow along
// directions the gradient keeps pointing and cancel where it flips sign.
//   v ← μ·v + g,   p ← p − lr·v        (the form PyTorch uses; μ = 0.9 by default)

import type { Backend } from '../backend.ts';
import { TypeScriptBackend } from '../kernels.ts';
import type { FloatArray } from '../types.ts';
import { restoreBuffers, type Optimizer, type OptimizerState } from './optimizer.ts';

export class Momentum implements Optimizer {
  readonly #mu: number;
  readonly #velocity: FloatArray;

  /** The velocity is float64 whatever the network's precision. */
  constructor(size: number, mu = 0.9, backend: Backend = new TypeScriptBackend()) {
    this.#mu = mu;
    this.#velocity = backend.allocate(size, 'float64');
  }

  step(params: FloatArray, grads: FloatArray, lr: number): void {
    const v = this.#velocity;
    const mu = this.#mu;
    for (let i = 0; i < params.length; i++) {
      v[i] = mu * v[i] + grads[i];
      params[i] -= lr * v[i];
    }
  }

  state(): OptimizerState {
    return { steps: 0, buffers: [this.#velocity.slice()] };
  }

  restore(state: OptimizerState): void {
    restoreBuffers([this.#velocity], state);
  }
}
