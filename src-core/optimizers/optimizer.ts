// An optimiser turns gradients into a change of the parameters. Each one owns its state (for
// example Adam's moment estimates) and sees only the flat parameter and gradient arrays.

import type { FloatArray } from '../types.ts';

export const OPTIMIZERS = ['gd', 'sgd', 'momentum', 'adam'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

export interface Optimizer {
  /** One update of params from grads at learning rate lr. */
  step(params: FloatArray, grads: FloatArray, lr: number): void;
}
