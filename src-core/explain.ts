// Backpropagation step by step, for one image and a network's weights: every intermediate value
// of the forward pass (Z1 = W1·X + b1, A1 = g(Z1), …, A_L = softmax(Z_L), the loss) and of the
// backward pass (dZ_L, dW_L, db_L, dA_(L−1), g'(Z), dZ, …, dW1, db1), in the blog's notation
// (explain-notation.ts) and orientation.
//
// Orientation: the blog writes column vectors, so X is (784, 1), Z and A of a layer are
// (units, 1), and W of a layer is (out, in). The core stores weights the other way round,
// (IN, OUT) row-major (dense.ts), so dW is shown transposed; a column's values are the core's
// single row as they are. Every value is computed by the core's own layers, kernels and loss
// (this file only runs them one layer at a time and copies what they produce), so the numbers
// are the ones Network.backward computes for a batch of this one image.
//
// The explanation is of inference: dropout, if the network has it, passes everything through
// (as when predicting), and the loss is this image's alone, without any L2 penalty. With a
// batch of one the blog's 1/m is 1.

import { ActivationLayer } from './activation-layer.ts';
import { Dense } from './dense.ts';
import { backwardFormula, forwardFormula, maskName } from './explain-notation.ts';
import { TypeScriptBackend } from './kernels.ts';
import type { LossName } from './losses.ts';
import type { Network } from './network.ts';
import type { FloatArray } from './types.ts';

export type StepPhase = 'forward' | 'loss' | 'backward';

/** One value of the walk through forward and backward passes. */
export interface ExplainStep {
  /** In the blog's notation: X, Z1, A1, …, Y, L, dA3 (mse), dZ3, dW3, db3, dA2, g'(Z2), dZ2, … */
  readonly name: string;
  readonly phase: StepPhase;
  /** How it is computed, in the blog's notation, e.g. "dW3 = dZ3 · A2ᵀ". */
  readonly formula: string;
  /** In the blog's orientation: [units, 1] for a column, [out, in] for weights, [1] for L. */
  readonly shape: readonly number[];
  /** Row-major in `shape`. */
  readonly values: readonly number[];
  /** Indices into `values` of the largest magnitudes, largest first (at most TOP_VALUES). */
  readonly top: readonly number[];
}

export interface Explanation {
  readonly loss: LossName;
  readonly label: number;
  /** The digit the network picks, and softmax(Z_L) for every digit. */
  readonly prediction: number;
  readonly probabilities: readonly number[];
  /** L for this image: the value of the step named "L". */
  readonly lossValue: number;
  readonly steps: readonly ExplainStep[];
}

/** How many of a step's largest values `top` lists. */
export const TOP_VALUES = 10;

/** What an explanation is of, said once for every view and the CLI. */
export const EXPLANATION_NOTES = [
  'Column vectors as in the blog: X, Z and A are (units, 1), W and dW are (out, in); the app stores weights as (in, out), so they are shown transposed.',
  'Dropout is off: the network runs as when predicting.',
  "The loss is this one image's, without any L2 penalty; with one image the blog's 1/m is 1.",
] as const;

/** Checks that `input` (the network's input scale: pixels / 255) and `label` fit the network;
 * `what` names the label in the message. */
export function checkImage(
  network: Network,
  input: ArrayLike<number>,
  label: number,
  what = 'label',
): void {
  if (input.length !== network.inputSize)
    throw new Error(`the image has ${input.length} values, the network reads ${network.inputSize}`);
  if (!Number.isInteger(label) || label < 0 || label >= network.outputSize)
    throw new Error(`${what} ${label} is not a class from 0 to ${network.outputSize - 1}`);
}

/** An image's bytes (0–255, e.g. a TestImage's or CellImage's decoded pixels) as the network
 * reads them: each byte p as p/255, by the same kernel that feeds training (batch.ts). */
export function inputFromPixels(bytes: Uint8Array): Float32Array {
  const input = new Float32Array(bytes.length);
  PIXELS.gatherPixels(input, bytes, () => 0, 1, bytes.length);
  return input;
}

const PIXELS = new TypeScriptBackend('float32');

/**
 * The forward and backward passes of `network` for one image, step by step. `input` holds the
 * network's inputs (pixels / 255, as the drawing pad's preprocessDigit and inputFromPixels give
 * them). `label` is the digit the image shows: a test image's label, or for a drawn digit the
 * one the learner says it is (or the network's guess); the backward pass starts from the loss
 * against it. Uses the network's buffers: its gradients are overwritten with this image's.
 */
