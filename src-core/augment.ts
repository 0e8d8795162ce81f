// Data augmentation: each training image is distorted at random every time it is drawn into a
// batch, so the network never sees exactly the same picture twice and learns what a digit looks
// like rather than where its pixels happen to fall. A small rotation, change of size, shift or
// shear leaves a 7 a 7; the MLP, which has no idea that neighbouring pixels are related, learns
// that invariance only from examples like these. Validation and test images are never distorted.
//
// The distortion is applied while gathering the batch: every output pixel reads the source image
// at the point the distortion maps it to, by bilinear interpolation between the four nearest
// pixels (0 outside the image). So the dataset stays as bytes and nothing is allocated per batch.
//
// Coordinates: x is the column, y the row, in pixels; pixel centres sit at whole numbers and the
// image turns about its centre ((cols − 1)/2, (rows − 1)/2).
//
// Stroke weight is the one difference between a digit drawn on the pad and MNIST's that no
// affine map varies: a mouse or a finger leaves thicker strokes than MNIST's pens, even after
// preprocessing. So each image may also be blended part of the way towards its 3×3 dilation
// (every pixel the largest of its neighbourhood), which thickens every stroke.

import { forEachInBatch, type GatherBatch } from './batch.ts';
import type { FloatArray } from './types.ts';
import { Rng } from './rng.ts';

export interface Augmentation {
  /** Largest rotation, in degrees, either way. */
  readonly rotation: number;
  /** Largest relative change of size, either way: 0.12 scales by 0.88 to 1.12. */
  readonly scale: number;
  /** Largest shift in pixels, along each axis, either way. */
  readonly shift: number;
  /** Largest horizontal shear, either way: a point moves sideways by shear · (its height). */
  readonly shear: number;
  /** Elastic distortion on top (Simard et al. 2003): wobbles strokes as a hand does. */
  readonly elastic: boolean;
  /** Largest stroke thickening, 0 to 1: after the distortions above, each image is blended
   * towards its 3×3 dilation by a factor drawn from [0, thickness]. Optional because runs saved
   * before it existed have none; absent means 0 (off). */
  readonly thickness?: number;
}

/** What `--augment` alone turns on: distortions a person would still read as the same digit. */
export const DEFAULT_AUGMENTATION: Augmentation = {
  rotation: 12,
  scale: 0.12,
  shift: 2.5,
  shear: 0.15,
  elastic: false,
};

/** The largest value a config may give each distortion (all start at 0). */
export const AUGMENTATION_LIMITS = { rotation: 180, scale: 0.5, shift: 10, shear: 1 } as const;

/** The largest stroke thickening a config may give: at 1 an image may become its dilation. */
export const THICKNESS_LIMIT = 1;

/** Simard et al.'s elastic field for MNIST: noise smoothed by a Gaussian of σ = 4 px, times α = 34. */
export const ELASTIC_ALPHA = 34;
export const ELASTIC_SIGMA = 4;

/** One draw of the affine distortion. */
export interface Distortion {
  /** Radians, counter-clockwise as seen on screen. */
  readonly angle: number;
  /** Size factor, 1 = unchanged. */
  readonly scale: number;
  readonly shear: number;
  readonly shiftX: number;
  readonly shiftY: number;
}

export const IDENTITY: Distortion = { angle: 0, scale: 1, shear: 0, shiftX: 0, shiftY: 0 };

/** Where output pixel (x, y) reads the source image: (xx·x + xy·y + x0, yx·x + yy·y + y0). */
export interface SourceMap {
  readonly xx: number;
  readonly xy: number;
  readonly x0: number;
  readonly yx: number;
  readonly yy: number;
  readonly y0: number;
}

/** The distortion moves a source point p to c + t + R·H·S·(p − c): scale S, then shear H
 * (x += shear·y), then rotate R, then shift t. Sampling needs the opposite direction, from each
 * output pixel back into the source: p = c + M⁻¹·(q − c − t), with M = R·H·S. */
