// From the pixels of any picture of a digit to "ink": one number per pixel, 0 on the background
// and 1 where the pen is darkest against it. MNIST stores ink (a white digit on black), so a dark
// digit on white paper has to be inverted and a light one on a blackboard must not be: the
// picture's border, which is nearly always background, tells which of the two it is.

/** An ink image: width × height intensities 0–1, row-major. */
export interface InkImage {
  readonly ink: Float32Array;
  readonly width: number;
  readonly height: number;
}

// Rec. 601 luma: how bright a colour looks, green counting most and blue least.
const RED = 0.299;
const GREEN = 0.587;
const BLUE = 0.114;

/**
 * Ink intensity 0–1 per pixel (row-major, width × height) from RGBA bytes (4 per pixel).
 *
 * 1. Brightness: the luma of each pixel, 0–1.
 * 2. Transparency: each pixel is laid over a plain backdrop, white when what is drawn is dark
 *    (on average, weighting each pixel by its alpha) and black when it is light, so strokes on a
 *    transparent canvas count as ink whatever their colour.
 * 3. Polarity: the median brightness of the border is the background level `bg`. On a light
 *    background ink = (bg − brightness) / bg, on a dark one ink = (brightness − bg) / (1 − bg),
 *    clamped to 0–1: the background becomes 0 even when it is grey paper, not white.
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
  let alphaSum = 0;
  let drawnSum = 0;
  for (let i = 0; i < n; i++) {
    const p = i * 4;
    const luma = (RED * rgba[p] + GREEN * rgba[p + 1] + BLUE * rgba[p + 2]) / 255;
    const alpha = rgba[p + 3] / 255;
    brightness[i] = luma;
    alphaSum += alpha;
    drawnSum += alpha * luma;
  }
  const ink = new Float32Array(n);
  if (alphaSum === 0) return ink; // fully transparent: nothing drawn

  const backdrop = drawnSum / alphaSum < 0.5 ? 1 : 0;
  for (let i = 0; i < n; i++) {
    const alpha = rgba[i * 4 + 3] / 255;
    brightness[i] = alpha * brightness[i] + (1 - alpha) * backdrop;
  }

  const bg = borderMedian(brightness, width, height);
  for (let i = 0; i < n; i++) {
    const v = bg >= 0.5 ? (bg - brightness[i]) / bg : (brightness[i] - bg) / (1 - bg);
    ink[i] = Math.min(1, Math.max(0, v));
  }
  return ink;
}

/** The median of the outermost ring of pixels. */
function borderMedian(values: Float32Array, width: number, height: number): number {
  const ring: number[] = [];
  for (let y = 0; y < height; y++) {
    const onEdge = y === 0 || y === height - 1;
    for (let x = 0; x < width; x++)
      if (onEdge || x === 0 || x === width - 1) ring.push(values[y * width + x]);
  }
  ring.sort((a, b) => a - b);
  const mid = ring.length >> 1;
  return ring.length % 2 === 1 ? ring[mid] : (ring[mid - 1] + ring[mid]) / 2;
}
