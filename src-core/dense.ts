// A fully connected layer: y = x·W + b. Its weights and gradients are views into the network's
// single parameter and gradient arrays (see network.ts), so it owns no parameter memory.
//
//   x: (B, IN)   W: (IN, OUT)   b: (OUT)   y: (B, OUT)

import type { Backend, ImageBatch } from './backend.ts';
import type { Layer, LayerContext, LayerKind, Parameter } from './layer.ts';
import type { FloatArray } from './types.ts';

type DenseSpec = { readonly kind: 'dense'; readonly units: number };

export class Dense implements Layer {
  readonly spec: DenseSpec;
  readonly inSize: number;
  readonly outSize: number;
  readonly w: FloatArray; // (IN, OUT)
  readonly b: FloatArray; // (OUT)
  readonly dw: FloatArray; // (IN, OUT)
  readonly db: FloatArray; // (OUT)
  readonly parameters: readonly Parameter[];
  readonly #k: Backend;
  readonly #y: FloatArray; // (maxBatch, OUT)
  readonly #dx: FloatArray | null; // (maxBatch, IN), null for the first layer
  #x: FloatArray | ImageBatch | null = null; // the last forward's input

  constructor(spec: DenseSpec, inSize: number, c: LayerContext) {
    this.spec = spec;
    this.inSize = inSize;
    this.outSize = spec.units;
    const wEnd = c.offset + inSize * spec.units;
    this.w = c.params.subarray(c.offset, wEnd);
    this.b = c.params.subarray(wEnd, wEnd + spec.units);
    this.dw = c.grads.subarray(c.offset, wEnd);
    this.db = c.grads.subarray(wEnd, wEnd + spec.units);
    const fans = { fanIn: inSize, fanOut: spec.units };
    this.parameters = [
      {
        name: 'weights',
        shape: [inSize, spec.units],
        value: this.w,
        grad: this.dw,
        offset: c.offset,
        ...fans,
      },
      { name: 'biases', shape: [spec.units], value: this.b, grad: this.db, offset: wEnd, ...fans },
    ];
    this.#k = c.backend;
    this.#y = c.backend.allocate(c.maxBatch * spec.units);
    this.#dx = c.inputGradient ? c.backend.allocate(c.maxBatch * inSize) : null;
  }

  static parameterCount(inSize: number, outSize: number): number {
    return inSize * outSize + outSize;
  }

  /** y = x·W + b for a batch of `batch` rows */
  forward(x: FloatArray, batch: number): FloatArray {
    this.#x = x;
    this.#k.fillRows(this.#y, this.b, batch, this.outSize);
    this.#k.gemmNN(this.#y, x, this.w, batch, this.inSize, this.outSize);
    return this.#y;
  }

  /** forward for a first layer given a batch of images its backend gathered itself
   * (Backend.gatherImages): the same numbers, read from the images' non-zero pixels. */
  forwardImages(x: ImageBatch): FloatArray {
    const k = this.#k;
    if (k.gemmImagesNN === undefined)
      throw new Error(`The ${k.name} backend reads no image batches`);
    if (x.pixels !== this.inSize)
      throw new Error(`Images of ${x.pixels} pixels for a layer of ${this.inSize} inputs`);
    this.#x = x;
    k.fillRows(this.#y, this.b, x.count, this.outSize);
    k.gemmImagesNN(this.#y, x, this.w, this.outSize);
    return this.#y;
  }

  /** Accumulates dW += xᵀ·dy and db += Σ_rows dy; returns dx = dy·Wᵀ (null for the first layer). */
  backward(dy: FloatArray, batch: number): FloatArray | null {
    const x = this.#x;
    if (x === null) throw new Error('Dense.backward before forward');
    if (isFloatArray(x)) this.#k.gemmTN(this.dw, x, dy, batch, this.inSize, this.outSize);
    else this.#k.gemmImagesTN!(this.dw, x, dy, this.outSize);
    this.#k.addColumnSums(this.db, dy, batch, this.outSize);
    if (this.#dx !== null) this.#k.gemmNT(this.#dx, dy, this.w, batch, this.outSize, this.inSize);
    return this.#dx;
  }
}

function isFloatArray(x: FloatArray | ImageBatch): x is FloatArray {
  return x instanceof Float32Array || x instanceof Float64Array;
}

export const DenseKind: LayerKind<DenseSpec> = {
  outSize: (spec) => spec.units,
  parameterCount: (spec, inSize) => Dense.parameterCount(inSize, spec.units),
  create: (spec, inSize, context) => new Dense(spec, inSize, context),
  problem: (spec) =>
    Number.isInteger(spec.units) && (spec.units as number) > 0
      ? null
      : `has units ${JSON.stringify(spec.units)}, not a positive integer`,
};
