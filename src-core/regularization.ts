// L2 weight decay: the penalty (λ/2)·Σw² pulls weights toward zero, so the network prefers many
// small weights to a few large ones, which tends to generalise better. Its gradient is λ·w,
// added to each weight's gradient after backward. Biases are not penalised.

import type { Parameter } from './layer.ts';
import type { Network } from './network.ts';

function* weights(network: Network): Generator<Parameter> {
  for (const layer of network.chain)
    for (const p of layer.parameters) if (p.name === 'weights') yield p;
}

export function addL2Gradient(network: Network, lambda: number): void {
  for (const { value: w, grad: dw } of weights(network))
    network.backend.addScaled(dw, w, lambda, w.length);
}

/** The penalty itself, (λ/2)·Σw², for checking the gradient above. */
export function l2Penalty(network: Network, lambda: number): number {
  let s = 0;
  for (const { value: w } of weights(network)) for (let i = 0; i < w.length; i++) s += w[i] * w[i];
  return (lambda / 2) * s;
}
