// Starting weights. The scale matters: too large and units saturate or the softmax is sure of
// the wrong answer from the start; too small and the signal fades layer by layer.
// - article: the blog's choice, W ~ N(0,1)·0.5 and b ~ U(0,1)·0.5, large for 784 inputs.
// - xavier (Glorot): W ~ N(0, 2/(in+out)), keeps the variance steady for tanh/sigmoid.
// - he: W ~ N(0, 2/in), keeps the variance steady through ReLU, which zeroes half its inputs.
// xavier and he start biases at 0.

import type { Dense } from './dense.ts';
import type { Rng } from './rng.ts';

export const INITIALIZERS = ['article', 'xavier', 'he'] as const;
export type InitializerName = (typeof INITIALIZERS)[number];

export function initialize(layers: readonly Dense[], name: InitializerName, rng: Rng): void {
  for (const layer of layers) {
    const { w, b, inSize, outSize } = layer;
    if (name === 'article') {
      for (let i = 0; i < w.length; i++) w[i] = rng.normal() * 0.5;
      for (let i = 0; i < b.length; i++) b[i] = rng.uniform() * 0.5;
      continue;
    }
    const std = name === 'he' ? Math.sqrt(2 / inSize) : Math.sqrt(2 / (inSize + outSize));
    for (let i = 0; i < w.length; i++) w[i] = rng.normal() * std;
    b.fill(0);
  }
}
