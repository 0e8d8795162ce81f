// From the pixels of any picture of a digit to "ink": one number per pixel, 0 on the background
// and 1 where the pen is darkest against it. MNIST stores ink (a white digit on black), so a dark
// digit on white paper has to be inverted and a light one on a blackboard must not be. The
// background is the picture's commonest brightness (it covers more of it than any stroke), and
// the digit is whichever side of it, darker or lighter, holds more strong ink.

/** An ink image: width × height intensities 0–1, row-major. */
export interface InkImage {
  readonly ink: Float32Array;
  readonly width: number;
  readonly height: number;
}

/** A pixel with less ink than this is background: it neither makes an image non-blank nor widens
 * the bounding box (it is kept when it lies inside the box). */
export const INK_THRESHOLD = 0.1;

// Rec. 601 luma: how bright a colour looks, green counting most and blue least.
const RED = 0.299;
const GREEN = 0.587;
const BLUE = 0.114;

/** Pixels further than this from the background's brightness (0–1) count when telling
 * dark-on-light from light-on-dark: grain and faint frames stay nearer, pen strokes do not. */
const POLARITY_CONTRAST = 0.15;
/** Brightness levels the background may spread over either side of its commonest one (grain). */
const BACKGROUND_SPREAD = 3;

/**
 * Ink intensity 0–1 per pixel (row-major, width × height) from RGBA bytes (4 per pixel).
 *
 * 1. Brightness: the luma of each pixel, 0–1.
 * 2. Transparency: each pixel is laid over a plain backdrop, white when what is drawn is dark
 *    (on average, weighting each pixel by its alpha) and black when it is light, so strokes on a
 *    transparent canvas count as ink whatever their colour.
 * 3. Background level `bg`: the mean brightness of the pixels near the histogram's peak, so grey
 *    paper, a margin round a screenshot or a frame along the edge do not move it.
 * 4. Polarity: the digit is on the side of bg, darker or lighter, where the pixels further than
 *    POLARITY_CONTRAST from it add up to more, so a light digit on a mid-grey board is read as
 *    well as a dark one on white. Dark ink is (bg − brightness) / bg, light ink
 *    (brightness − bg) / (1 − bg), clamped to 0–1: the background is 0 even on grey paper.
 */
export function inkFromRgba(
  rgba: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
): Float32Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1)
    throw new Error(`an image must be at least 1×1 pixels, got ${width}×${height}`);
  const n = width * height;
  if (rgba.length !== n * 4)
    throw new Error(`a ${width}×${height} RGBA image has ${n * 4} bytes, got ${rgba.length}`);

  const brightness = new Float32Array(n);
  // Alpha in bytes (0–255): summed exactly, and divided by 255 once.
  let alphaSum = 0;
  let drawnSum = 0;
  for (let i = 0; i < n; i++) {
    const p = i * 4;
    const luma = (RED * rgba[p] + GREEN * rgba[p + 1] + BLUE * rgba[p + 2]) / 255;
    const alpha = rgba[p + 3];
    brightness[i] = luma;
    alphaSum += alpha;
    drawnSum += alpha * luma;
  }
  const ink = new Float32Array(n);
  if (alphaSum === 0) return ink; // fully transparent: nothing drawn

  // An opaque picture (the drawing pad's, a photo) needs no backdrop.
  if (alphaSum < 255 * n) {
    const backdrop = drawnSum / alphaSum < 0.5 ? 1 : 0;
    for (let i = 0; i < n; i++) {
      const alpha = rgba[i * 4 + 3] / 255;
      brightness[i] = alpha * brightness[i] + (1 - alpha) * backdrop;
    }
  }

  const bg = backgroundLevel(brightness);
  let darkMass = 0;
  let lightMass = 0;
  for (let i = 0; i < n; i++) {
    const b = brightness[i];
    darkMass += Math.max(0, bg - b - POLARITY_CONTRAST);
    lightMass += Math.max(0, b - bg - POLARITY_CONTRAST);
  }
  // Dark ink (bg − b) / bg, or light ink (b − bg) / (1 − bg), clamped to 0–1; none where the
  // background is already as dark (or as light) as can be.
  const dark = darkMass >= lightMass;
  const scale = dark ? (bg > 0 ? -1 / bg : 0) : bg < 1 ? 1 / (1 - bg) : 0;
  for (let i = 0; i < n; i++) ink[i] = Math.min(1, Math.max(0, (brightness[i] - bg) * scale));
  return ink;
}

/** The mean brightness of the pixels within BACKGROUND_SPREAD levels (of 255) of the commonest
 * band of 2·BACKGROUND_SPREAD + 1 levels. */
function backgroundLevel(brightness: Float32Array): number {
  // Per level of 255: how many pixels, and their brightness summed.
  const counts = new Float64Array(256);
  const sums = new Float64Array(256);
  for (let i = 0; i < brightness.length; i++) {
    const b = brightness[i];
    const level = Math.round(b * 255);
    counts[level]++;
    sums[level] += b;
  }
  let best = 0;
  let bestCount = -1;
  for (let level = 0; level < 256; level++) {
    let count = 0;
    for (let k = level - BACKGROUND_SPREAD; k <= level + BACKGROUND_SPREAD; k++)
      if (k >= 0 && k < 256) count += counts[k];
    if (count > bestCount) {
      best = level;
      bestCount = count;
    }
  }
  let sum = 0;
  let count = 0;
  for (let k = best - BACKGROUND_SPREAD; k <= best + BACKGROUND_SPREAD; k++)
    if (k >= 0 && k < 256) {
      sum += sums[k];
      count += counts[k];
    }
  return sum / count;
}
