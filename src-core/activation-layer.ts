// An activation function as a layer between two dense ones: a = f(z) element by element, and
// back dZ = dA · f'(z), written over dA (nothing else reads it). The functions themselves are
// the backend's element-wise kernels (activations.ts in the TypeScript backend).
//
//   z: (B, N)   a: (B, N)

import { ACTIVATIONS, type Activation, type ActivationName } from './activations.ts';
import type { Layer, LayerContext, LayerKind } from './layer.ts';
import type { FloatArray } from './types.ts';

type ActivationSpec = { readonly kind: 'activation'; readonly fn: ActivationName };

export class ActivationLayer implements Layer {
  readonly spec: ActivationSpec;
  readonly inSize: number;
  readonly outSize: number;
  readonly parameters = [];
  readonly #f: Activation;
  readonly #a: FloatArray; // (maxBatch, N)
  readonly #inputGradient: boolean;
  #z: FloatArray | null = null; // the last forward's input

  constructor(spec: ActivationSpec, size: number, c: LayerContext) {
    this.spec = spec;
    this.inSize = size;
    this.outSize = size;
    this.#f = c.backend.activation(spec.fn);
    this.#a = c.backend.allocate(c.maxBatch * size);
    this.#inputGradient = c.inputGradient;
  }

  forward(z: FloatArray, batch: number): FloatArray {
    this.#z = z;
    this.#f.forward(z, this.#a, batch * this.outSize);
    return this.#a;
  }

  backward(dA: FloatArray, batch: number): FloatArray | null {
    if (this.#z === null) throw new Error('backward before forward');
    if (!this.#inputGradient) return null;
    this.#f.backward(dA, this.#z, this.#a, dA, batch * this.outSize);
    return dA;
  }
}

export const ActivationKind: LayerKind<ActivationSpec> = {
  outSize: (_spec, inSize) => inSize,
  parameterCount: () => 0,
  create: (spec, inSize, context) => new ActivationLayer(spec, inSize, context),
  problem: (spec) =>
    (ACTIVATIONS as readonly unknown[]).includes(spec.fn)
      ? null
      : `has fn ${JSON.stringify(spec.fn)}, expected one of ${ACTIVATIONS.join(', ')}`,
};
