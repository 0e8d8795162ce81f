// A network's sizes, input first: one unit per pixel of the dataset's images, the hidden
// layers, one output per digit class.

import type { TrainConfig } from './config.ts';
import { networkSizes } from './limits.ts';
import { presetDiffers } from './preset-diff.ts';

/** The height and width of a dataset's images. */
export interface ImageSize {
  readonly rows: number;
  readonly cols: number;
}

/** MNIST's 28×28 images: the input a form assumes until a dataset is chosen. */
export const MNIST_IMAGE: ImageSize = { rows: 28, cols: 28 };

/** `[rows·cols, ...layers, 10]`, e.g. [784, 128, 64, 10] for the quick preset on MNIST. A form
 * may pass null for a layer size not yet valid, and gets it back in its place. */
export function architectureOf<L extends number | null = number>(
  config: { readonly layers: readonly L[] },
  image: ImageSize,
): (number | L)[] {
  return networkSizes(config.layers, image.rows * image.cols);
}

/** The name a run gets when none is given: the preset it equals, or "custom", and its sizes,
 * e.g. "quick 784-128-64-10". */
export function defaultRunName(
  preset: string | null,
  config: TrainConfig,
  image: ImageSize,
): string {
  const from = preset !== null && !presetDiffers(config, preset) ? preset : 'custom';
  return `${from} ${architectureOf(config, image).join('-')}`;
}
