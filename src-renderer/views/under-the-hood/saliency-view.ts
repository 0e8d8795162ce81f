// A saliency map drawn over its image: each pixel the image's ink in grey, tinted by the
// gradient on the diverging scale (red: more ink here raises the score, blue: lowers it) as
// strongly as the gradient is large, so the strongest pixels take the full colour and pixels
// that do not matter show the digit as it is.

import { divergingColour } from '../../components/weight-images.ts';

/** Grey of a pixel with ink 0–1: light paper, mid-grey ink, so red and blue stay readable. */
const paper = 250;
const ink = 120;

/** RGBA pixels of `values` (one per input) over `input` (0–1), on the scale ±`scale`. */
export function saliencyPixels(
  input: ArrayLike<number>,
  values: ArrayLike<number>,
  scale: number,
): Uint8ClampedArray<ArrayBuffer> {
  if (input.length !== values.length)
    throw new Error(`${values.length} gradient values for an image of ${input.length} pixels`);
  const rgba = new Uint8ClampedArray(values.length * 4);
  for (let i = 0; i < values.length; i++) {
    const grey = paper - (paper - ink) * Math.max(0, Math.min(1, input[i]));
    const t = scale > 0 ? Math.min(1, Math.abs(values[i]) / scale) : 0;
    const colour = divergingColour(Math.sign(values[i]), 1); // the scale's end colour
    for (let c = 0; c < 3; c++) rgba[4 * i + c] = Math.round(grey * (1 - t) + colour[c] * t);
    rgba[4 * i + 3] = 255;
  }
  return rgba;
}

/** The sentence that says what a map shows. */
export function saliencyCaption(digit: number, versus: number | null): string {
  return versus === null
    ? `Red: more ink here would raise the score of ${digit}; blue: it would lower it.`
    : `Red: more ink here would make ${digit} more likely than ${versus}; blue: it would favour ${versus}.`;
}
