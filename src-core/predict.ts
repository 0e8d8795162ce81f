// Running a trained network on new images: forward pass, then softmax into probabilities.

import type { FloatArray } from './types.ts';
import { softmaxRows } from './losses.ts';
import type { Network } from './network.ts';

/** Probabilities (rows, classes) for inputs x (rows, inputs) already scaled to 0–1. */
export function predictProbabilities(network: Network, x: FloatArray, rows: number): Float32Array {
  const classes = network.outputSize;
  const probs = new Float32Array(rows * classes);
  for (let start = 0; start < rows; start += network.maxBatch) {
    const n = Math.min(network.maxBatch, rows - start);
    const logits = network.forward(
      x.subarray(start * network.inputSize, (start + n) * network.inputSize),
      n,
    );
    softmaxRows(logits, null, probs.subarray(start * classes), n, classes);
  }
  return probs;
}
