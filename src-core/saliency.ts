// What the network looks at: the gradient of one digit's score with respect to the 784 inputs
// (Simonyan et al. 2014, "Deep inside convolutional networks"). A positive value means more ink
// at that pixel would raise the score, a negative one that ink there speaks against the digit.
//
// The score is the logit Z_L[k], not the probability softmax(Z_L)[k]: the probability's gradient
// is p_k (∇Z_k − Σ_j p_j ∇Z_j), which vanishes when the network is sure (p_k ≈ 1) and mixes in
// every other digit, while the logit's is the digit's own evidence. "Why this and not that" is
// the gradient of Z_L[k] − Z_L[j], which is also log(p_k / p_j): what tips the balance between
// the two, whatever the other digits do.
//
// The network's backward pass stops at the first layer (nobody needs the image's gradient when
// training), so the last step, dX = W1ᵀ · dZ1, is done here with the backend's own kernel on the
// first dense layer's weights.

import { checkImage } from './explain.ts';
import type { Network } from './network.ts';
import type { FloatArray } from './types.ts';

export interface SaliencyMap {
  readonly digit: number;
  /** The digit subtracted ("why `digit` and not `versus`"), or null for the digit's score alone. */
  readonly versus: number | null;
  /** d score / d input for each input (row-major 28×28 for MNIST), in the network's input scale
   * (pixels / 255); in the network's precision (float32, or float64 for a float64 network). */
  readonly values: FloatArray;
  /** max |values|: the end of a diverging colour scale centred on 0 (0 for a flat map). */
  readonly maxAbs: number;
}

/** The saliency map of `digit` (minus `versus`) for one image. Uses the network's buffers and
 * overwrites its gradients. */
export function saliency(
  network: Network,
  input: ArrayLike<number>,
  digit: number,
  versus: number | null = null,
): SaliencyMap {
  checkImage(network, input, digit, 'digit');
  if (versus !== null) {
    checkImage(network, input, versus, 'digit');
    if (versus === digit) throw new Error(`cannot compare digit ${digit} with itself`);
  }
  const { backend, chain } = network;
  const x = backend.allocate(network.inputSize);
  x.set(input);
  network.forward(x, 1);
  const dScore = backend.allocate(network.outputSize);
  dScore[digit] = 1;
  if (versus !== null) dScore[versus] = -1;
  network.zeroGrad();
  let d = dScore;
  for (let i = chain.length - 1; i > 0; i--) {
    const next = chain[i].backward(d, 1);
    if (next === null) throw new Error(`layer ${i + 1} passes no gradient back`);
    d = next;
  }
  const first = network.layers[0];
  const dx = backend.allocate(first.inSize);
  backend.gemmNT(dx, d, first.w, 1, first.outSize, first.inSize);
  const values = dx;
  let maxAbs = 0;
  for (const v of values) maxAbs = Math.max(maxAbs, Math.abs(v));
  return { digit, versus, values, maxAbs };
}
