// The kernel seam: everything a network, its layers, the trainer and the optimisers need from
// the machine. Memory is allocated only through `allocate`, and the layers compute only through
// these kernels, so a faster implementation (WebAssembly, SIMD, a GPU) is one new Backend, held
// equal to the reference kernels by the same table of tests (tests/core/kernels.test.ts).
// kernels.ts is the TypeScript backend every network uses unless given another.
//
// Matrices are row-major with explicit sizes. In every product `a` is stored (M, K), and the
// sizes are passed as (m, k, n); the name says which operand is transposed (N = as stored,
// T = transposed), as in BLAS.

import type { Activation, ActivationName } from './activations.ts';
import type { Loss, LossName } from './losses.ts';
import type { DType, FloatArray } from './types.ts';

export interface Backend {
  readonly name: string;
  /** The element type of the parameter, gradient, activation and batch buffers. */
  readonly dtype: DType;
  /** Rows the trainer takes through forward and backward at once when a step covers more (a
   * full batch's chunks, train.ts), so a batch of images is still in cache when backward reads
   * it again; CHUNK when absent. Only for a backend whose products and sums add each row's
   * terms in row order, so that passes of any size give the same gradients. */
  readonly passRows?: number;
  /** A zeroed buffer of n numbers (parameters, gradients, activations, batches, optimiser state);
   * `dtype` overrides the backend's own, for state that keeps its precision whatever the network's. */
  allocate(n: number, dtype?: DType): FloatArray;
  /** out (M, N) += a (M, K) · b (K, N) */
  gemmNN(out: FloatArray, a: FloatArray, b: FloatArray, m: number, k: number, n: number): void;
  /** out (K, N) += aᵀ · b, where b is (M, N): a weight gradient xᵀ·dy */
  gemmTN(out: FloatArray, a: FloatArray, b: FloatArray, m: number, k: number, n: number): void;
  /** out (M, N) = a (M, K) · bᵀ, where b is (N, K): an input gradient dy·Wᵀ. Overwrites out. */
  gemmNT(out: FloatArray, a: FloatArray, b: FloatArray, m: number, k: number, n: number): void;
  /** out (M, N): every row set to the vector v (N), e.g. the bias before gemmNN adds x·W */
  fillRows(out: FloatArray, v: FloatArray, m: number, n: number): void;
  /** out (N) += column sums of a (M, N): a bias gradient */
  addColumnSums(out: FloatArray, a: FloatArray, m: number, n: number): void;
  /** out[i] = a[i] · b[i] for i < n (out may be a or b) */
  multiply(out: FloatArray, a: FloatArray, b: FloatArray, n: number): void;
  /** The element-wise kernels of an activation function */
  activation(name: ActivationName): Activation;
  /** A loss with its softmax (losses.ts has what each computes) */
  loss(name: LossName): Loss;
  /** out (count, pixels): row i is image `image(i)` of `images` (`pixels` bytes each), each byte
   * p as p/255, the network's input (batch.ts). */
  gatherPixels(
    out: FloatArray,
    images: Uint8Array,
    image: (i: number) => number,
    count: number,
    pixels: number,
  ): void;
  /** Optional, for a backend whose first layer can read a batch of images as their non-zero
   * pixels rather than as floats: the batch gatherPixels would write, held in the backend's own
   * form for gemmImagesNN and gemmImagesTN until its next call, or null where that form would
   * not pay (images mostly not zero) or does not fit: the caller then gathers floats. */
  gatherImages?(
    images: Uint8Array,
    image: (i: number) => number,
    count: number,
    pixels: number,
  ): ImageBatch | null;
  /** out (count, N) += X · b, X the batch as gatherPixels would write it (count, pixels) and b
   * (pixels, N): gemmNN's numbers, without reading the zeros. */
  gemmImagesNN?(out: FloatArray, x: ImageBatch, b: FloatArray, n: number): void;
  /** out (pixels, N) += Xᵀ · b, b (count, N): gemmTN's numbers, a first layer's weight gradient. */
  gemmImagesTN?(out: FloatArray, x: ImageBatch, b: FloatArray, n: number): void;
  /** out[i] += scale · a[i] for i < n (L2's gradient λ·w, regularization.ts) */
  addScaled(out: FloatArray, a: FloatArray, scale: number, n: number): void;
  /** Σ a[i]² for i < n, summed in float64 (a gradient's norm, gradient-norms.ts) */
  sumOfSquares(a: FloatArray, n: number): number;
  /** One Adam update of n parameters (optimizers/adam.ts has the rule and its terms). */
  adam(
    params: FloatArray,
    grads: FloatArray,
    m: FloatArray,
    v: FloatArray,
    n: number,
    step: AdamStep,
  ): void;
}

/** A batch of images held by the backend that gathered it (Backend.gatherImages). */
export interface ImageBatch {
  readonly count: number;
  readonly pixels: number;
}

/** One Adam step's numbers: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
 * p ← p − stepSize · m / (√(v · vScale) + ε). */
export interface AdamStep {
  readonly stepSize: number;
  readonly vScale: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}
