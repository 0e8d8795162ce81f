// Turning ink (see ink.ts) into the 784 inputs of an MNIST network the way MNIST itself was made:
// "The original black and white images from NIST were size normalized to fit in a 20x20 pixel
// box while preserving their aspect ratio. The resulting images contain grey levels as a result
// of the anti-aliasing technique used by the normalization algorithm. The images were centered
// in a 28x28 image by computing the center of mass of the pixels, and translating the image so
// as to position this point at the center of the 28x28 field." (LeCun, Cortes & Burges)
//
// A network trained on MNIST only knows digits prepared like this; a digit drawn small in a
// corner means nothing to it until it has been cropped, scaled and centred the same way.
//
// Coordinates: pixel i covers [i, i+1), and centres of mass are in pixel indices (Σ v·i / Σ v).
// Measured so, every MNIST test digit's centre of mass lies within half a pixel of (14, 14):
// MNIST shifted by whole pixels, and so does this file. That keeps the long side of the box on
// exactly 20 whole pixels, as in MNIST, and gives an MNIST digit back unchanged.

import { INK_THRESHOLD, inkFromRgba, type InkImage } from './ink.ts';
import { digitInk } from './segment.ts';
import { strokeWidth, thicken } from './stroke.ts';

/** The side of the square field the network reads. */
export const FIELD = 28;
/** The side of the box the digit's longer side is scaled to. */
export const BOX = 20;
/** Where the centre of mass goes, in pixel indices. */
export const CENTER = 14;
export { INK_THRESHOLD };
/** Strokes are thickened to at least this width (in the 28×28 result) before scaling; about a
 * tenth of MNIST's digits are thinner, the median is 2.5 (see stroke.ts). */
export const MIN_STROKE_WIDTH = 2;

/** A digit's ink must span at least this share of the picture's shorter side (its box's longer
 * side): less is a speck, and scaling it up to 20 px would make a confident "digit" out of
 * nothing. On the 280-px pad that is 35 px; an MNIST digit spans 20 of its 28 px. */
export const MIN_DIGIT_SIDE = 1 / 8;
/** …and be at least this many times longer than its strokes are wide: a dot, however big the
 * brush, is about twice as long as its stroke width (see stroke.ts), a drawn 1 four times or
 * more. */
export const MIN_ELONGATION = 2.5;

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PreprocessResult {
  /** FIELD × FIELD intensities 0–1, row-major: the network's input. */
  readonly input: Float32Array;
  /** The ink's bounding box in the source image, before any thickening. */
  readonly box: Box;
  /** Centre of mass of `input` in pixel indices, within half a pixel of (CENTER, CENTER) unless
   * ink was cut off at the field's edge. */
  readonly centerOfMass: { readonly x: number; readonly y: number };
  /** Result pixels per source pixel (of the thickened box when strokes were thickened). */
  readonly scale: number;
}

/** What reading a picture found: nothing, ink too small to be a digit, or a digit. */
export type DigitReading =
  | { readonly status: 'blank' }
  | {
      readonly status: 'too-small';
      /** The ink's bounding box in the picture. */
      readonly box: Box;
      readonly minSide: number;
    }
  | { readonly status: 'digit'; readonly digit: PreprocessResult };

/**
 * Reads the digit in a picture (RGBA bytes, 4 per pixel, row-major): the one way both the drawing
 * pad and `predict` turn pixels into the network's input. The picture's ink is found (ink.ts), the
 * digit's strokes are kept apart from frames and specks (segment.ts), ink too small to be a digit
 * is refused (MIN_DIGIT_SIDE, MIN_ELONGATION), and the rest is prepared like MNIST (preprocessDigit).
 */
export function readDigit(
  rgba: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
): DigitReading {
  const ink = digitInk(inkFromRgba(rgba, width, height), width, height);
  const box = inkBox(ink, width, height);
  if (box === null) return { status: 'blank' };
  const { ink: boxed } = crop(ink, width, box);
  const minSide = Math.max(
    MIN_DIGIT_SIDE * Math.min(width, height),
    MIN_ELONGATION * strokeWidth(boxed, box.width, box.height),
  );
  if (Math.max(box.width, box.height) < minSide) return { status: 'too-small', box, minSide };
  // Not null: the box holds ink.
  return { status: 'digit', digit: preprocessDigit(ink, width, height) as PreprocessResult };
}

