// The distortions of augment.ts: the geometry of the source map, bilinear sampling against the
// textbook definition, the elastic field against smoothing every pixel, stroke thickening
// against a plain 3×3 max filter, and the Augmenter's seeded draws within their limits.

import { describe, expect, it } from 'vitest';
import {
  Augmenter,
  DEFAULT_AUGMENTATION,
  ElasticField,
  gaussianKernel,
  IDENTITY,
  sampleBilinear,
  sourceMap,
  thickenStrokes,
  warpImage,
  type Augmentation,
  type Distortion,
} from '../../src-core/augment.ts';
import { gatherBatch } from '../../src-core/batch.ts';
import { allIndices, type Subset } from '../../src-core/data/split.ts';
import { Rng } from '../../src-core/rng.ts';
import { expectAllClose, firstBitDifference } from '../fixtures/core/arrays.ts';
import { fullMnist, sliceImages } from '../fixtures/core/mnist.ts';

const N = 28;
const PIXELS = N * N;

/** The first 16 MNIST training images. */
function digits(): Subset {
  return { set: sliceImages(fullMnist().train, 0, 16), indices: allIndices(16) };
}

/** Image i of the subset distorted by d, as floats in [0, 1]. */
function warped(subset: Subset, i: number, d: Distortion): Float32Array {
  const out = new Float32Array(PIXELS);
  warpImage(subset.set.images, i * PIXELS, N, N, sourceMap(d, N, N), null, null, out, 0);
  return out;
}

/** Image i as gatherBatch gives it. */
function plain(subset: Subset, i: number): Float32Array {
  const x = new Float32Array(PIXELS);
  gatherBatch(subset, null, i, 1, x, new Uint8Array(1));
  return x;
}

const at = (img: Float32Array, row: number, col: number): number =>
  row < 0 || row >= N || col < 0 || col >= N ? 0 : img[row * N + col];

describe('sourceMap and warpImage', () => {
  it('the identity reproduces every image bit for bit, as gatherBatch reads it', () => {
    const subset = digits();
    for (let i = 0; i < 16; i++)
      expect(firstBitDifference(warped(subset, i, IDENTITY), plain(subset, i))).toBe(-1);
  });

  it('every pixel of a distorted image is the bilinear sample of its source point, zeros included', () => {
    // warpImage skips interpolating where a point's neighbours all lie outside the ink's box.
    const subset = digits();
    const d: Distortion = { angle: 0.3, scale: 1.1, shiftX: 2.5, shiftY: -1.5, shear: 0.1 };
    const map = sourceMap(d, N, N);
    for (let i = 0; i < 16; i++) {
      const img = warped(subset, i, d);
      for (let r = 0; r < N; r++)
        for (let c = 0; c < N; c++) {
          const sx = map.xx * c + map.xy * r + map.x0;
          const sy = map.yx * c + map.yy * r + map.y0;
          const expected = sampleBilinear(subset.set.images, i * PIXELS, N, N, sx, sy) / 255;
          expect(img[r * N + c]).toBe(Math.fround(expected));
        }
    }
  });

  it('a shift of 1 pixel moves every pixel one column right (or one row down), exactly', () => {
    const subset = digits();
    const img = plain(subset, 0);
    const right = warped(subset, 0, { ...IDENTITY, shiftX: 1 });
    const down = warped(subset, 0, { ...IDENTITY, shiftY: 1 });
    for (let r = 0; r < N; r++)
      for (let c = 0; c < N; c++) {
        expect(right[r * N + c]).toBe(at(img, r, c - 1));
        expect(down[r * N + c]).toBe(at(img, r - 1, c));
      }
  });

  it('a 90° rotation turns the image counter-clockwise about its centre', () => {
    // Turning counter-clockwise, the right edge goes to the top: output (r, c) shows source
    // pixel (c, 27 − r).
    const subset = digits();
    const img = plain(subset, 3);
    const turned = warped(subset, 3, { ...IDENTITY, angle: Math.PI / 2 });
    for (let r = 0; r < N; r++)
      for (let c = 0; c < N; c++) expect(turned[r * N + c]).toBeCloseTo(at(img, c, N - 1 - r), 6);
  });

  it('moves a single dot where the forward transform (scale, shear, rotate, shift) sends it', () => {
    const d: Distortion = { angle: 0.3, scale: 1.1, shear: 0.2, shiftX: 1.5, shiftY: -0.75 };
    const c = (N - 1) / 2;
    // A dot at (x, y) = (17, 11), relative to the centre: scale, then x += shear·y, then turn
    // counter-clockwise on screen (y points down), then shift.
    let [x, y] = [17 - c, 11 - c];
    [x, y] = [d.scale * x, d.scale * y];
    x += d.shear * y;
    [x, y] = [
      Math.cos(d.angle) * x + Math.sin(d.angle) * y,
      -Math.sin(d.angle) * x + Math.cos(d.angle) * y,
    ];
    const [qx, qy] = [x + c + d.shiftX, y + c + d.shiftY];
    // The map takes that destination point back to the dot.
    const m = sourceMap(d, N, N);
    expect(m.xx * qx + m.xy * qy + m.x0).toBeCloseTo(17, 10);
    expect(m.yx * qx + m.yy * qy + m.y0).toBeCloseTo(11, 10);
  });

  it('scaling about the centre by 2 doubles every distance from it', () => {
    const m = sourceMap({ ...IDENTITY, scale: 2 }, N, N);
    // Output (x, y) reads the source at the centre + half its offset.
    expect(m.xx * 27.5 + m.xy * 13.5 + m.x0).toBeCloseTo(13.5 + 7, 12);
    expect(m.yx * 13.5 + m.yy * -0.5 + m.y0).toBeCloseTo(13.5 - 7, 12);
  });

  it('shows black (0) where the source lies outside the image', () => {
    const subset = digits();
    const gone = warped(subset, 0, { ...IDENTITY, shiftX: 40 });
    expect(gone.every((v) => v === 0)).toBe(true);
  });
});

