// One image of a run's test part by its position there (the order TestPredictions and the
// confusion matrix's drill-down use): its bytes for the window, its network input for the CLI.

import { gatherBatch } from '../../src-core/batch.ts';
import type { ImageSet } from '../../src-core/data/dataset.ts';
import type { Subset } from '../../src-core/data/split.ts';
import type { TestImage } from '../contract/api.ts';

/** Why `index` names no image of run `runId`'s test part, or null. */
export function testIndexProblem(test: Subset, index: number, runId: number): string | null {
  const count = test.indices.length;
  if (Number.isInteger(index) && index >= 0 && index < count) return null;
  const part = `run ${runId}'s test part`;
  return count === 0
    ? `index ${index}: ${part} holds no images`
    : `index ${index} is out of range: ${part} holds ${count} images (index 0 to ${count - 1})`;
}

/** Image `image` of a set (its position in the whole set) as base64 bytes. */
export function imageBase64(set: ImageSet, image: number): string {
  const pixels = set.rows * set.cols;
  return Buffer.from(set.images.subarray(image * pixels, (image + 1) * pixels)).toString('base64');
}

/** Image `index` of the test part (check testIndexProblem first). */
export function testImage(test: Subset, index: number): TestImage {
  const image = test.indices[index];
  return {
    index,
    label: test.set.labels[image],
    pixels: imageBase64(test.set, image),
    count: test.indices.length,
  };
}

/** Image `index` as the network reads it (pixels / 255), with its label. */
export function testImageInput(
  test: Subset,
  index: number,
): { input: Float32Array; label: number } {
  const { rows, cols } = test.set;
  const input = new Float32Array(rows * cols);
  const labels = new Uint8Array(1);
  gatherBatch(test, null, index, 1, input, labels);
  return { input, label: labels[0] };
}
