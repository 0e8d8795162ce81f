// A multi-layer perceptron: dense layers with an activation after each hidden one. The last
// layer's raw scores (logits) go to a loss, which applies softmax (see losses.ts).
//
// All weights and biases live in one array (`params`) and all gradients in another of the same
// layout (`grads`); each layer holds views into them. So the optimiser step is one loop,
// a checkpoint is one copy, and zeroing the gradients is one fill.

import { activation, type Activation, type ActivationName } from './activations.ts';
import { Dense } from './dense.ts';
import type { FloatArray } from './kernels.ts';

export interface Architecture {
  /** Units per layer, input first, output last: e.g. [784, 32, 16, 10]. */
  readonly sizes: readonly number[];
  /** One activation per hidden layer (sizes.length − 2 of them). */
  readonly activations: readonly ActivationName[];
}

export type DType = 'float32' | 'float64';

export class Network {
  readonly architecture: Architecture;
  readonly dtype: DType;
  readonly maxBatch: number;
  readonly params: FloatArray;
  readonly grads: FloatArray;
  readonly layers: readonly Dense[];
  readonly #acts: readonly Activation[];
  // Per-layer buffers for up to maxBatch rows, allocated once: z = pre-activation output of
  // layer l, a = its activation (hidden layers only), d = gradient flowing into layer l's output.
  readonly #z: FloatArray[] = [];
  readonly #a: FloatArray[] = [];
  readonly #d: FloatArray[] = [];

  constructor(architecture: Architecture, maxBatch: number, dtype: DType = 'float32') {
    checkArchitecture(architecture);
    this.architecture = architecture;
    this.dtype = dtype;
    this.maxBatch = maxBatch;
    const { sizes } = architecture;
    const alloc = (n: number): FloatArray =>
      dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
    this.params = alloc(parameterCount(sizes));
    this.grads = alloc(this.params.length);
    const layers: Dense[] = [];
    let offset = 0;
    for (let l = 0; l + 1 < sizes.length; l++) {
      layers.push(new Dense(sizes[l], sizes[l + 1], this.params, this.grads, offset));
      offset += Dense.parameterCount(sizes[l], sizes[l + 1]);
      this.#z.push(alloc(maxBatch * sizes[l + 1]));
      if (l + 2 < sizes.length) {
        this.#a.push(alloc(maxBatch * sizes[l + 1]));
        this.#d.push(alloc(maxBatch * sizes[l + 1]));
      }
    }
    this.layers = layers;
    this.#acts = architecture.activations.map(activation);
  }

  get inputSize(): number {
    return this.architecture.sizes[0];
  }

  get outputSize(): number {
    return this.architecture.sizes[this.architecture.sizes.length - 1];
  }

  /** Runs a batch x (B, IN) through the network; returns the logits (B, OUT), a buffer the next
   * call overwrites. */
  forward(x: FloatArray, batch: number): FloatArray {
    this.#checkBatch(batch);
    let input = x;
    for (let l = 0; l < this.layers.length; l++) {
      const layer = this.layers[l];
      layer.forward(input, this.#z[l], batch);
      if (l < this.#acts.length) {
        this.#acts[l].forward(this.#z[l], this.#a[l], batch * layer.outSize);
        input = this.#a[l];
      }
    }
    return this.#z[this.layers.length - 1];
  }

  /** Backpropagates dLogits (B, OUT) for the batch x last passed to forward, in exactly the
   * reverse order of forward. Gradients accumulate into `grads`: call zeroGrad() first. */
  backward(x: FloatArray, dLogits: FloatArray, batch: number): void {
    this.#checkBatch(batch);
    let dy = dLogits;
    for (let l = this.layers.length - 1; l >= 0; l--) {
      const layer = this.layers[l];
      if (l === 0) {
        layer.backward(x, dy, null, batch);
        break;
      }
      const dx = this.#d[l - 1];
      layer.backward(this.#a[l - 1], dy, dx, batch);
      this.#acts[l - 1].backward(dx, this.#z[l - 1], this.#a[l - 1], dx, batch * layer.inSize);
      dy = dx;
    }
  }

  zeroGrad(): void {
    this.grads.fill(0);
  }

  /** Pre-activation outputs z of layer l (B, size) after the last forward. */
  preActivations(l: number): FloatArray {
    return this.#z[l];
  }

  /** Activations of hidden layer l (B, size) after the last forward. */
  hiddenActivations(l: number): FloatArray {
    return this.#a[l];
  }

  #checkBatch(batch: number): void {
    if (batch > this.maxBatch)
      throw new Error(`batch of ${batch} exceeds this network's buffers (${this.maxBatch})`);
  }
}

export function checkArchitecture({ sizes, activations }: Architecture): void {
  if (sizes.length < 2) throw new Error('a network needs at least an input and an output layer');
  for (const s of sizes)
    if (!Number.isInteger(s) || s < 1) throw new Error(`layer size ${s} is not a positive integer`);
  if (activations.length !== sizes.length - 2)
    throw new Error(
      `${sizes.length - 2} hidden layer(s) need as many activations, got ${activations.length}`,
    );
}

export function parameterCount(sizes: readonly number[]): number {
  let n = 0;
  for (let l = 0; l + 1 < sizes.length; l++) n += Dense.parameterCount(sizes[l], sizes[l + 1]);
  return n;
}