describe('sampleBilinear', () => {
  // A 2×3 image:  10  20  30
  //               40  50  60
  const image = Uint8Array.from([10, 20, 30, 40, 50, 60]);
  const sample = (x: number, y: number) => sampleBilinear(image, 0, 2, 3, x, y);

  it.each<[string, number, number, number]>([
    ['a pixel centre gives its byte', 1, 1, 50],
    ['halfway between two pixels in a row', 0.5, 0, 15],
    ['a quarter of the way down a column', 2, 0.25, 37.5],
    ['the middle of four pixels: their mean', 1.5, 0.5, (20 + 30 + 50 + 60) / 4],
    [
      'weights (1 − fx)(1 − fy), fx(1 − fy), (1 − fx)fy, fx·fy',
      0.25,
      0.75,
      0.1875 * 10 + 0.0625 * 20 + 0.5625 * 40 + 0.1875 * 50,
    ],
    ['half a pixel left of the image: half of the edge pixel, half black', -0.5, 0, 5],
    ['half a pixel below the image', 2, 1.5, 30],
    ['well outside: black', -3, 7, 0],
  ])('%s', (_name, x, y, expected) => {
    expect(sample(x, y)).toBeCloseTo(expected, 10);
  });

  it('matches the definition Σ p·max(0, 1 − |x − col|)·max(0, 1 − |y − row|) anywhere', () => {
    const subset = digits();
    const { images } = subset.set;
    const rng = new Rng(7);
    const tent = (d: number) => Math.max(0, 1 - Math.abs(d));
    for (let k = 0; k < 200; k++) {
      const x = rng.uniform() * 32 - 2;
      const y = rng.uniform() * 32 - 2;
      let expected = 0;
      for (let r = 0; r < N; r++)
        for (let c = 0; c < N; c++)
          expected += images[PIXELS + r * N + c] * tent(x - c) * tent(y - r);
      expect(sampleBilinear(images, PIXELS, N, N, x, y)).toBeCloseTo(expected, 9);
    }
  });
});