export function sourceMap(d: Distortion, rows: number, cols: number): SourceMap {
  const cx = (cols - 1) / 2;
  const cy = (rows - 1) / 2;
  // y points down on screen, so a counter-clockwise turn takes (1, 0) to (cos, −sin).
  const cos = Math.cos(d.angle);
  const sin = Math.sin(d.angle);
  // M = R·H·S with R = [cos sin; −sin cos], H = [1 shear; 0 1], S = scale·I.
  const m00 = cos * d.scale;
  const m01 = (cos * d.shear + sin) * d.scale;
  const m10 = -sin * d.scale;
  const m11 = (-sin * d.shear + cos) * d.scale;
  const det = m00 * m11 - m01 * m10;
  const xx = m11 / det;
  const xy = -m01 / det;
  const yx = -m10 / det;
  const yy = m00 / det;
  const ox = cx + d.shiftX;
  const oy = cy + d.shiftY;
  return { xx, xy, x0: cx - xx * ox - xy * oy, yx, yy, y0: cy - yx * ox - yy * oy };
}

/** The image's value at (x, y), interpolated between its four nearest pixels, 0 outside.
 * At a pixel centre it is that pixel's byte exactly. */
export function sampleBilinear(
  image: Uint8Array,
  offset: number,
  rows: number,
  cols: number,
  x: number,
  y: number,
): number {
  const c = Math.floor(x);
  const r = Math.floor(y);
  if (c < -1 || c >= cols || r < -1 || r >= rows) return 0;
  const fx = x - c;
  const fy = y - r;
  const left = c >= 0;
  const right = c + 1 < cols;
  let top = 0;
  let bottom = 0;
  if (r >= 0) {
    const i = offset + r * cols + c;
    top = (left ? (1 - fx) * image[i] : 0) + (right ? fx * image[i + 1] : 0);
  }
  if (r + 1 < rows) {
    const i = offset + (r + 1) * cols + c;
    bottom = (left ? (1 - fx) * image[i] : 0) + (right ? fx * image[i + 1] : 0);
  }
  return (1 - fy) * top + fy * bottom;
}

/** Writes the distorted image (rows·cols bytes at image[offset]) into out[outOffset…] as
 * floats in [0, 1], like gatherBatch. dx, dy displace each output pixel before the map
 * (the elastic field), or are null. */
export function warpImage(
  image: Uint8Array,
  offset: number,
  rows: number,
  cols: number,
  map: SourceMap,
  dx: Float64Array | null,
  dy: Float64Array | null,
  out: FloatArray,
  outOffset: number,
): void {
  // A point whose four nearest pixels all lie outside the box of the image's ink samples 0,
  // exactly as sampleBilinear would say, at a fraction of its cost (most of a digit's picture is
  // background).
  const { r0, r1, c0, c1 } = inkBounds(image, offset, rows, cols);
  for (let r = 0, i = 0; r < rows; r++)
    for (let c = 0; c < cols; c++, i++) {
      const x = dx === null ? c : c + dx[i];
      const y = dy === null ? r : r + dy[i];
      const sx = map.xx * x + map.xy * y + map.x0;
      const sy = map.yx * x + map.yy * y + map.y0;
      out[outOffset + i] =
        sx < c0 - 1 || sx >= c1 + 1 || sy < r0 - 1 || sy >= r1 + 1
          ? 0
          : sampleBilinear(image, offset, rows, cols, sx, sy) / 255;
    }
}

/** The rows r0–r1 and columns c0–c1 holding every non-zero byte of the image (r0 > r1 when it
 * has none). */
function inkBounds(
  image: Uint8Array,
  offset: number,
  rows: number,
  cols: number,
): { r0: number; r1: number; c0: number; c1: number } {
  let [r0, r1, c0, c1] = [rows, -1, cols, -1];
  for (let r = 0, i = offset; r < rows; r++)
    for (let c = 0; c < cols; c++, i++)
      if (image[i] !== 0) {
        if (r < r0) r0 = r;
        r1 = r;
        if (c < c0) c0 = c;
        if (c > c1) c1 = c;
      }
  return { r0, r1, c0, c1 };
}

/** Thickens the strokes of one image (rows·cols floats at x[offset], in [0, 1]) in place: every
 * pixel moves the fraction t (0 to 1) of the way to the largest value in its 3×3 neighbourhood
 * (pixels outside the image left out). So t = 1 is a grayscale dilation, which widens a stroke
 * by a pixel on each side, a smaller t adds a fainter rim, and t = 0 changes nothing. The max
 * filter runs separably, along each row into `scratch` (at least rows·cols long) and then down
 * each column of that: 6 comparisons per pixel, nothing allocated. Every result is a blend of
 * two values in [0, 1], so it stays in [0, 1]. */
