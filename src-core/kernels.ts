// The TypeScript backend: the matrix kernels dense layers use, and the element-wise ones (see
// backend.ts for the conventions). Two ideas make these several times faster than the obvious
// loops (kernels-reference.ts, which tests hold them equal to):
// - Zeros are skipped. MNIST images are ~80% zeros and ReLU outputs about half, so the left
//   operand's non-zeros are listed once per row and only they are multiplied.
// - Eight outputs are summed in local variables (registers) across that whole list and written
//   once, instead of being loaded and stored for every term. The inner loop reads consecutive
//   addresses of one row of the right operand.

import { activation, type Activation, type ActivationName } from './activations.ts';
import type { AdamStep, Backend } from './backend.ts';
import { loss, type Loss, type LossName } from './losses.ts';
import type { DType, FloatArray } from './types.ts';

const BLOCK = 8;
/** Pixel byte p as the network reads it: p/255, as in the blog. */
const PIXEL = new Float64Array(256).map((_, p) => p / 255);

/** out[o .. o+n) += Σ_q vals[q] · b[offs[q] + j] for j < n: the shared inner kernel. */
function accumulateRow(
  out: FloatArray,
  o: number,
  b: FloatArray,
  offs: Int32Array,
  vals: Float64Array,
  nz: number,
  n: number,
): void {
  let j = 0;
  for (; j + BLOCK <= n; j += BLOCK) {
    let s0 = out[o + j];
    let s1 = out[o + j + 1];
    let s2 = out[o + j + 2];
    let s3 = out[o + j + 3];
    let s4 = out[o + j + 4];
    let s5 = out[o + j + 5];
    let s6 = out[o + j + 6];
    let s7 = out[o + j + 7];
    for (let q = 0; q < nz; q++) {
      const v = vals[q];
      const bp = offs[q] + j;
      s0 += v * b[bp];
      s1 += v * b[bp + 1];
      s2 += v * b[bp + 2];
      s3 += v * b[bp + 3];
      s4 += v * b[bp + 4];
      s5 += v * b[bp + 5];
      s6 += v * b[bp + 6];
      s7 += v * b[bp + 7];
    }
    out[o + j] = s0;
    out[o + j + 1] = s1;
    out[o + j + 2] = s2;
    out[o + j + 3] = s3;
    out[o + j + 4] = s4;
    out[o + j + 5] = s5;
    out[o + j + 6] = s6;
    out[o + j + 7] = s7;
  }
  for (; j < n; j++) {
    let s = out[o + j];
    for (let q = 0; q < nz; q++) s += vals[q] * b[offs[q] + j];
    out[o + j] = s;
  }
}

export class TypeScriptBackend implements Backend {
  readonly name = 'typescript';
  readonly dtype: DType;
  // Scratch for the non-zero list (offsets into the right operand, and values). Grown on demand,
  // so after the first batch no kernel allocates. Each backend has its own.
  #nzOffset = new Int32Array(1024);
  #nzValue = new Float64Array(1024);

  constructor(dtype: DType = 'float32') {
    this.dtype = dtype;
  }

  allocate(n: number, dtype: DType = this.dtype): FloatArray {
    return dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
  }

  #reserve(n: number): void {
    if (this.#nzOffset.length >= n) return;
    this.#nzOffset = new Int32Array(n);
    this.#nzValue = new Float64Array(n);
  }

  gemmNN(out: FloatArray, a: FloatArray, b: FloatArray, m: number, k: number, n: number): void {
    this.#reserve(k);
    const offs = this.#nzOffset;
    const vals = this.#nzValue;
    for (let i = 0; i < m; i++) {
      const ai = i * k;
      let nz = 0;
      for (let p = 0; p < k; p++) {
        const v = a[ai + p];
        if (v !== 0) {
          offs[nz] = p * n; // row p of b
          vals[nz++] = v;
        }
      }
      accumulateRow(out, i * n, b, offs, vals, nz, n);
    }
  }

  gemmTN(out: FloatArray, a: FloatArray, b: FloatArray, m: number, k: number, n: number): void {
    this.#reserve(m);
    const offs = this.#nzOffset;
    const vals = this.#nzValue;
    for (let p = 0; p < k; p++) {
      let nz = 0;
      for (let i = 0; i < m; i++) {
        const v = a[i * k + p];
        if (v !== 0) {
          offs[nz] = i * n; // row i of b
          vals[nz++] = v;
        }
      }
      if (nz > 0) accumulateRow(out, p * n, b, offs, vals, nz, n);
    }
  }

  // Each output is a dot product of two contiguous rows; four outputs share each load of a's row.
  gemmNT(out: FloatArray, a: FloatArray, b: FloatArray, m: number, k: number, n: number): void {
    for (let i = 0; i < m; i++) {
      const ai = i * k;
      const oi = i * n;
      let p = 0;
      for (; p + 4 <= n; p += 4) {
        const b0 = p * k;
        const b1 = b0 + k;
        const b2 = b1 + k;
        const b3 = b2 + k;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let j = 0; j < k; j++) {
          const v = a[ai + j];
          s0 += v * b[b0 + j];
          s1 += v * b[b1 + j];
          s2 += v * b[b2 + j];
          s3 += v * b[b3 + j];
        }
        out[oi + p] = s0;
        out[oi + p + 1] = s1;
        out[oi + p + 2] = s2;
        out[oi + p + 3] = s3;
      }
      for (; p < n; p++) {
        const bp = p * k;
        let s = 0;
        for (let j = 0; j < k; j++) s += a[ai + j] * b[bp + j];
        out[oi + p] = s;
      }
    }
  }

  fillRows(out: FloatArray, v: FloatArray, m: number, n: number): void {
    for (let i = 0; i < m; i++) out.set(v, i * n);
  }

  addColumnSums(out: FloatArray, a: FloatArray, m: number, n: number): void {
    for (let i = 0; i < m; i++) {
      const ai = i * n;
      for (let j = 0; j < n; j++) out[j] += a[ai + j];
    }
  }

  multiply(out: FloatArray, a: FloatArray, b: FloatArray, n: number): void {
    for (let i = 0; i < n; i++) out[i] = a[i] * b[i];
  }

  activation(name: ActivationName): Activation {
    return activation(name);
  }

  loss(name: LossName): Loss {
    return loss(name);
  }

  gatherPixels(
    out: FloatArray,
    images: Uint8Array,
    image: (i: number) => number,
    count: number,
    pixels: number,
  ): void {
    for (let i = 0; i < count; i++) {
      const src = image(i) * pixels;
      const dst = i * pixels;
      for (let j = 0; j < pixels; j++) out[dst + j] = PIXEL[images[src + j]];
    }
  }

  addScaled(out: FloatArray, a: FloatArray, scale: number, n: number): void {
    for (let i = 0; i < n; i++) out[i] += scale * a[i];
  }

  sumOfSquares(a: FloatArray, n: number): number {
    let s = 0;
    for (let i = 0; i < n; i++) s += a[i] * a[i];
    return s;
  }

  adam(
    params: FloatArray,
    grads: FloatArray,
    m: FloatArray,
    v: FloatArray,
    n: number,
    { stepSize, vScale, beta1, beta2, epsilon }: AdamStep,
  ): void {
    for (let i = 0; i < n; i++) {
      const g = grads[i];
      const mi = beta1 * m[i] + (1 - beta1) * g;
      const vi = beta2 * v[i] + (1 - beta2) * g * g;
      m[i] = mi;
      v[i] = vi;
      params[i] -= (stepSize * mi) / (Math.sqrt(vi * vScale) + epsilon);
    }
  }
}