describe('thickenStrokes', () => {
  /** The 3×3 max filter written out: every pixel the largest of its in-image neighbours. */
  function dilated(img: Float32Array): Float32Array {
    const out = new Float32Array(PIXELS);
    for (let r = 0; r < N; r++)
      for (let c = 0; c < N; c++) {
        let m = 0;
        for (let dr = -1; dr <= 1; dr++)
          for (let dc = -1; dc <= 1; dc++) m = Math.max(m, at(img, r + dr, c + dc));
        out[r * N + c] = m;
      }
    return out;
  }

  const thickened = (img: Float32Array, t: number): Float32Array => {
    const out = img.slice();
    thickenStrokes(out, 0, N, N, t, new Float32Array(PIXELS));
    return out;
  };

  /** A vertical line one pixel wide, full ink, down column 14 from row 5 to row 22. */
  function line(): Float32Array {
    const img = new Float32Array(PIXELS);
    for (let r = 5; r <= 22; r++) img[r * N + 14] = 1;
    return img;
  }

  it('at t = 0 changes nothing, bit for bit', () => {
    const subset = digits();
    for (let i = 0; i < 16; i++) {
      const img = plain(subset, i);
      expect(firstBitDifference(thickened(img, 0), img)).toBe(-1);
    }
  });

  it('at t = 1 is the 3×3 max filter, at 0 < t < 1 that far from the image towards it', () => {
    const subset = digits();
    for (let i = 0; i < 16; i++) {
      const img = plain(subset, i);
      const max = dilated(img);
      expect(firstBitDifference(thickened(img, 1), max)).toBe(-1);
      const t = 0.3 + i * 0.02;
      expectAllClose(
        thickened(img, t),
        img.map((v, k) => v + t * (max[k] - v)),
        1e-6,
      );
    }
  });

  it('widens a one-pixel line to three, and only by a rim of t next to it', () => {
    const full = thickened(line(), 1);
    const rim = thickened(line(), 0.4);
    for (let r = 0; r < N; r++)
      for (let c = 0; c < N; c++) {
        const near = r >= 4 && r <= 23 && c >= 13 && c <= 15; // the line and its 3×3 neighbours
        const onLine = r >= 5 && r <= 22 && c === 14;
        expect(full[r * N + c]).toBe(near ? 1 : 0);
        expect(rim[r * N + c]).toBeCloseTo(onLine ? 1 : near ? 0.4 : 0, 6);
      }
    // The stroke's width, ink per row across the middle: 1 → 1 + 2t.
    const width = (img: Float32Array) => img.subarray(14 * N, 15 * N).reduce((s, v) => s + v, 0);
    expect(width(line())).toBe(1);
    expect(width(full)).toBe(3);
    expect(width(rim)).toBeCloseTo(1.8, 6);
  });

  it('keeps values in [0, 1] and never takes ink away', () => {
    const subset = digits();
    const rng = new Rng(11);
    for (let i = 0; i < 16; i++) {
      const img = plain(subset, i);
      const got = thickened(img, rng.uniform());
      expect(got.every((v) => v >= 0 && v <= 1)).toBe(true);
      expect(got.every((v, k) => v >= img[k])).toBe(true);
    }
  });

  it('works on one image of a batch in place, leaving the images either side alone', () => {
    const batchOf3 = new Float32Array(3 * PIXELS);
    batchOf3.set(line(), 0);
    batchOf3.set(line(), PIXELS);
    batchOf3.set(line(), 2 * PIXELS);
    thickenStrokes(batchOf3, PIXELS, N, N, 1, new Float32Array(PIXELS));
    expect(firstBitDifference(batchOf3.subarray(0, PIXELS), line())).toBe(-1);
    expect(firstBitDifference(batchOf3.subarray(PIXELS, 2 * PIXELS), dilated(line()))).toBe(-1);
    expect(firstBitDifference(batchOf3.subarray(2 * PIXELS), line())).toBe(-1);
  });
});

describe('ElasticField', () => {
  /** The field as Simard et al. describe it, smoothing every pixel with the full 2-D Gaussian. */
  function referenceField(rng: Rng, alpha: number, sigma: number): Float64Array {
    const noise = Float64Array.from({ length: PIXELS }, () => 2 * rng.uniform() - 1);
    const k = gaussianKernel(sigma);
    const radius = (k.length - 1) / 2;
    const out = new Float64Array(PIXELS);
    for (let r = 0; r < N; r++)
      for (let c = 0; c < N; c++) {
        let s = 0;
        for (let rr = 0; rr < N; rr++)
          for (let cc = 0; cc < N; cc++) {
            const dr = rr - r + radius;
            const dc = cc - c + radius;
            if (dr >= 0 && dr < k.length && dc >= 0 && dc < k.length)
              s += k[dr] * k[dc] * noise[rr * N + cc];
          }
        out[r * N + c] = alpha * s;
      }
    return out;
  }

  it('is exact at the knots and close in between (step 2, α = 34, σ = 4)', () => {
    const field = new Float64Array(PIXELS);
    let squaredError = 0;
    let squaredSize = 0;
    let worst = 0;
    for (const seed of [1, 2, 3, 4, 5]) {
      new ElasticField(N, N).draw(new Rng(seed), field);
      const reference = referenceField(new Rng(seed), 34, 4);
      for (let r = 0; r < N; r++)
        for (let c = 0; c < N; c++) {
          const i = r * N + c;
          if (r % 2 === 0 && c % 2 === 0) expect(field[i]).toBeCloseTo(reference[i], 10);
          const error = Math.abs(field[i] - reference[i]);
          squaredError += error * error;
          squaredSize += reference[i] * reference[i];
          worst = Math.max(worst, error);
        }
    }
    // Displacements of about 1.3 px (RMS), off by a few hundredths of a pixel (RMS).
    const rms = Math.sqrt(squaredSize / (5 * PIXELS));
    expect(rms).toBeGreaterThan(1);
    expect(rms).toBeLessThan(1.6);
    expect(Math.sqrt(squaredError / squaredSize)).toBeLessThan(0.05);
    expect(worst).toBeLessThan(0.3);
  });

  it('smooths every pixel when the step is 1', () => {
    const field = new Float64Array(PIXELS);
    new ElasticField(N, N, 34, 4, 1).draw(new Rng(5), field);
    expectAllClose(field, referenceField(new Rng(5), 34, 4), 1e-10);
  });
});

