import { Adam } from './adam.ts';
import { Momentum } from './momentum.ts';
import type { Optimizer, OptimizerName } from './optimizer.ts';
import { Sgd } from './sgd.ts';

/** gd and sgd share one update rule; they differ in batch size, which the training loop owns. */
export function createOptimizer(name: OptimizerName, size: number, momentum: number): Optimizer {
  switch (name) {
    case 'gd':
    case 'sgd':
      return new Sgd();
    case 'momentum':
      return new Momentum(size, momentum);
    case 'adam':
      return new Adam(size);
  }
}
