// Dropout (Srivastava et al., 2014): while training, each unit's output is dropped (set to 0)
// with probability `rate`, a fresh random choice for every value of every batch, so no unit can
// rely on a particular other one being there. This is inverted dropout: the kept values are
// divided by (1 − rate), so the expected output equals the input and inference needs no change:
// outside training the layer passes its input through untouched. Back, the gradient flows only
// through the kept units, scaled the same way: dX = dY · mask.
//
//   x: (B, N)   mask: (B, N), each 0 or 1/(1 − rate)   y: (B, N)

import type { Backend } from './backend.ts';
import type { Layer, LayerContext, LayerKind } from './layer.ts';
import type { Rng } from './rng.ts';
import type { FloatArray } from './types.ts';

type DropoutSpec = { readonly kind: 'dropout'; readonly rate: number };

/** The largest rate a network may use: at 1 nothing would pass. */
export const MAX_DROPOUT = 0.9;

export class Dropout implements Layer {
  readonly spec: DropoutSpec;
  readonly inSize: number;
  readonly outSize: number;
  readonly parameters = [];
  readonly #k: Backend;
  readonly #rng: Rng;
  readonly #mask: FloatArray; // (maxBatch, N)
  readonly #y: FloatArray; // (maxBatch, N)
  readonly #inputGradient: boolean;
  /** Whether the last forward dropped anything (training) or passed its input through. */
  #masked = false;
  /** When true, forward reuses the last mask: a gradient check needs one fixed function. */
  frozen = false;

  constructor(spec: DropoutSpec, size: number, c: LayerContext) {
    this.spec = spec;
    this.inSize = size;
    this.outSize = size;
    this.#k = c.backend;
    this.#rng = c.rng;
    this.#mask = c.backend.allocate(c.maxBatch * size);
    this.#y = c.backend.allocate(c.maxBatch * size);
    this.#inputGradient = c.inputGradient;
  }

  forward(x: FloatArray, batch: number, training: boolean): FloatArray {
    this.#masked = training;
    if (!training) return x;
    const n = batch * this.outSize;
    if (!this.frozen) {
      const { rate } = this.spec;
      this.#rng.fillMask(this.#mask, n, rate, 1 / (1 - rate));
    }
    this.#k.multiply(this.#y, x, this.#mask, n);
    return this.#y;
  }

  backward(dY: FloatArray, batch: number): FloatArray | null {
    if (!this.#inputGradient) return null;
    if (this.#masked) this.#k.multiply(dY, dY, this.#mask, batch * this.outSize);
    return dY;
  }
}

export const DropoutKind: LayerKind<DropoutSpec> = {
  outSize: (_spec, inSize) => inSize,
  parameterCount: () => 0,
  create: (spec, inSize, context) => new Dropout(spec, inSize, context),
  problem: (spec) =>
    typeof spec.rate === 'number' && spec.rate >= 0 && spec.rate <= MAX_DROPOUT
      ? null
      : `has rate ${JSON.stringify(spec.rate)}, expected a number from 0 to ${MAX_DROPOUT}`,
};