export function explainImage(
  network: Network,
  input: ArrayLike<number>,
  label: number,
  lossName: LossName,
): Explanation {
  checkImage(network, input, label);
  const { backend, chain, layers } = network;
  const classes = network.outputSize;
  const x = backend.allocate(network.inputSize);
  x.set(input);
  const last = layers.length;
  const steps: ExplainStep[] = [column('X', 'forward', forwardFormula.input, x, x.length)];

  const logits = network.forward(x, 1);
  layers.forEach((layer, i) => {
    const l = i + 1;
    const n = layer.outSize;
    steps.push(column(`Z${l}`, 'forward', forwardFormula.dense(l), network.preActivations(i), n));
    if (l < last) {
      const a = network.hiddenActivations(i);
      const fn = activationAfter(network, i).spec.fn;
      steps.push(column(`A${l}`, 'forward', forwardFormula.hidden(l, fn), a, n));
    }
  });

  const probs = backend.allocate(classes);
  const dLogits = backend.allocate(classes);
  const labels = Uint8Array.of(label);
  const lossValue = backend.loss(lossName).compute(logits, labels, probs, dLogits, 1, classes, 1);
  const y = backend.allocate(classes);
  y[label] = 1;
  steps.push(
    column(`A${last}`, 'forward', forwardFormula.output(last), probs, classes),
    column('Y', 'loss', forwardFormula.label, y, classes),
    step('L', 'loss', forwardFormula.loss(last, lossName), [1], [lossValue]),
  );
  if (lossName === 'mse') {
    const dA = Float64Array.from(probs, (p, c) => 2 * (p - y[c]));
    steps.push(
      column(`dA${last}`, 'backward', backwardFormula.outputActivation(last), dA, classes),
    );
  }
  steps.push(
    column(`dZ${last}`, 'backward', backwardFormula.output(last, lossName), dLogits, classes),
  );

  // The backward pass, one layer at a time in exactly Network.backward's order.
  network.zeroGrad();
  let d: FloatArray | null = dLogits;
  let l = last;
  for (let i = chain.length - 1; i >= 0 && d !== null; i--) {
    const layer = chain[i];
    if (layer instanceof ActivationLayer) steps.push(mask(network, layer, l));
    d = layer.backward(d, 1);
    if (layer instanceof Dense) {
      const { inSize, outSize } = layer;
      const dW = transpose(layer.dw, inSize, outSize);
      steps.push(
        step(`dW${l}`, 'backward', backwardFormula.weights(l), [outSize, inSize], dW),
        column(`db${l}`, 'backward', backwardFormula.biases(l), layer.db, outSize),
      );
      l--;
      if (d !== null)
        steps.push(column(`dA${l}`, 'backward', backwardFormula.previous(l + 1), d, inSize));
    } else if (layer instanceof ActivationLayer && d !== null)
      steps.push(column(`dZ${l}`, 'backward', backwardFormula.hidden(l), d, layer.outSize));
  }

  const probabilities = Array.from(probs);
  return {
    loss: lossName,
    label,
    prediction: probabilities.indexOf(Math.max(...probabilities)),
    probabilities,
    lossValue,
    steps,
  };
}

/** The activation layer after dense layer i (0-based): dropout may sit between. */
function activationAfter(network: Network, i: number): ActivationLayer {
  const { chain } = network;
  const start = chain.indexOf(network.layers[i]);
  const found = chain.slice(start + 1).find((layer) => layer instanceof ActivationLayer);
  if (found === undefined) throw new Error(`hidden layer ${i + 1} has no activation`);
  return found;
}

/** g'(Z_l): the activation's own backward kernel applied to a gradient of ones. */
function mask(network: Network, layer: ActivationLayer, l: number): ExplainStep {
  const n = layer.outSize;
  const z = network.preActivations(l - 1);
  const a = network.hiddenActivations(l - 1);
  const ones = network.backend.allocate(n).fill(1);
  const out = network.backend.allocate(n);
  network.backend.activation(layer.spec.fn).backward(ones, z, a, out, n);
  return column(maskName(l), 'backward', backwardFormula.mask(l, layer.spec.fn), out, n);
}

function step(
  name: string,
  phase: StepPhase,
  formula: string,
  shape: readonly number[],
  values: ArrayLike<number>,
): ExplainStep {
  const copy = Array.from(values);
  return { name, phase, formula, shape, values: copy, top: largest(copy) };
}

/** A column vector (n, 1): the first n values of a buffer (its one batch row). */
function column(
  name: string,
  phase: StepPhase,
  formula: string,
  v: ArrayLike<number> & { subarray(start: number, end: number): ArrayLike<number> },
  n: number,
): ExplainStep {
  return step(name, phase, formula, [n, 1], v.subarray(0, n));
}

/** (rows, cols) row-major → (cols, rows) row-major. */
function transpose(m: FloatArray, rows: number, cols: number): Float64Array {
  const t = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = m[r * cols + c];
  return t;
}

/** Indices of the k largest |values|, largest first (ties: lower index first). One pass that
 * keeps the k best so far, so a first layer's dW of 100,000 numbers is not sorted whole. */
export function largest(values: ArrayLike<number>, k = TOP_VALUES): number[] {
  const best: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const m = Math.abs(values[i]);
    if (best.length === k && !(m > Math.abs(values[best[k - 1]]))) continue;
    let at = best.length;
    while (at > 0 && m > Math.abs(values[best[at - 1]])) at--;
    best.splice(at, 0, i);
    if (best.length > k) best.pop();
  }
  return best;
}
