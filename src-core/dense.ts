// A fully connected layer: y = x·W + b. Its weights and gradients are views into the network's
// single parameter and gradient arrays (see network.ts), so it owns no memory of its own.
//
//   x: (B, IN)   W: (IN, OUT)   b: (OUT)   y: (B, OUT)

import { addColumnSums, fillRows, gemmNN, gemmNT, gemmTN, type FloatArray } from './kernels.ts';

export class Dense {
  readonly inSize: number;
  readonly outSize: number;
  readonly w: FloatArray; // (IN, OUT)
  readonly b: FloatArray; // (OUT)
  readonly dw: FloatArray; // (IN, OUT)
  readonly db: FloatArray; // (OUT)

  constructor(
    inSize: number,
    outSize: number,
    params: FloatArray,
    grads: FloatArray,
    offset: number,
  ) {
    this.inSize = inSize;
    this.outSize = outSize;
    const wEnd = offset + inSize * outSize;
    this.w = params.subarray(offset, wEnd);
    this.b = params.subarray(wEnd, wEnd + outSize);
    this.dw = grads.subarray(offset, wEnd);
    this.db = grads.subarray(wEnd, wEnd + outSize);
  }

  static parameterCount(inSize: number, outSize: number): number {
    return inSize * outSize + outSize;
  }

  /** y = x·W + b for a batch of `batch` rows */
  forward(x: FloatArray, y: FloatArray, batch: number): void {
    fillRows(y, this.b, batch, this.outSize);
    gemmNN(y, x, this.w, batch, this.inSize, this.outSize);
  }

  /** Accumulates dW += xᵀ·dy and db += Σ_rows dy; writes dx = dy·Wᵀ unless dx is null
   * (the first layer's input is the image, whose gradient nobody needs). */
  backward(x: FloatArray, dy: FloatArray, dx: FloatArray | null, batch: number): void {
    gemmTN(this.dw, x, dy, batch, this.inSize, this.outSize);
    addColumnSums(this.db, dy, batch, this.outSize);
    if (dx !== null) gemmNT(dx, dy, this.w, batch, this.outSize, this.inSize);
  }
}
