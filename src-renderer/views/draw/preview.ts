// The 28×28 input as the learner sees it beside the pad, and a sentence on how it was made.

import {
  BOX,
  CENTER,
  FIELD,
  INK_THRESHOLD,
  type PreprocessResult,
} from '../../../src-core/preprocess.ts';
import type { Box } from '../../../src-core/preprocess.ts';

/** RGBA bytes for the input drawn dark on light like the pad (ink 1 → black, 0 → white). */
export function inputPixels(input: Float32Array): Uint8ClampedArray<ArrayBuffer> {
  const rgba = new Uint8ClampedArray(input.length * 4);
  for (let i = 0; i < input.length; i++) {
    const v = 255 - Math.round(Math.min(1, Math.max(0, input[i])) * 255);
    rgba[4 * i] = v;
    rgba[4 * i + 1] = v;
    rgba[4 * i + 2] = v;
    rgba[4 * i + 3] = 255;
  }
  return rgba;
}

/** Where the ink lies in the 28×28 field (pixels with at least INK_THRESHOLD), or null. */
export function fieldBox(input: Float32Array): Box | null {
  let x0 = FIELD;
  let y0 = FIELD;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < FIELD; y++)
    for (let x = 0; x < FIELD; x++) {
      if (input[y * FIELD + x] < INK_THRESHOLD) continue;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
  return x1 < 0 ? null : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/** What preprocessing did, step by step, in words a learner can check against the picture. */
export function preprocessSteps(result: PreprocessResult): string[] {
  const { box, scale, centerOfMass: c } = result;
  const factor = scale >= 0.1 ? scale.toFixed(2) : scale.toPrecision(2);
  return [
    `Cropped to the ink: ${box.width} × ${box.height} px of the pad.`,
    `Scaled by ${factor} so the longer side of its box (dashed) is ${BOX} px, keeping the shape.`,
    `Shifted so the centre of mass (dot, at ${c.x.toFixed(1)}, ${c.y.toFixed(1)}) ` +
      `sits on the centre of the ${FIELD} × ${FIELD} field (cross, at ${CENTER}, ${CENTER}).`,
  ];
}

/** Why a drawing gets no answer: it is too small to be a digit (see MIN_DIGIT_SIDE). */
export function tooSmallMessage(box: Box, minSide: number): string {
  return (
    `Too small to read: the drawing spans ${box.width} × ${box.height} px of the pad, and a ` +
    `digit needs at least ${Math.ceil(minSide)} px. Draw the digit larger, filling most of the square.`
  );
}
