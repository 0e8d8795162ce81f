// Stored weights back into a runnable network.

import type { ActivationName } from '../../src-core/activations.ts';
import { Network } from '../../src-core/network.ts';
import type { ModelRow } from '../store/types.ts';

export function networkFromModel(model: ModelRow, maxBatch = 1): Network {
  const network = new Network(
    { sizes: model.sizes, activations: model.activations as ActivationName[] },
    maxBatch,
  );
  if (model.weights.length !== network.params.length)
    throw new Error(
      `stored weights hold ${model.weights.length} numbers, the architecture needs ${network.params.length}`,
    );
  network.params.set(model.weights);
  return network;
}
