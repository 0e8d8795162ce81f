// How large each layer's weight gradient is: ‖dW‖₂ = √(Σ dW²) over the layer's weights (biases
// left out). Through sigmoids, each layer back multiplies the gradient by σ′ ≤ 1/4, so the
// input-side layers of a deep sigmoid network get far smaller gradients than the output side and
// barely learn (vanishing gradients); ReLU with He initialisation keeps them comparable. The
// trainer adds these up over an epoch's batches and reports the mean.

import type { Network } from './network.ts';

/** Adds each layer's ‖dW‖₂ (from the gradients backward left) to sums[l], input side first. */
export function addWeightGradientNorms(network: Network, sums: Float64Array): void {
  network.layers.forEach(({ dw }, l) => {
    let s = 0;
    for (let i = 0; i < dw.length; i++) s += dw[i] * dw[i];
    sums[l] += Math.sqrt(s);
  });
}