/**
 * Prepares one digit: ink (width × height, 0–1, row-major) → FIELD × FIELD network input, or
 * null when the image holds no ink (a blank canvas).
 *
 * 1. Crop to the bounding box of the ink and stretch its intensities so the darkest ink is 1:
 *    a pencil-grey digit becomes as strong as MNIST's, nearly all of which reach 255.
 * 2. Thicken strokes that would end up thinner than MIN_STROKE_WIDTH (see stroke.ts).
 * 3. Scale so the longer side of the box is BOX pixels, keeping the aspect ratio (see resize),
 *    and stretch again so the brightest pixel is 1: averaging a stroke narrower than a result
 *    pixel over that pixel dims it.
 * 4. Paste into the FIELD × FIELD field shifted by the whole number of pixels that brings the
 *    centre of mass nearest to (CENTER, CENTER). Ink that lands outside the field is cut off.
 */
export function preprocessDigit(
  ink: Float32Array,
  width: number,
  height: number,
): PreprocessResult | null {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1)
    throw new Error(`an image must be at least 1×1 pixels, got ${width}×${height}`);
  if (ink.length !== width * height)
    throw new Error(`a ${width}×${height} image has ${width * height} pixels, got ${ink.length}`);
  const box = inkBox(ink, width, height);
  if (box === null) return null;

  let digit = crop(ink, width, box);
  const radius = thickeningRadius(strokeWidth(digit.ink, digit.width, digit.height), box);
  if (radius > 0) {
    const grown = thicken(digit.ink, digit.width, digit.height, radius);
    // Not null: growing keeps the old ink.
    digit = crop(grown.ink, grown.width, inkBox(grown.ink, grown.width, grown.height) as Box);
  }

  const scale = BOX / Math.max(digit.width, digit.height);
  const scaled = resize(digit.ink, digit.width, digit.height, scale);
  stretch(scaled.ink);
  const com = centreOfMass(scaled.ink, scaled.width, scaled.height);
  const input = new Float32Array(FIELD * FIELD);
  paste(scaled, Math.round(CENTER - com.x), Math.round(CENTER - com.y), input);
  return { input, box, centerOfMass: centreOfMass(input, FIELD, FIELD), scale };
}

/** The smallest box holding every pixel with at least INK_THRESHOLD ink, or null if none has. */
function inkBox(ink: Float32Array, width: number, height: number): Box | null {
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x] < INK_THRESHOLD) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      y1 = y;
    }
  }
  return x1 < 0 ? null : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/** The box's pixels, stretched so the largest is 1. */
function crop(ink: Float32Array, width: number, box: Box): InkImage {
  const out = new Float32Array(box.width * box.height);
  for (let y = 0; y < box.height; y++) {
    const from = (box.y + y) * width + box.x;
    out.set(ink.subarray(from, from + box.width), y * box.width);
  }
  stretch(out);
  return { ink: out, width: box.width, height: box.height };
}

/** Multiplies so the largest value is 1 (a blank array stays blank). */
function stretch(values: Float32Array): void {
  let max = 0;
  for (const v of values) if (v > max) max = v;
  if (max > 0) for (let i = 0; i < values.length; i++) values[i] /= max;
}

/**
 * How far to grow the strokes (source pixels per side) so that, after the grown box is scaled to
 * BOX, they are MIN_STROKE_WIDTH wide; 0 when they already are. With stroke width w and the box's
 * longer side L, growing by r on each side gives (w + 2r) · BOX / (L + 2r) = MIN_STROKE_WIDTH.
 */
function thickeningRadius(width: number, box: Box): number {
  const long = Math.max(box.width, box.height);
  const t = MIN_STROKE_WIDTH;
  return Math.max(0, (t * long) / BOX - width) / (2 * (1 - t / BOX));
}

/** Centre of mass in pixel indices (Σ v·i / Σ v); (0, 0) for a blank image. */
function centreOfMass(
  values: Float32Array,
  width: number,
  height: number,
): { x: number; y: number } {
  let mass = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = values[y * width + x];
      mass += v;
      sx += v * x;
      sy += v * y;
    }
  }
  return mass === 0 ? { x: 0, y: 0 } : { x: sx / mass, y: sy / mass };
}

/**
 * Scales the digit by `scale` into an image of its own, ⌈scale·width⌉ × ⌈scale·height⌉ pixels,
 * with the digit's top-left corner on the image's top-left corner.
 *
 * Each result pixel is the average, over the square it covers, of the source seen as a
 * continuous picture. Shrinking sees each source pixel as a flat square, so the average is
 * exact area-averaging (the anti-aliasing of MNIST). Enlarging sees the source as bilinearly
 * interpolated between pixel centres, which stays smooth instead of blocky. Both are
 * separable: one pass along rows, then one along columns.
 */
