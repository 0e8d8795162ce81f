// Saved weights back into a network the renderer can run: the model the back end sends
// (`getModel`) holds the layer sizes, activation names and one flat array of parameters, in the
// same layout as the core's Network, which the core's networkFromSaved rebuilds.

import type { ModelWeights } from '../../src-main/contract/api.ts';
import { networkFromSaved } from '../../src-core/model.ts';
import type { Network } from '../../src-core/network.ts';

export { networkFromSaved, type SavedWeights } from '../../src-core/model.ts';

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
