// Adam (Kingma & Ba, 2015): a per-parameter step size from running averages of the gradient (m)
// and of its square (v). Both averages start at zero, so early on they are too small; dividing
// by (1 − βᵗ) corrects that bias (divide, not multiply: a classic bug in hand-written Adam).
//   m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,  p ← p − lr · m̂ / (√v̂ + ε),
//   m̂ = m / (1−β₁ᵗ),  v̂ = v / (1−β₂ᵗ)

import type { Backend } from '../backend.ts';
import { TypeScriptBackend } from '../kernels.ts';
import type { FloatArray } from '../types.ts';
import { restoreBuffers, type Optimizer, type OptimizerState } from './optimizer.ts';

export interface AdamSettings {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

export const ADAM_DEFAULTS: AdamSettings = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

export class Adam implements Optimizer {
  readonly #s: AdamSettings;
  readonly #m: FloatArray;
  readonly #v: FloatArray;
  readonly #backend: Backend;
  #t = 0;

  /** The moments are float32 whatever the network's precision. */
  constructor(
    size: number,
    settings: AdamSettings = ADAM_DEFAULTS,
    backend: Backend = new TypeScriptBackend(),
  ) {
    this.#s = settings;
    this.#backend = backend;
    this.#m = backend.allocate(size, 'float32');
    this.#v = backend.allocate(size, 'float32');
  }

  step(params: FloatArray, grads: FloatArray, lr: number): void {
    const { beta1, beta2, epsilon } = this.#s;
    this.#t++;
    this.#backend.adam(params, grads, this.#m, this.#v, params.length, {
      stepSize: lr / (1 - beta1 ** this.#t), // lr · m̂/m
      vScale: 1 / (1 - beta2 ** this.#t), // v̂/v
      beta1,
      beta2,
      epsilon,
    });
  }

  /** t (the bias correction's step count) with the moments. */
  state(): OptimizerState {
    return { steps: this.#t, buffers: [this.#m.slice(), this.#v.slice()] };
  }

  restore(state: OptimizerState): void {
    restoreBuffers([this.#m, this.#v], state);
    this.#t = state.steps;
  }
}
