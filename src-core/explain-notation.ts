// The blog's notation for the steps of explain.ts: names (Z1, A1, …, dZ3, dW3, db3, dA2, …) and
// the formula of each step as plain text. Layers count from 1 (layer 1 maps the image X to the
// first hidden layer), A0 is X, and L is the output layer.

import type { ActivationName } from './activations.ts';
import type { LossName } from './losses.ts';

const FUNCTION: Record<ActivationName, string> = {
  relu: 'ReLU',
  'leaky-relu': 'LeakyReLU',
  sigmoid: 'σ',
  tanh: 'tanh',
  identity: 'identity',
};

/** What layer l reads: X for the first layer, A(l−1) after it. */
export const inputName = (l: number): string => (l === 1 ? 'X' : `A${l - 1}`);

export const maskName = (l: number): string => `g'(Z${l})`;

export const forwardFormula = {
  input: 'X = pixels / 255, one column of the image',
  dense: (l: number): string => `Z${l} = W${l} · ${inputName(l)} + b${l}`,
  hidden: (l: number, fn: ActivationName): string => `A${l} = ${FUNCTION[fn]}(Z${l})`,
  output: (l: number): string => `A${l} = softmax(Z${l})`,
  label: 'Y = one_hot(label)',
  loss: (l: number, loss: LossName): string =>
    loss === 'mse' ? `L = Σ (A${l} − Y)²` : `L = −Σ Y ⊙ log(A${l})`,
};

export const backwardFormula = {
  /** The squared error's gradient with respect to the probabilities (mse only). */
  outputActivation: (l: number): string => `dA${l} = 2 (A${l} − Y)`,
  /** The output's dZ: through softmax's Jacobian for mse; cross-entropy's collapses to A − Y. */
  output: (l: number, loss: LossName): string =>
    loss === 'mse' ? `dZ${l} = A${l} ⊙ (dA${l} − A${l}ᵀ · dA${l})` : `dZ${l} = A${l} − Y`,
  weights: (l: number): string => `dW${l} = dZ${l} · ${inputName(l)}ᵀ`,
  biases: (l: number): string => `db${l} = dZ${l}`,
  previous: (l: number): string => `dA${l - 1} = W${l}ᵀ · dZ${l}`,
  mask: (l: number, fn: ActivationName): string => `${maskName(l)} = ${DERIVATIVE[fn](l)}`,
  hidden: (l: number): string => `dZ${l} = dA${l} ⊙ ${maskName(l)}`,
};

const DERIVATIVE: Record<ActivationName, (l: number) => string> = {
  relu: (l) => `ReLU'(Z${l}): 1 where Z${l} > 0, else 0`,
  'leaky-relu': (l) => `LeakyReLU'(Z${l}): 1 where Z${l} > 0, else 0.01`,
  sigmoid: (l) => `σ'(Z${l}) = A${l} ⊙ (1 − A${l})`,
  tanh: (l) => `tanh'(Z${l}) = 1 − A${l}²`,
  identity: (l) => `identity'(Z${l}) = 1`,
};