export function thickenStrokes(
  x: FloatArray,
  offset: number,
  rows: number,
  cols: number,
  t: number,
  scratch: FloatArray,
): void {
  if (t === 0) return;
  // Along each row: the largest of a pixel and its left and right neighbours.
  for (let r = 0; r < rows; r++) {
    const row = offset + r * cols;
    for (let c = 0; c < cols; c++) {
      let m = x[row + c];
      if (c > 0 && x[row + c - 1] > m) m = x[row + c - 1];
      if (c + 1 < cols && x[row + c + 1] > m) m = x[row + c + 1];
      scratch[r * cols + c] = m;
    }
  }
  // Down each column of that. x[offset + i] is overwritten only here, after its last read.
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      let m = scratch[i];
      if (r > 0 && scratch[i - cols] > m) m = scratch[i - cols];
      if (r + 1 < rows && scratch[i + cols] > m) m = scratch[i + cols];
      const v = x[offset + i];
      x[offset + i] = v + t * (m - v);
    }
}

/** Random displacement fields as Simard et al. (2003) made them: uniform noise in [−1, 1] at
 * every pixel, smoothed by a Gaussian of std σ (outside the image counts as 0), times α. A
 * small σ gives jitter, a large one a near-translation; σ = 4 on 28×28 gives the wobble of a
 * hand.
 *
 * Smoothing every pixel costs 2·25 multiply-adds per pixel and field, about as much as a small
 * network's forward pass. But a field this smooth hardly bends over 2 pixels, so it is computed
 * exactly only at knots every `step` pixels (separably: along rows at the knot columns, then
 * down those columns at the knot rows) and interpolated bilinearly in between: half the work,
 * for displacements of about 1.3 px (RMS) off by about 0.04 px (RMS). */
export class ElasticField {
  readonly rows: number;
  readonly cols: number;
  readonly step: number;
  readonly #alpha: number;
  readonly #kernel: Float64Array;
  readonly #knotRows: number;
  readonly #knotCols: number;
  readonly #noise: Float64Array;
  /** Row pass at the knot columns: (rows, knotCols). */
  readonly #rowPass: Float64Array;
  /** The field at the knots: (knotRows, knotCols). */
  readonly #knots: Float64Array;

  constructor(rows: number, cols: number, alpha = ELASTIC_ALPHA, sigma = ELASTIC_SIGMA, step = 2) {
    this.rows = rows;
    this.cols = cols;
    this.step = step;
    this.#alpha = alpha;
    this.#kernel = gaussianKernel(sigma);
    // Knots at 0, step, 2·step… up to the first one at or past the last pixel.
    this.#knotRows = Math.ceil((rows - 1) / step) + 1;
    this.#knotCols = Math.ceil((cols - 1) / step) + 1;
    this.#noise = new Float64Array(rows * cols);
    this.#rowPass = new Float64Array(rows * this.#knotCols);
    this.#knots = new Float64Array(this.#knotRows * this.#knotCols);
  }

  /** Fills `field` (rows·cols) with one smoothed, scaled noise field. */
  draw(rng: Rng, field: Float64Array): void {
    const { rows, cols, step } = this;
    const kernel = this.#kernel;
    const radius = (kernel.length - 1) / 2;
    const kc = this.#knotCols;
    const noise = this.#noise;
    for (let i = 0; i < noise.length; i++) noise[i] = 2 * rng.uniform() - 1;
    // noise (rows, cols) → along each row, at the knot columns → rowPass (rows, knotCols)
    for (let r = 0; r < rows; r++)
      for (let k = 0; k < kc; k++) {
        const c = k * step;
        let s = 0;
        for (let j = Math.max(0, c - radius); j <= Math.min(cols - 1, c + radius); j++)
          s += kernel[j - c + radius] * noise[r * cols + j];
        this.#rowPass[r * kc + k] = s;
      }
    // rowPass → down each knot column, at the knot rows, times α → knots (knotRows, knotCols)
    for (let kr = 0; kr < this.#knotRows; kr++) {
      const r0 = kr * step;
      for (let k = 0; k < kc; k++) {
        let s = 0;
        for (let j = Math.max(0, r0 - radius); j <= Math.min(rows - 1, r0 + radius); j++)
          s += kernel[j - r0 + radius] * this.#rowPass[j * kc + k];
        this.#knots[kr * kc + k] = this.#alpha * s;
      }
    }
    // knots → every pixel, bilinearly
    for (let r = 0; r < rows; r++) {
      const kr = Math.floor(r / step);
      const fy = r / step - kr;
      for (let c = 0; c < cols; c++) {
        const k = Math.floor(c / step);
        const fx = c / step - k;
        const i = kr * kc + k;
        const top = fx === 0 ? this.#knots[i] : (1 - fx) * this.#knots[i] + fx * this.#knots[i + 1];
        const bottom =
          fy === 0
            ? 0
            : fx === 0
              ? this.#knots[i + kc]
              : (1 - fx) * this.#knots[i + kc] + fx * this.#knots[i + kc + 1];
        field[r * cols + c] = fy === 0 ? top : (1 - fy) * top + fy * bottom;
      }
    }
  }
}

