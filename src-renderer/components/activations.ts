// What each layer of a network does with one input: the forward pass of the core, with every
// hidden layer's activations copied out (the network's own buffers are overwritten by its next
// forward pass) and the output turned into probabilities.

import type { Network } from '../../src-core/network.ts';
import { predictProbabilities } from '../../src-core/predict.ts';

export interface LayerActivations {
  /** Activations a = f(z) of each hidden layer, input side first. */
  readonly hidden: readonly Float32Array[];
  /** Softmax of the output layer: one probability per class. */
  readonly probabilities: Float32Array;
}

/** Runs one input (network.inputSize values, scaled 0–1) through the network. */
export function forwardLayers(network: Network, input: Float32Array): LayerActivations {
  if (input.length !== network.inputSize)
    throw new Error(`the network reads ${network.inputSize} inputs, got ${input.length}`);
  const probabilities = predictProbabilities(network, input, 1);
  const hidden = network.layers
    .slice(0, -1)
    .map((layer, l) => Float32Array.from(network.hiddenActivations(l).subarray(0, layer.outSize)));
  return { hidden, probabilities };
}

/** How many of a layer's units are active (above 0 by more than a rounding error). */
export function activeUnits(values: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > 1e-6) n++;
  return n;
}

/** Test image bytes (base64, 0 = background, 255 = ink) as the network's input, 0–1, the way
 * training scaled them. */
export function inputFromBase64(pixels: string): Float32Array {
  const text = atob(pixels);
  const input = new Float32Array(text.length);
  for (let i = 0; i < text.length; i++) input[i] = text.charCodeAt(i) / 255;
  return input;
}
