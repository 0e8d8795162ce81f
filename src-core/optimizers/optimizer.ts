// An optimiser turns gradients into a change of the parameters. Each one owns its state (for
// example Adam's moment estimates) and sees only the flat parameter and gradient arrays.

import type { FloatArray } from '../types.ts';

export const OPTIMIZERS = ['gd', 'sgd', 'momentum', 'adam'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

/** What an optimiser carries from one step to the next, as a checkpoint saves it: its step
 * count and its buffers (Adam's moments, momentum's velocity), in the optimiser's order. */
export interface OptimizerState {
  readonly steps: number;
  readonly buffers: readonly FloatArray[];
}

export interface Optimizer {
  /** One update of params from grads at learning rate lr. */
  step(params: FloatArray, grads: FloatArray, lr: number): void;
  /** A copy of the state, for a checkpoint. */
  state(): OptimizerState;
  /** Takes a state `state()` gave (of an optimiser of the same kind and size) as its own. */
  restore(state: OptimizerState): void;
}

/** Copies saved buffers into an optimiser's own, refusing a state of another shape. */
export function restoreBuffers(own: readonly FloatArray[], saved: OptimizerState): void {
  if (
    saved.buffers.length !== own.length ||
    saved.buffers.some((b, i) => b.length !== own[i].length)
  )
    throw new Error(
      `the saved optimiser state holds buffers of ${saved.buffers.map((b) => b.length).join(', ') || 'none'}` +
        `, this optimiser has ${own.map((b) => b.length).join(', ') || 'none'}`,
    );
  own.forEach((b, i) => b.set(saved.buffers[i]));
}