function resize(ink: Float32Array, width: number, height: number, scale: number): InkImage {
  const wx = axisWeights(width, scale);
  const wy = axisWeights(height, scale);
  const outWidth = wx.length;
  const outHeight = wy.length;
  // rows: (height, outWidth), each source row resampled along x
  const rows = new Float64Array(height * outWidth);
  for (let y = 0; y < height; y++) {
    for (let j = 0; j < outWidth; j++) {
      const { first, weights } = wx[j];
      let sum = 0;
      for (let k = 0; k < weights.length; k++) sum += weights[k] * ink[y * width + first + k];
      rows[y * outWidth + j] = sum;
    }
  }
  const out = new Float32Array(outWidth * outHeight);
  for (let i = 0; i < outHeight; i++) {
    const { first, weights } = wy[i];
    for (let j = 0; j < outWidth; j++) {
      let sum = 0;
      for (let k = 0; k < weights.length; k++) sum += weights[k] * rows[(first + k) * outWidth + j];
      out[i * outWidth + j] = sum;
    }
  }
  return { ink: out, width: outWidth, height: outHeight };
}

/** Copies `image` into the FIELD × FIELD `field` shifted by whole pixels (dx, dy), dropping what
 * falls outside. */
function paste(image: InkImage, dx: number, dy: number, field: Float32Array): void {
  for (let y = 0; y < image.height; y++) {
    const fy = y + dy;
    if (fy < 0 || fy >= FIELD) continue;
    for (let x = 0; x < image.width; x++) {
      const fx = x + dx;
      if (fx >= 0 && fx < FIELD) field[fy * FIELD + fx] = image.ink[y * image.width + x];
    }
  }
}

interface AxisWeights {
  /** The first source pixel that contributes. */
  readonly first: number;
  /** Contributions of source pixels first, first + 1, … */
  readonly weights: Float64Array;
}

/**
 * For each result pixel along one axis of n source pixels, the weights of the source pixels.
 * Result pixel j covers [j, j+1); in source coordinates (pixel i covers [i, i+1)) that is
 * [j / scale, (j+1) / scale]. Source pixel i contributes the integral of its basis function
 * over that interval, divided by the interval's length.
 */
function axisWeights(n: number, scale: number): AxisWeights[] {
  const basis = scale > 1 ? bilinearIntegral : boxIntegral;
  const reach = scale > 1 ? 1 : 0; // how far a basis function reaches past its own pixel
  // 1e-9: n·scale is a whole number more often than floating point says (60 · 20/60 = 20.000…04)
  const size = Math.ceil(n * scale - 1e-9);
  const result: AxisWeights[] = [];
  for (let j = 0; j < size; j++) {
    const a = j / scale;
    const b = (j + 1) / scale;
    const first = Math.max(0, Math.floor(a) - reach);
    const last = Math.min(n - 1, Math.ceil(b) - 1 + reach);
    const weights = new Float64Array(Math.max(0, last - first + 1));
    for (let i = first; i <= last; i++)
      weights[i - first] = (basis(i, n, b) - basis(i, n, a)) * scale;
    result.push({ first, weights });
  }
  return result;
}

/** ∫ from −∞ to x of source pixel i's basis function when shrinking: 1 on [i, i+1), else 0. */
function boxIntegral(i: number, _n: number, x: number): number {
  return Math.min(1, Math.max(0, x - i));
}

/**
 * ∫ from −∞ to x of source pixel i's basis function when enlarging: a tent of half-width 1
 * around the pixel's centre c = i + 0.5 (linear interpolation between neighbouring centres),
 * except that within half a pixel of the image's edge the edge pixel holds its value flat
 * (as image scalers do), and nothing lies outside [0, n]. The n basis functions add up to 1
 * everywhere on [0, n], so a flat area stays flat.
 */
function bilinearIntegral(i: number, n: number, x: number): number {
  const c = i + 0.5;
  if (x <= 0) return 0;
  if (x >= n) return 1;
  if (n === 1) return x;
  if (i === 0 && x <= c) return x; // flat from 0 to the first centre: area c = 0.5
  if (i === n - 1 && x >= c) return 0.5 + (x - c);
  return tentIntegral(x - c);
}

/** ∫ from −∞ to t of the tent max(0, 1 − |s|) ds. */
function tentIntegral(t: number): number {
  if (t <= -1) return 0;
  if (t <= 0) return (t + 1) ** 2 / 2;
  if (t <= 1) return 1 - (1 - t) ** 2 / 2;
  return 1;
}
