// "Apply one update of this size": what one plain gradient-descent step on this image alone,
// W ← W − rate · dW for every weight and bias, does to the image's loss. This is plain SGD on
// one image, not the run's optimiser (no momentum or Adam state, no batch, no L2), on a copy of
// the network: the weights given are left as they are.

import { checkImage } from './explain.ts';
import type { LossName } from './losses.ts';
import { Network } from './network.ts';

export interface OneUpdate {
  readonly rate: number;
  readonly lossBefore: number;
  readonly lossAfter: number;
  /** softmax(Z_L) of the image's true digit, before and after. */
  readonly probabilityBefore: number;
  readonly probabilityAfter: number;
}

export function applyOneUpdate(
  network: Network,
  input: ArrayLike<number>,
  label: number,
  lossName: LossName,
  rate: number,
): OneUpdate {
  checkImage(network, input, label);
  if (!(Number.isFinite(rate) && rate > 0))
    throw new Error(`learning rate ${rate} is not a positive number`);
  const copy = new Network(network.stack, 1, network.dtype);
  copy.params.set(network.params);
  const { backend } = copy;
  const classes = copy.outputSize;
  const x = backend.allocate(copy.inputSize);
  x.set(input);
  const labels = Uint8Array.of(label);
  const probs = backend.allocate(classes);
  const dLogits = backend.allocate(classes);
  const fn = backend.loss(lossName);

  copy.zeroGrad();
  const lossBefore = fn.compute(copy.forward(x, 1), labels, probs, dLogits, 1, classes, 1);
  const probabilityBefore = probs[label];
  copy.backward(dLogits, 1);
  backend.addScaled(copy.params, copy.grads, -rate, copy.params.length);
  const lossAfter = fn.compute(copy.forward(x, 1), labels, probs, null, 1, classes, 1);
  return { rate, lossBefore, lossAfter, probabilityBefore, probabilityAfter: probs[label] };
}
