// Saved weights back into a network the renderer can run: the model the back end sends
// (`getModel`) holds the layer sizes, activation names and one flat array of parameters, in the
// same layout as the core's Network, so rebuilding it is one check and one copy.

import type { ModelWeights } from '../../src-main/contract/api.ts';
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

/** The network a `getModel` answer describes: its weights arrive as base64 of float32 bytes. */
export function networkFromModel(model: ModelWeights): Network {
  return networkFromSaved({ ...model, weights: floatsFromBase64(model.weights) });
}

/** The Float32Array whose bytes (little-endian, as every platform the app runs on) `base64`
 * holds. */
export function floatsFromBase64(base64: string): Float32Array {
  const binary = atob(base64);
  if (binary.length % 4 !== 0)
    throw new Error(`the saved weights are ${binary.length} bytes, not whole float32 numbers`);
  const floats = new Float32Array(binary.length / 4);
  const bytes = new Uint8Array(floats.buffer);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return floats;
}