/** A normalised Gaussian of std σ, cut at 3σ either side. */
export function gaussianKernel(sigma: number): Float64Array {
  const radius = Math.ceil(3 * sigma);
  const kernel = new Float64Array(2 * radius + 1).map((_, k) =>
    Math.exp(-((k - radius) ** 2) / (2 * sigma * sigma)),
  );
  const sum = kernel.reduce((s, v) => s + v, 0);
  return kernel.map((v) => v / sum);
}

/** Seed offset so augmentation draws from its own stream: turning it on leaves the weights'
 * initialisation and the shuffles exactly as they were. */
const AUGMENT_STREAM = 0xa06e47;

/** Gathers training batches with every image distorted at random, from a stream seeded by the
 * run's seed. Buffers are allocated once. */
export class Augmenter {
  readonly augmentation: Augmentation;
  readonly #rng: Rng;
  readonly #field: ElasticField | null;
  readonly #dx: Float64Array | null;
  readonly #dy: Float64Array | null;
  /** Largest stroke thickening; 0 when the augmentation has none. */
  readonly #thickness: number;
  /** Row maxima of one image for thickenStrokes, or null without thickening. */
  readonly #scratch: Float32Array | null;

  constructor(augmentation: Augmentation, rows: number, cols: number, seed: number) {
    this.augmentation = augmentation;
    this.#rng = new Rng(seed ^ AUGMENT_STREAM);
    this.#field = augmentation.elastic ? new ElasticField(rows, cols) : null;
    this.#dx = augmentation.elastic ? new Float64Array(rows * cols) : null;
    this.#dy = augmentation.elastic ? new Float64Array(rows * cols) : null;
    this.#thickness = augmentation.thickness ?? 0;
    this.#scratch = this.#thickness > 0 ? new Float32Array(rows * cols) : null;
  }

  /** The state of the augmentation's random stream, for a checkpoint (see rng.ts). */
  get rng(): Rng {
    return this.#rng;
  }

  /** One random affine distortion, each part uniform within its limit either way. */
  drawDistortion(): Distortion {
    const a = this.augmentation;
    const within = (max: number): number => (2 * this.#rng.uniform() - 1) * max;
    return {
      angle: (within(a.rotation) * Math.PI) / 180,
      scale: 1 + within(a.scale),
      shear: within(a.shear),
      shiftX: within(a.shift),
      shiftY: within(a.shift),
    };
  }

  /** One random stroke thickening, uniform in [0, thickness]. Draws nothing at thickness 0, so
   * an augmentation without it distorts exactly as it did before thickening existed. */
  drawThickening(): number {
    return this.#thickness > 0 ? this.#rng.uniform() * this.#thickness : 0;
  }

  /** As gatherBatch (batch.ts), each image distorted by a fresh random draw. */
  gatherBatch(...[subset, order, start, count, x, labels]: Parameters<GatherBatch>): void {
    const { images, rows, cols } = subset.set;
    const pixels = rows * cols;
    forEachInBatch(subset, order, start, count, labels, (image, i) => {
      const map = sourceMap(this.drawDistortion(), rows, cols);
      if (this.#field !== null) {
        this.#field.draw(this.#rng, this.#dx as Float64Array);
        this.#field.draw(this.#rng, this.#dy as Float64Array);
      }
      warpImage(images, image * pixels, rows, cols, map, this.#dx, this.#dy, x, i * pixels);
      if (this.#scratch !== null)
        thickenStrokes(x, i * pixels, rows, cols, this.drawThickening(), this.#scratch);
    });
  }
}