describe('Augmenter', () => {
  const batch = (aug: Augmentation, seed: number, subset = digits()) => {
    const augmenter = new Augmenter(aug, N, N, seed);
    const x = new Float32Array(16 * PIXELS);
    const labels = new Uint8Array(16);
    augmenter.gatherBatch(subset, null, 0, 16, x, labels);
    return { x, labels, augmenter };
  };

  it('draws each distortion uniformly within its limits, either way', () => {
    const augmenter = new Augmenter(DEFAULT_AUGMENTATION, N, N, 1);
    const draws = Array.from({ length: 4000 }, () => augmenter.drawDistortion());
    const range = (f: (d: Distortion) => number) => [
      Math.min(...draws.map(f)),
      Math.max(...draws.map(f)),
    ];
    const [lo, hi] = range((d) => (d.angle * 180) / Math.PI);
    expect(lo).toBeGreaterThanOrEqual(-12);
    expect(lo).toBeLessThan(-11.9);
    expect(hi).toBeLessThanOrEqual(12);
    expect(hi).toBeGreaterThan(11.9);
    const [s0, s1] = range((d) => d.scale);
    expect(s0).toBeGreaterThanOrEqual(0.88);
    expect(s1).toBeLessThanOrEqual(1.12);
    expect(s1 - s0).toBeGreaterThan(0.238);
    for (const f of [(d: Distortion) => d.shiftX, (d: Distortion) => d.shiftY]) {
      const [a, b] = range(f);
      expect(Math.max(-a, b)).toBeLessThanOrEqual(2.5);
      expect(Math.min(-a, b)).toBeGreaterThan(2.49);
    }
    const mean = draws.reduce((s, d) => s + d.shear, 0) / draws.length;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.max(...draws.map((d) => Math.abs(d.shear)))).toBeLessThanOrEqual(0.15);
  });

  it('with every distortion at 0 gathers exactly what gatherBatch gathers', () => {
    const still = { rotation: 0, scale: 0, shift: 0, shear: 0, elastic: false };
    const x = new Float32Array(16 * PIXELS);
    const labels = new Uint8Array(16);
    gatherBatch(digits(), null, 0, 16, x, labels);
    const got = batch(still, 1);
    expect(firstBitDifference(got.x, x)).toBe(-1);
    expect(got.labels).toEqual(labels);
  });

  it.each([false, true])(
    'is seeded: the same seed gives the same batch (elastic %s)',
    (elastic) => {
      const aug = { ...DEFAULT_AUGMENTATION, elastic };
      expect(firstBitDifference(batch(aug, 3).x, batch(aug, 3).x)).toBe(-1);
      expect(firstBitDifference(batch(aug, 3).x, batch(aug, 4).x)).not.toBe(-1);
    },
  );

  it('keeps labels, pixel values in [0, 1] and most of the ink', () => {
    const subset = digits();
    const x = new Float32Array(16 * PIXELS);
    const labels = new Uint8Array(16);
    gatherBatch(subset, null, 0, 16, x, labels);
    for (const elastic of [false, true]) {
      const got = batch({ ...DEFAULT_AUGMENTATION, elastic }, 9, subset);
      expect(got.labels).toEqual(labels);
      expect(got.x.every((v) => v >= 0 && v <= 1)).toBe(true);
      expect(firstBitDifference(got.x, x)).not.toBe(-1);
      for (let i = 0; i < 16; i++) {
        const ink = (a: Float32Array) =>
          a.subarray(i * PIXELS, (i + 1) * PIXELS).reduce((s, v) => s + v, 0);
        // Area changes with scale² (0.77 to 1.25) and a little is lost to interpolation.
        expect(ink(got.x) / ink(x)).toBeGreaterThan(0.6);
        expect(ink(got.x) / ink(x)).toBeLessThan(1.4);
      }
    }
  });

  it('draws each stroke thickening uniformly from 0 to its limit, and none when it is 0 or absent', () => {
    const augmenter = new Augmenter({ ...DEFAULT_AUGMENTATION, thickness: 0.45 }, N, N, 1);
    const draws = Array.from({ length: 4000 }, () => augmenter.drawThickening());
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.min(...draws)).toBeLessThan(0.01);
    expect(Math.max(...draws)).toBeLessThan(0.45);
    expect(Math.max(...draws)).toBeGreaterThan(0.44);
    expect(draws.reduce((s, t) => s + t, 0) / draws.length).toBeCloseTo(0.225, 2);
    for (const aug of [DEFAULT_AUGMENTATION, { ...DEFAULT_AUGMENTATION, thickness: 0 }])
      expect(new Augmenter(aug, N, N, 1).drawThickening()).toBe(0);
  });

  it('with thickness 0 or absent distorts exactly as before thickening existed', () => {
    // Nothing is drawn for it, so the stream of affine and elastic draws is unchanged.
    for (const elastic of [false, true]) {
      const before = batch({ ...DEFAULT_AUGMENTATION, elastic }, 5).x;
      const zero = batch({ ...DEFAULT_AUGMENTATION, elastic, thickness: 0 }, 5).x;
      expect(firstBitDifference(zero, before)).toBe(-1);
    }
  });

  it('thickens each image by its own draw, between the plain image and its dilation', () => {
    const subset = digits();
    const still = { rotation: 0, scale: 0, shift: 0, shear: 0, elastic: false };
    const got = batch({ ...still, thickness: 1 }, 2, subset).x;
    const scratch = new Float32Array(PIXELS);
    const blends: number[] = [];
    for (let i = 0; i < 16; i++) {
      const img = plain(subset, i);
      const max = img.slice();
      thickenStrokes(max, 0, N, N, 1, scratch);
      const out = got.subarray(i * PIXELS, (i + 1) * PIXELS);
      expect(out.every((v, k) => v >= img[k] && v <= max[k])).toBe(true);
      // The one blend factor that takes this image to what the Augmenter gathered.
      let k = 0;
      while (max[k] - img[k] < 0.5) k++;
      const t = (out[k] - img[k]) / (max[k] - img[k]);
      expectAllClose(
        out,
        img.map((v, j) => v + t * (max[j] - v)),
        1e-6,
      );
      blends.push(t);
    }
    // A fresh draw for every image, spread over [0, 1].
    expect(new Set(blends.map((t) => t.toFixed(4))).size).toBe(16);
    expect(Math.min(...blends)).toBeLessThan(0.3);
    expect(Math.max(...blends)).toBeGreaterThan(0.7);
  });

  it('is seeded with thickening too, which changes the batch', () => {
    const aug = { ...DEFAULT_AUGMENTATION, thickness: 0.45 };
    expect(firstBitDifference(batch(aug, 3).x, batch(aug, 3).x)).toBe(-1);
    expect(firstBitDifference(batch(aug, 3).x, batch(aug, 4).x)).not.toBe(-1);
    expect(firstBitDifference(batch(aug, 3).x, batch(DEFAULT_AUGMENTATION, 3).x)).not.toBe(-1);
    expect(batch(aug, 3).x.every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it('draws a fresh distortion every time an image comes round again', () => {
    const augmenter = new Augmenter(DEFAULT_AUGMENTATION, N, N, 1);
    const subset = digits();
    const a = new Float32Array(PIXELS);
    const b = new Float32Array(PIXELS);
    augmenter.gatherBatch(subset, null, 0, 1, a, new Uint8Array(1));
    augmenter.gatherBatch(subset, null, 0, 1, b, new Uint8Array(1));
    expect(firstBitDifference(a, b)).not.toBe(-1);
  });
});
