import type { Backend } from '../backend.ts';
import { TypeScriptBackend } from '../kernels.ts';
import { Adam, ADAM_DEFAULTS } from './adam.ts';
import { Momentum } from './momentum.ts';
import type { Optimizer, OptimizerName } from './optimizer.ts';
import { Sgd } from './sgd.ts';

/** gd and sgd share one update rule; they differ in batch size, which the training loop owns.
 * The optimiser's state comes from `backend`, as the parameters do. */
export function createOptimizer(
  name: OptimizerName,
  size: number,
  momentum: number,
  backend: Backend = new TypeScriptBackend(),
): Optimizer {
  switch (name) {
    case 'gd':
    case 'sgd':
      return new Sgd();
    case 'momentum':
      return new Momentum(size, momentum, backend);
    case 'adam':
      return new Adam(size, ADAM_DEFAULTS, backend);
  }
}
