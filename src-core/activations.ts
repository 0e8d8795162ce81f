// Element-wise activations of the hidden layers. Each pairs its forward step with its
// derivative; backward turns the gradient with respect to the output a into the gradient with
// respect to the input z (dZ = dA · f'(z)), in place when dZ and dA are the same array.
// Softmax is not here: it only ever sits before the loss, and losses.ts fuses the two.
// 'identity' (no activation, a = z) is here for one lesson: the blog's code feeds the second
// hidden layer's pre-activation onward, skipping its ReLU, and a run with identity there trains
// the network its code computes. Two layers with nothing between them are one linear map.

import type { FloatArray } from './types.ts';

export const ACTIVATIONS = ['relu', 'sigmoid', 'tanh', 'leaky-relu', 'identity'] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

/** Slope of leaky ReLU for negative inputs: small enough to act like ReLU, non-zero so no unit dies. */
export const LEAKY_SLOPE = 0.01;

export interface Activation {
  readonly name: ActivationName;
  /** a = f(z) for the first n values */
  forward(z: FloatArray, a: FloatArray, n: number): void;
  /** dZ = dA · f'(z), using whichever of z and a = f(z) gives the derivative cheaply */
  backward(dA: FloatArray, z: FloatArray, a: FloatArray, dZ: FloatArray, n: number): void;
}

const relu: Activation = {
  name: 'relu',
  forward(z, a, n) {
    for (let i = 0; i < n; i++) a[i] = z[i] > 0 ? z[i] : 0;
  },
  backward(dA, z, _a, dZ, n) {
    for (let i = 0; i < n; i++) dZ[i] = z[i] > 0 ? dA[i] : 0;
  },
};

const leakyRelu: Activation = {
  name: 'leaky-relu',
  forward(z, a, n) {
    for (let i = 0; i < n; i++) a[i] = z[i] > 0 ? z[i] : LEAKY_SLOPE * z[i];
  },
  backward(dA, z, _a, dZ, n) {
    for (let i = 0; i < n; i++) dZ[i] = z[i] > 0 ? dA[i] : LEAKY_SLOPE * dA[i];
  },
};

const sigmoid: Activation = {
  name: 'sigmoid',
  forward(z, a, n) {
    for (let i = 0; i < n; i++) a[i] = 1 / (1 + Math.exp(-z[i]));
  },
  // σ'(z) = σ(z)(1 − σ(z)): the derivative comes from the output already computed.
  backward(dA, _z, a, dZ, n) {
    for (let i = 0; i < n; i++) dZ[i] = dA[i] * a[i] * (1 - a[i]);
  },
};

const tanh: Activation = {
  name: 'tanh',
  forward(z, a, n) {
    for (let i = 0; i < n; i++) a[i] = Math.tanh(z[i]);
  },
  // tanh'(z) = 1 − tanh²(z)
  backward(dA, _z, a, dZ, n) {
    for (let i = 0; i < n; i++) dZ[i] = dA[i] * (1 - a[i] * a[i]);
  },
};

// f'(z) = 1: the gradient passes through unchanged.
const identity: Activation = {
  name: 'identity',
  forward(z, a, n) {
    if (a !== z) a.set(z.subarray(0, n));
  },
  backward(dA, _z, _a, dZ, n) {
    if (dZ !== dA) dZ.set(dA.subarray(0, n));
  },
};

const BY_NAME: Record<ActivationName, Activation> = {
  relu,
  'leaky-relu': leakyRelu,
  sigmoid,
  tanh,
  identity,
};

export function activation(name: ActivationName): Activation {
  return BY_NAME[name];
}
