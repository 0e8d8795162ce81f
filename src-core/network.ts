// A multi-layer perceptron as a chain of layers (layer.ts): typically dense layers with an
// activation (and perhaps dropout) after each hidden one. The last layer's raw scores (logits)
// go to a loss, which applies softmax (see losses.ts). The network only chains: forward runs the
// layers in order, backward in exactly the reverse order.
//
// All weights and biases live in one array (`params`) and all gradients in another of the same
// layout (`grads`); each layer holds views into them. So the optimiser step is one loop,
// a checkpoint is one copy, and zeroing the gradients is one fill.

import type { ActivationName } from './activations.ts';
import type { Backend, ImageBatch } from './backend.ts';
import { Dense } from './dense.ts';
import { TypeScriptBackend } from './kernels.ts';
import {
  createLayer,
  layerOutSize,
  layerParameterCount,
  layerSpecProblem,
  type Layer,
  type LayerSpec,
} from './layer.ts';
import { Rng } from './rng.ts';
import type { DType, FloatArray } from './types.ts';

export type { DType } from './types.ts';

/** The network as the app describes it: dense sizes and the activation of each hidden layer. */
export interface Architecture {
  /** Units per layer, input first, output last: e.g. [784, 32, 16, 10]. */
  readonly sizes: readonly number[];
  /** One activation per hidden layer (sizes.length − 2 of them). */
  readonly activations: readonly ActivationName[];
}

/** The network as a list of layers: what it is built from and what a model file saves. */
export interface LayerStack {
  /** Values per input row, e.g. 784 pixels. */
  readonly inputs: number;
  readonly layers: readonly LayerSpec[];
}

/** The layers of an architecture: dense → activation (→ dropout, when `dropout` > 0) for each
 * hidden layer, then the output dense layer. */
export function stackOf({ sizes, activations }: Architecture, dropout = 0): LayerStack {
  const layers: LayerSpec[] = [];
  for (let l = 1; l < sizes.length; l++) {
    layers.push({ kind: 'dense', units: sizes[l] });
    if (l === sizes.length - 1) break;
    layers.push({ kind: 'activation', fn: activations[l - 1] });
    if (dropout > 0) layers.push({ kind: 'dropout', rate: dropout });
  }
  return { inputs: sizes[0], layers };
}

/** The dense sizes and activations of a stack (what the app shows; dropout is left out). */
export function stackArchitecture({ inputs, layers }: LayerStack): Architecture {
  const sizes = [inputs];
  const activations: ActivationName[] = [];
  for (const spec of layers) {
    if (spec.kind === 'dense') sizes.push(spec.units);
    else if (spec.kind === 'activation') activations.push(spec.fn);
  }
  return { sizes, activations };
}

export class Network {
  readonly stack: LayerStack;
  readonly architecture: Architecture;
  readonly backend: Backend;
  readonly dtype: DType;
  readonly maxBatch: number;
  readonly params: FloatArray;
  readonly grads: FloatArray;
  /** Every layer, input side first. */
  readonly chain: readonly Layer[];
  /** The dense layers, input side first: what the app counts as the network's layers. */
  readonly layers: readonly Dense[];
  readonly #denseAt: readonly number[]; // chain index of dense layer l
  readonly #outputs: FloatArray[]; // each layer's output in the last forward

  /** `rng` draws dropout masks; the trainer passes its seeded one. */
  constructor(
    architecture: Architecture | LayerStack,
    maxBatch: number,
    backend: Backend | DType = 'float32',
    rng: Rng = new Rng(1),
  ) {
    if ('sizes' in architecture) checkArchitecture(architecture);
    const stack = 'sizes' in architecture ? stackOf(architecture) : architecture;
    checkStack(stack);
    this.stack = stack;
    this.architecture = stackArchitecture(stack);
    this.backend = typeof backend === 'string' ? new TypeScriptBackend(backend) : backend;
    this.dtype = this.backend.dtype;
    this.maxBatch = maxBatch;
    this.params = this.backend.allocate(stackParameterCount(stack));
    this.grads = this.backend.allocate(this.params.length);
    const chain: Layer[] = [];
    let inSize = stack.inputs;
    let offset = 0;
    for (const spec of stack.layers) {
      const context = {
        backend: this.backend,
        maxBatch,
        params: this.params,
        grads: this.grads,
        offset,
        inputGradient: chain.length > 0,
        rng,
      };
      chain.push(createLayer(spec, inSize, context));
      offset += layerParameterCount(spec, inSize);
      inSize = layerOutSize(spec, inSize);
    }
    this.chain = chain;
    this.layers = chain.filter((layer) => layer instanceof Dense);
    this.#denseAt = this.layers.map((layer) => chain.indexOf(layer));
    this.#outputs = new Array<FloatArray>(chain.length);
  }

