// Saved weights back into a network the renderer can run: the model the back end sends
// (`getModel`) holds the layer sizes, activation names and one flat array of parameters, in the
// same layout as the core's Network, so rebuilding it is one check and one copy.

import { ACTIVATIONS, type ActivationName } from '../../src-core/activations.ts';
import { Network, parameterCount } from '../../src-core/network.ts';

/** What a saved model holds (see the contract's ModelWeights). */
export interface SavedWeights {
  readonly sizes: readonly number[];
  readonly activations: readonly string[];
  readonly weights: ArrayLike<number>;
}

const isActivation = (name: string): name is ActivationName =>
  (ACTIVATIONS as readonly string[]).includes(name);

/** A one-row float32 network holding saved weights, checked to fit together. */
export function networkFromSaved({ sizes, activations, weights }: SavedWeights): Network {
  const unknown = activations.find((a) => !isActivation(a));
  if (unknown !== undefined) throw new Error(`unknown activation "${unknown}" in the saved model`);
  const expected = parameterCount(sizes);
  if (weights.length !== expected)
    throw new Error(`the saved model has ${weights.length} weights, its layers need ${expected}`);
  const network = new Network({ sizes, activations: activations as ActivationName[] }, 1);
  network.params.set(weights);
  return network;
}
