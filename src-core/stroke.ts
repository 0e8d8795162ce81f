// Stroke weight. MNIST's writers used pens on paper, and after normalisation their strokes are
// about 2.5 px wide (the median by strokeWidth below; a tenth of the digits are under 1.9 px).
// A 1-px line drawn on a big canvas would shrink to a faint hairline, far from anything the
// network has seen, so thin strokes are thickened before scaling: every pixel within a radius
// of the stroke becomes ink (a dilation by a disc, computed with a distance transform).

import type { InkImage } from './ink.ts';

/**
 * A rough stroke width in pixels: for a stroke of width w and length L the ink's mass is w·L and
 * its outline about 2·L, so w ≈ 2·mass / outline. The outline is measured as the total
 * variation (the sum of |differences| between 4-neighbours), which for strokes of every
 * direction averages 4/π times the true length, hence 8·mass / (π·variation).
 */
export function strokeWidth(ink: Float32Array, width: number, height: number): number {
  let mass = 0;
  let variation = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = ink[y * width + x];
      mass += v;
      // Each pixel against its right and lower neighbour; the image's edges count as blank.
      variation += Math.abs(v - (x + 1 < width ? ink[y * width + x + 1] : 0));
      variation += Math.abs(v - (y + 1 < height ? ink[(y + 1) * width + x] : 0));
      if (x === 0) variation += v;
      if (y === 0) variation += v;
    }
  }
  return variation === 0 ? 0 : (8 * mass) / (Math.PI * variation);
}

/**
 * Adds `radius` pixels on each side of every stroke: a pixel whose centre lies within `radius` of
 * a stroke pixel's centre (ink ≥ 0.5) becomes ink, with a one-pixel soft edge so the grown outline
 * stays anti-aliased. Existing ink is never lightened. The result has ⌈radius + 0.5⌉ more pixels on
 * every side, so strokes can grow past the old edges.
 */
export function thicken(
  ink: Float32Array,
  width: number,
  height: number,
  radius: number,
): InkImage {
  const pad = Math.ceil(radius + 0.5);
  const w = width + 2 * pad;
  const h = height + 2 * pad;
  const out = new Float32Array(w * h);
  const far = 1e20; // "no stroke here" for the distance transform (Infinity would give NaN)
  const dist2 = new Float64Array(w * h).fill(far);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = ink[y * width + x];
      const p = (y + pad) * w + x + pad;
      out[p] = v;
      if (v >= 0.5) dist2[p] = 0;
    }
  }
  squaredDistances(dist2, w, h);
  for (let p = 0; p < out.length; p++) {
    const grown = Math.min(1, Math.max(0, radius + 0.5 - Math.sqrt(dist2[p])));
    if (grown > out[p]) out[p] = grown;
  }
  return { ink: out, width: w, height: h };
}

/**
 * Exact squared Euclidean distance to the nearest zero, in place, for an image holding 0 at
 * stroke pixels and a huge value elsewhere. Felzenszwalb & Huttenlocher's method: a 1-D pass down
 * every column, then one along every row; each pass is the lower envelope of the parabolas
 * (q − p)² + f(p), so the whole transform costs time linear in the pixels.
 */
function squaredDistances(d: Float64Array, width: number, height: number): void {
  const n = Math.max(width, height);
  const f = new Float64Array(n);
  const out = new Float64Array(n);
  const v = new Int32Array(n);
  const z = new Float64Array(n + 1);
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) f[y] = d[y * width + x];
    envelope(f, height, out, v, z);
    for (let y = 0; y < height; y++) d[y * width + x] = out[y];
  }
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) f[x] = d[row + x];
    envelope(f, width, out, v, z);
    for (let x = 0; x < width; x++) d[row + x] = out[x];
  }
}

/** 1-D squared distance transform of f[0..n) into out; v and z are scratch (parabola apexes and
 * the boundaries between them). */
function envelope(f: Float64Array, n: number, out: Float64Array, v: Int32Array, z: Float64Array) {
  let k = 0;
  v[0] = 0;
  z[0] = -Infinity;
  z[1] = Infinity;
  for (let q = 1; q < n; q++) {
    // Where the parabola from q overtakes the rightmost one on the envelope.
    let s = (f[q] + q * q - (f[v[k]] + v[k] * v[k])) / (2 * (q - v[k]));
    while (s <= z[k]) {
      k--;
      s = (f[q] + q * q - (f[v[k]] + v[k] * v[k])) / (2 * (q - v[k]));
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1] < q) k++;
    out[q] = (q - v[k]) ** 2 + f[v[k]];
  }
}
