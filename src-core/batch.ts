// Turns the bytes of a few images into the floats the network reads, one batch at a time, so
// the whole dataset is never held as floats. Pixel p becomes p/255, as in the blog: the backend's
// gatherPixels kernel.

import type { Backend } from './backend.ts';
import type { Subset } from './data/split.ts';
import { TypeScriptBackend } from './kernels.ts';
import type { Network } from './network.ts';
import type { FloatArray } from './types.ts';

const REFERENCE = new TypeScriptBackend();

/** The dataset index of the i-th image of a batch starting at `start` of an epoch's `order`. */
export function batchImage(
  subset: Subset,
  order: Uint32Array | null,
  start: number,
  i: number,
): number {
  return subset.indices[order === null ? start + i : order[start + i]];
}

/** Calls `put(image, i)` for the i-th image of a batch (i < count), `image` its index in the
 * dataset, and copies its label into labels[i]. */
export function forEachInBatch(
  subset: Subset,
  order: Uint32Array | null,
  start: number,
  count: number,
  labels: Uint8Array,
  put: (image: number, i: number) => void,
): void {
  for (let i = 0; i < count; i++) {
    const image = batchImage(subset, order, start, i);
    put(image, i);
    labels[i] = subset.set.labels[image];
  }
}

/** Copies images subset.indices[order[start + i]] for i < count into x (count, pixels) and their
 * labels into labels. `order` permutes positions in the subset (an epoch's shuffle) or is null.
 * `backend` (the network's, whose buffer x is) converts the pixels; the reference by default. */
export type GatherBatch = (
  subset: Subset,
  order: Uint32Array | null,
  start: number,
  count: number,
  x: FloatArray,
  labels: Uint8Array,
  backend?: Backend,
) => void;

/** The plain gather: pixel p becomes p/255. */
export const gatherBatch: GatherBatch = (
  subset,
  order,
  start,
  count,
  x,
  labels,
  backend = REFERENCE,
) => {
  const { images, rows, cols } = subset.set;
  copyLabels(subset, order, start, count, labels);
  backend.gatherPixels(x, images, (i) => batchImage(subset, order, start, i), count, rows * cols);
};

/** labels[i] = the label of the batch's i-th image, for i < count. */
function copyLabels(
  subset: Subset,
  order: Uint32Array | null,
  start: number,
  count: number,
  labels: Uint8Array,
): void {
  for (let i = 0; i < count; i++)
    labels[i] = subset.set.labels[batchImage(subset, order, start, i)];
}

/** Gathers a batch as gatherBatch does and runs it through the network's forward pass, returning
 * the logits: as an image batch its backend holds itself where it can (the first layer then
 * reads only the non-zero pixels: Network.readsImageBatches), else as floats in x. */
export function forwardBatch(
  network: Network,
  subset: Subset,
  order: Uint32Array | null,
  start: number,
  count: number,
  x: FloatArray,
  labels: Uint8Array,
  training = false,
): FloatArray {
  const { images, rows, cols } = subset.set;
  const image = (i: number): number => batchImage(subset, order, start, i);
  const batch = network.readsImageBatches
    ? network.backend.gatherImages!(images, image, count, rows * cols)
    : null;
  if (batch === null) {
    gatherBatch(subset, order, start, count, x, labels, network.backend);
    return network.forward(x, count, training);
  }
  copyLabels(subset, order, start, count, labels);
  return network.forwardImages(batch, training);
}
