// Reading a batch of outputs: the predicted class is the largest probability.

import type { FloatArray } from './types.ts';

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

/** Share of each true class that was predicted right: the diagonal over the row sums
 * (NaN for a class with no examples). */
export function perClassAccuracy(confusion: readonly (readonly number[])[]): number[] {
  return confusion.map((row, c) => {
    const total = row.reduce((a, b) => a + b, 0);
    return total === 0 ? Number.NaN : row[c] / total;
  });
}

/** The class predicted most often and its share of all predictions; null for an empty matrix.
 * A share of 1 is a collapsed network: every image gets the same answer. */
export function mostPredicted(
  confusion: readonly (readonly number[])[],
): { digit: number; share: number } | null {
  const columns = confusion[0]?.map((_, c) => confusion.reduce((sum, row) => sum + row[c], 0));
  const total = columns?.reduce((a, b) => a + b, 0) ?? 0;
  if (columns === undefined || total === 0) return null;
  const digit = columns.indexOf(Math.max(...columns));
  return { digit, share: columns[digit] / total };
}