  get inputSize(): number {
    return this.stack.inputs;
  }

  get outputSize(): number {
    return this.chain[this.chain.length - 1].outSize;
  }

  /** Runs a batch x (B, IN) through the network; returns the logits (B, OUT), a buffer the next
   * call overwrites. Dropout drops units only when `training`. */
  forward(x: FloatArray, batch: number, training = false): FloatArray {
    this.#checkBatch(batch);
    return this.#forwardFrom(0, x, batch, training);
  }

  /** Whether forwardImages can take this network's input: its first layer is dense and its
   * backend gathers image batches itself (Backend.gatherImages). */
  get readsImageBatches(): boolean {
    return this.chain[0] instanceof Dense && this.backend.gatherImages !== undefined;
  }

  /** forward for a batch of images the backend gathered itself (Backend.gatherImages): the same
   * numbers as for the floats gatherPixels would write. Needs readsImageBatches. */
  forwardImages(x: ImageBatch, training = false): FloatArray {
    const first = this.chain[0];
    if (!(first instanceof Dense))
      throw new Error('forwardImages needs a network whose first layer is dense');
    this.#checkBatch(x.count);
    this.#outputs[0] = first.forwardImages(x);
    return this.#forwardFrom(1, this.#outputs[0], x.count, training);
  }

  /** Runs layers from..end on y, the output of the layer before. */
  #forwardFrom(from: number, y: FloatArray, batch: number, training: boolean): FloatArray {
    for (let i = from; i < this.chain.length; i++) {
      y = this.chain[i].forward(y, batch, training);
      this.#outputs[i] = y;
    }
    return y;
  }

  /** Backpropagates dLogits (B, OUT) for the batch last passed to forward, in exactly the
   * reverse order of forward. Gradients accumulate into `grads`: call zeroGrad() first. */
  backward(dLogits: FloatArray, batch: number): void {
    this.#checkBatch(batch);
    let d: FloatArray | null = dLogits;
    for (let i = this.chain.length - 1; i >= 0 && d !== null; i--)
      d = this.chain[i].backward(d, batch);
  }

  zeroGrad(): void {
    this.grads.fill(0);
  }

  /** Pre-activation outputs z of dense layer l (B, size) after the last forward. */
  preActivations(l: number): FloatArray {
    return this.#outputs[this.#denseAt[l]];
  }

  /** What hidden layer l passed on (B, size) in the last forward: its activations. */
  hiddenActivations(l: number): FloatArray {
    return this.#outputs[this.#denseAt[l + 1] - 1];
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

function checkStack({ inputs, layers }: LayerStack): void {
  if (!Number.isInteger(inputs) || inputs < 1)
    throw new Error(`input size ${inputs} is not a positive integer`);
  if (layers.length === 0) throw new Error('a network needs at least one layer');
  layers.forEach((spec, i) => {
    const problem = layerSpecProblem(spec);
    if (problem !== null) throw new Error(`layer ${i + 1} ${problem}`);
  });
}

/** Numbers in the parameter block of a stack. */
export function stackParameterCount({ inputs, layers }: LayerStack): number {
  let n = 0;
  let inSize = inputs;
  for (const spec of layers) {
    n += layerParameterCount(spec, inSize);
    inSize = layerOutSize(spec, inSize);
  }
  return n;
}

/** Numbers in the parameter block of dense layers of these sizes (input first). */
export function parameterCount(sizes: readonly number[]): number {
  const layers = sizes.slice(1).map((units): LayerSpec => ({ kind: 'dense', units }));
  return stackParameterCount({ inputs: sizes[0], layers });
}
