// Losses of the softmax output against the true class. Both take the output layer's raw scores
// (logits, before softmax) because softmax and the loss are computed together:
// - cross-entropy: −log softmax(z)_y = logsumexp(z) − z_y, computed after subtracting the row's
//   maximum so exp never overflows; its gradient collapses to softmax(z) − onehot(y).
// - summed squared error, the blog's loss: Σ_j (p_j − y_j)² with p = softmax(z), summed over the
//   classes, not averaged (configs and the CLI call it `mse`, the blog's name); its gradient must go
//   through softmax's Jacobian: dz_i = p_i (g_i − Σ_j p_j g_j) with g = 2(p − y).
// Each returns the loss summed over the rows, and writes the gradient of (sum × scale) into dz,
// so a caller that averages over N samples passes scale = 1/N (and full-batch gradient descent
// can add up chunks of one big batch).

import type { FloatArray } from './types.ts';

/** `mse` is the blog's name for the summed squared error, kept for configs and the CLI flag. */
export const LOSSES = ['cross-entropy', 'mse'] as const;
export type LossName = (typeof LOSSES)[number];

export interface Loss {
  readonly name: LossName;
  /** Writes softmax(z) into probs and, if dz is given, the scaled gradient. Returns the summed loss. */
  compute(
    z: FloatArray,
    labels: Uint8Array,
    probs: FloatArray,
    dz: FloatArray | null,
    rows: number,
    classes: number,
    scale: number,
  ): number;
}

/** probs = softmax(z) row by row; with labels, returns Σ_rows logsumexp(z_row) − z_row[label]
 * (the summed cross-entropy), otherwise 0. */
export function softmaxRows(
  z: FloatArray,
  labels: Uint8Array | null,
  probs: FloatArray,
  rows: number,
  classes: number,
): number {
  let crossEntropy = 0;
  for (let r = 0; r < rows; r++) {
    const o = r * classes;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) if (z[o + c] > max) max = z[o + c];
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      const e = Math.exp(z[o + c] - max);
      probs[o + c] = e;
      sum += e;
    }
    for (let c = 0; c < classes; c++) probs[o + c] /= sum;
    if (labels !== null) crossEntropy += Math.log(sum) + max - z[o + labels[r]];
  }
  return crossEntropy;
}

const crossEntropy: Loss = {
  name: 'cross-entropy',
  compute(z, labels, probs, dz, rows, classes, scale) {
    const total = softmaxRows(z, labels, probs, rows, classes);
    if (dz !== null) {
      for (let r = 0; r < rows; r++) {
        const o = r * classes;
        for (let c = 0; c < classes; c++) dz[o + c] = probs[o + c] * scale;
        dz[o + labels[r]] -= scale;
      }
    }
    return total;
  },
};

const summedSquaredError: Loss = {
  name: 'mse',
  compute(z, labels, probs, dz, rows, classes, scale) {
    softmaxRows(z, labels, probs, rows, classes);
    let total = 0;
    for (let r = 0; r < rows; r++) {
      const o = r * classes;
      const y = labels[r];
      let pg = 0; // Σ_j p_j g_j
      for (let c = 0; c < classes; c++) {
        const d = probs[o + c] - (c === y ? 1 : 0);
        total += d * d;
        pg += probs[o + c] * 2 * d;
      }
      if (dz !== null) {
        for (let c = 0; c < classes; c++) {
          const g = 2 * (probs[o + c] - (c === y ? 1 : 0));
          dz[o + c] = probs[o + c] * (g - pg) * scale;
        }
      }
    }
    return total;
  },
};

export function loss(name: LossName): Loss {
  return name === 'mse' ? summedSquaredError : crossEntropy;
}
