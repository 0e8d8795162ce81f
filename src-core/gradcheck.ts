// Gradient check: proof that backpropagation computes the true gradient. For every parameter θ
// we nudge it both ways and measure the loss, then compare the slope with what backward()
// produced. The five-point central difference
//   (8(L(θ+h) − L(θ−h)) − (L(θ+2h) − L(θ−2h))) / 12h
// matches the derivative up to O(h⁴) (the simple (L(θ+h) − L(θ−h)) / 2h only up to O(h²),
// too coarse for small gradients). This runs in float64: in float32 the rounding of L alone
// would swamp differences this small. A float32 backend (the WebAssembly one) can be checked too,
// with a 30× larger step and a looser threshold (GRADCHECK_TOLERANCE_FLOAT32), on tanh: a step
// that large crosses a ReLU's kink too often, and a sigmoid network's small first-layer gradients
// sit at the float32 noise floor of the differences.

import { ACTIVATIONS, type ActivationName } from './activations.ts';
import type { Backend } from './backend.ts';
import { Dropout } from './dropout.ts';
import { initialize } from './initializers.ts';
import { loss as lossFunction, LOSSES, type LossName } from './losses.ts';
import { Network, stackOf } from './network.ts';
import { addL2Gradient, l2Penalty } from './regularization.ts';
import { Rng } from './rng.ts';

export interface GradientCheckSpec {
  readonly sizes: readonly number[];
  readonly activations: readonly ActivationName[];
  readonly loss: LossName;
  readonly l2?: number;
  /** Dropout rate after each hidden activation; its masks are drawn once and then held fixed. */
  readonly dropout?: number;
  readonly batch?: number;
  readonly seed?: number;
}

export interface LayerCheck {
  readonly layer: number; // 1-based: layer 1 maps the input to the first hidden layer
  readonly weights: number; // worst relative error among this layer's weights
  readonly biases: number;
}

export interface GradientCheckResult {
  readonly spec: GradientCheckSpec;
  readonly parameters: number;
  readonly layers: readonly LayerCheck[];
  readonly worst: number;
}

/** The threshold the CLI and tests hold every case to. */
export const GRADCHECK_TOLERANCE = 1e-6;
/** The threshold of a check on a float32 backend. */
export const GRADCHECK_TOLERANCE_FLOAT32 = 1e-2;
const STEP = { float64: 1e-3, float32: 3e-2 } as const;
/** Inputs are redrawn until no ReLU-like unit sits within this of its kink, where the
 * derivative jumps and finite differences are meaningless. */
const KINK_MARGIN = 1e-2;

/** |a − n| / max(|a|, |n|): scale-free, and 0 when both are exactly 0 (a unit with no effect). */
export function relativeError(analytic: number, numeric: number): number {
  const scale = Math.max(Math.abs(analytic), Math.abs(numeric));
  return scale === 0 ? 0 : Math.abs(analytic - numeric) / scale;
}

/** `backend` computes the network: the float64 TypeScript one unless given. */
export function gradientCheck(
  spec: GradientCheckSpec,
  backend: Backend | 'float64' = 'float64',
): GradientCheckResult {
  const batch = spec.batch ?? 4;
  const l2 = spec.l2 ?? 0;
  const rng = new Rng(spec.seed ?? 7);
  const stack = stackOf({ sizes: spec.sizes, activations: spec.activations }, spec.dropout);
  const net = new Network(stack, batch, backend, rng);
  const H = STEP[net.dtype];
  initialize(net.chain, 'xavier', rng);
  // Non-zero biases, so that bias gradients are exercised away from symmetric starting points.
  for (const layer of net.chain)
    for (const { name, value } of layer.parameters)
      if (name === 'biases') for (let i = 0; i < value.length; i++) value[i] = rng.normal() * 0.1;
  const inputs = net.inputSize;
  const classes = net.outputSize;
  const x = net.backend.allocate(batch * inputs);
  const labels = new Uint8Array(batch);
  const probs = net.backend.allocate(batch * classes);
  const dz = net.backend.allocate(batch * classes);
  const fn = lossFunction(spec.loss);

  const lossAt = (): number => {
    const logits = net.forward(x, batch, true);
    return fn.compute(logits, labels, probs, null, batch, classes, 1) / batch + l2Penalty(net, l2);
  };

  for (let attempt = 0; ; attempt++) {
    for (let i = 0; i < x.length; i++) x[i] = rng.uniform();
    for (let r = 0; r < batch; r++) labels[r] = rng.int(classes);
    net.forward(x, batch, true);
    if (nearestKink(net, batch) > KINK_MARGIN || attempt > 100) break;
  }

  // From here on every forward drops the same units, so the loss is one fixed function of θ.
  for (const layer of net.chain) if (layer instanceof Dropout) layer.frozen = true;
  net.zeroGrad();
  const logits = net.forward(x, batch, true);
  fn.compute(logits, labels, probs, dz, batch, classes, 1 / batch);
  net.backward(dz, batch);
  if (l2 > 0) addL2Gradient(net, l2);
  const analytic = Float64Array.from(net.grads);

  const { params } = net;
  const lossWith = (i: number, value: number): number => {
    params[i] = value;
    return lossAt();
  };
  const numericAt = (i: number): number => {
    const t = params[i];
    // Written as differences so a parameter with no effect (a dead ReLU's weight) gives exactly 0.
    const near = lossWith(i, t + H) - lossWith(i, t - H);
    const far = lossWith(i, t + 2 * H) - lossWith(i, t - 2 * H);
    const slope = (8 * near - far) / (12 * H);
    params[i] = t;
    return slope;
  };

  const layers: LayerCheck[] = [];
  for (const layer of net.chain) {
    if (layer.parameters.length === 0) continue;
    let weights = 0;
    let biases = 0;
    for (const { name, offset, value } of layer.parameters)
      for (let i = offset; i < offset + value.length; i++) {
        const err = relativeError(analytic[i], numericAt(i));
        if (name === 'weights') weights = Math.max(weights, err);
        else biases = Math.max(biases, err);
      }
    layers.push({ layer: layers.length + 1, weights, biases });
  }
  return {
    spec,
    parameters: params.length,
    layers,
    worst: Math.max(...layers.map((c) => Math.max(c.weights, c.biases))),
  };
}

/** Smallest |z| over the hidden pre-activations of the last forward. */
function nearestKink(net: Network, batch: number): number {
  let min = Infinity;
  for (let l = 0; l + 1 < net.layers.length; l++) {
    const z = net.preActivations(l);
    const n = batch * net.layers[l].outSize;
    for (let i = 0; i < n; i++) min = Math.min(min, Math.abs(z[i]));
  }
  return min;
}

/** Every activation × loss on small networks: two hidden layers, with and without L2. */
export function gradientCheckSuite(): GradientCheckResult[] {
  const results: GradientCheckResult[] = [];
  for (const activation of ACTIVATIONS)
    for (const loss of LOSSES)
      for (const l2 of [0, 0.01])
        results.push(
          gradientCheck({ sizes: [12, 7, 5, 4], activations: [activation, activation], loss, l2 }),
        );
  return results;
}
