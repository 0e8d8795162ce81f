// Starting weights. The scale matters: too large and units saturate or the softmax is sure of
// the wrong answer from the start; too small and the signal fades layer by layer.
// - article: the blog's choice, W ~ N(0,1)·0.5 and b ~ U(0,1)·0.5, large for 784 inputs.
// - xavier (Glorot): W ~ N(0, 2/(in+out)), keeps the variance steady for tanh/sigmoid.
// - he: W ~ N(0, 2/in), keeps the variance steady through ReLU, which zeroes half its inputs.
// xavier and he start biases at 0. Layers are filled input side first, each parameter in turn,
// so a seed gives the same weights whatever layers without parameters sit between.

import type { Layer } from './layer.ts';
import type { Rng } from './rng.ts';

export const INITIALIZERS = ['article', 'xavier', 'he'] as const;
export type InitializerName = (typeof INITIALIZERS)[number];

export function initialize(layers: readonly Layer[], name: InitializerName, rng: Rng): void {
  for (const layer of layers)
    for (const { name: role, value, fanIn, fanOut } of layer.parameters) {
      if (name === 'article') {
        const draw = role === 'weights' ? () => rng.normal() * 0.5 : () => rng.uniform() * 0.5;
        for (let i = 0; i < value.length; i++) value[i] = draw();
      } else if (role === 'weights') {
        const std = name === 'he' ? Math.sqrt(2 / fanIn) : Math.sqrt(2 / (fanIn + fanOut));
        for (let i = 0; i < value.length; i++) value[i] = rng.normal() * std;
      } else value.fill(0);
    }
}
