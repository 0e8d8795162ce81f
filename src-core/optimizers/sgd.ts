// Plain gradient descent: step against the gradient, p ← p − lr·g. With the whole training set
// as one batch this is the blog's full-batch gradient descent; with small batches it is
// mini-batch stochastic gradient descent. It keeps no state.

import type { FloatArray } from '../types.ts';
import { restoreBuffers, type Optimizer, type OptimizerState } from './optimizer.ts';

export class Sgd implements Optimizer {
  step(params: FloatArray, grads: FloatArray, lr: number): void {
    for (let i = 0; i < params.length; i++) params[i] -= lr * grads[i];
  }

  state(): OptimizerState {
    return { steps: 0, buffers: [] };
  }

  restore(state: OptimizerState): void {
    restoreBuffers([], state);
  }
}
