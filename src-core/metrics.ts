// Reading a batch of outputs: the predicted class is the largest probability.

import type { FloatArray } from './kernels.ts';

export function argmaxRow(p: FloatArray, row: number, classes: number): number {
  const o = row * classes;
  let best = 0;
  for (let c = 1; c < classes; c++) if (p[o + c] > p[o + best]) best = c;
  return best;
}

/** Number of rows whose predicted class equals the label. */
export function countCorrect(
  p: FloatArray,
  labels: Uint8Array,
  rows: number,
  classes: number,
): number {
  let correct = 0;
  for (let r = 0; r < rows; r++) if (argmaxRow(p, r, classes) === labels[r]) correct++;
  return correct;
}

/** Adds the batch to a confusion matrix (classes × classes, row = true class, column = predicted). */
export function addToConfusion(
  confusion: number[][],
  p: FloatArray,
  labels: Uint8Array,
  rows: number,
  classes: number,
): void {
  for (let r = 0; r < rows; r++) confusion[labels[r]][argmaxRow(p, r, classes)]++;
}

export function emptyConfusion(classes: number): number[][] {
  return Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
}
