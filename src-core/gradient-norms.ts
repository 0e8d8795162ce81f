// How large each layer's weight gradient is: ‖dW‖₂ = √(Σ dW²) over the layer's weights (biases
// left out). Through sigmoids, each layer back multiplies the gradient by σ′ ≤ 1/4, so the
// input-side layers of a deep sigmoid network get far smaller gradients than the output side and
// barely learn (vanishing gradients); ReLU with He initialisation keeps them comparable. The
// trainer adds these up over an epoch's batches and reports the mean.

import type { Network } from './network.ts';

/** Layers that have weights, input side first: one gradient norm each. */
export function weightedLayerCount(network: Network): number {
  return network.chain.filter((layer) => layer.parameters.some((p) => p.name === 'weights')).length;
}

/** Adds each weighted layer's ‖dW‖₂ (from the gradients backward left) to sums[l], input side
 * first. */
export function addWeightGradientNorms(network: Network, sums: Float64Array): void {
  let l = 0;
  for (const layer of network.chain) {
    let s = 0;
    let weighted = false;
    for (const { name, grad } of layer.parameters) {
      if (name !== 'weights') continue;
      weighted = true;
      s += network.backend.sumOfSquares(grad, grad.length);
    }
    if (weighted) sums[l++] += Math.sqrt(s);
  }
}
