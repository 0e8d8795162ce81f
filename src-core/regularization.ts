// L2 weight decay: the penalty (λ/2)·Σw² pulls weights toward zero, so the network prefers many
// small weights to a few large ones, which tends to generalise better. Its gradient is λ·w,
// added to each weight's gradient after backward. Biases are not penalised.

import type { Network } from './network.ts';

export function addL2Gradient(network: Network, lambda: number): void {
  for (const { w, dw } of network.layers) for (let i = 0; i < w.length; i++) dw[i] += lambda * w[i];
}

/** The penalty itself, (λ/2)·Σw², for checking the gradient above. */
export function l2Penalty(network: Network, lambda: number): number {
  let s = 0;
  for (const { w } of network.layers) for (let i = 0; i < w.length; i++) s += w[i] * w[i];
  return (lambda / 2) * s;
}
