// The planes a 2D landscape is drawn on, and the training path's place on them.
// - Random directions, normalised per unit ("filter normalisation", Li et al. 2018): a
//   Gaussian direction whose incoming weights for each unit are scaled to the norm of that
//   unit's incoming weights in the network, biases left at zero (not moved), so a step of 1
//   changes every unit by as much as it weighs whatever the layer's scale.
// - The training path's own top two principal directions (Li et al. §7): random directions in
//   a space of 10⁵ dimensions are nearly orthogonal to the path, which then shows as a dot.

import type { LayerStack } from '../network.ts';
import { Rng } from '../rng.ts';
import { denseBlocks } from './layout.ts';

export function filterNormalizedDirection(
  stack: LayerStack,
  weights: ArrayLike<number>,
  rng: Rng,
): Float64Array {
  const d = new Float64Array(weights.length);
  for (const blk of denseBlocks(stack)) {
    const n = blk.outSize;
    for (let i = 0; i < blk.inSize * n; i++) d[blk.weights + i] = rng.normal();
    for (let j = 0; j < n; j++) {
      let own = 0;
      let drawn = 0;
      for (let i = 0; i < blk.inSize; i++) {
        const at = blk.weights + i * n + j;
        own += weights[at] * weights[at];
        drawn += d[at] * d[at];
      }
      const scale = drawn > 0 ? Math.sqrt(own / drawn) : 0;
      for (let i = 0; i < blk.inSize; i++) d[blk.weights + i * n + j] *= scale;
    }
  }
  return d;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** The least-squares coordinates (a, b) of x on the plane spanned by d1 and d2. */
export function projectOntoPlane(
  x: ArrayLike<number>,
  d1: ArrayLike<number>,
  d2: ArrayLike<number>,
): [number, number] {
  const [g11, g12, g22] = [dot(d1, d1), dot(d1, d2), dot(d2, d2)];
  const [r1, r2] = [dot(d1, x), dot(d2, x)];
  const det = g11 * g22 - g12 * g12;
  if (!(det > 0)) throw new Error('the two directions do not span a plane');
  return [(r1 * g22 - r2 * g12) / det, (r2 * g11 - r1 * g12) / det];
}

export interface PrincipalPlane {
  /** Unit vectors, orthogonal. */
  readonly d1: Float64Array;
  readonly d2: Float64Array;
  /** The share of the points' variance along each. */
  readonly explained: [number, number];
}

/** The top two principal directions of the points (each a difference of weights), centred on
 * their mean, found in the small space of the points' Gram matrix (T × T for T points). */
export function principalPlane(points: readonly Float64Array[]): PrincipalPlane {
  const t = points.length;
  if (t < 3) throw new Error(`a principal plane needs at least 3 points of the path, got ${t}`);
  const n = points[0].length;
  const mean = new Float64Array(n);
  for (const p of points) for (let i = 0; i < n; i++) mean[i] += p[i] / t;
  const centred = points.map((p) => p.map((v, i) => v - mean[i]));
  const gram = new Float64Array(t * t);
  for (let s = 0; s < t; s++)
    for (let u = s; u < t; u++) gram[s * t + u] = gram[u * t + s] = dot(centred[s], centred[u]);
  let trace = 0;
  for (let s = 0; s < t; s++) trace += gram[s * t + s];
  if (!(trace > 0)) throw new Error('the path does not move: every saved point is the same');
  const first = topEigen(gram, t, null);
  const second = topEigen(gram, t, first.vector);
  const direction = (v: Float64Array): Float64Array => {
    const d = new Float64Array(n);
    for (let s = 0; s < t; s++) for (let i = 0; i < n; i++) d[i] += v[s] * centred[s][i];
    const norm = Math.sqrt(dot(d, d));
    if (!(norm > 0)) throw new Error('the path lies on a line: it has no second direction');
    return d.map((x) => x / norm);
  };
  return {
    d1: direction(first.vector),
    d2: direction(second.vector),
    explained: [first.value / trace, second.value / trace],
  };
}

/** The largest eigenvalue of a symmetric positive semi-definite matrix and its eigenvector, by
 * power iteration; with `without`, in the space orthogonal to that eigenvector. */
function topEigen(
  m: Float64Array,
  t: number,
  without: Float64Array | null,
): { value: number; vector: Float64Array } {
  let v = Float64Array.from({ length: t }, (_, i) => 1 + i / t);
  let value = 0;
  for (let iter = 0; iter < 1000; iter++) {
    if (without !== null) {
      const p = dot(v, without);
      v = v.map((x, i) => x - p * without[i]);
    }
    const next = new Float64Array(t);
    for (let r = 0; r < t; r++) for (let c = 0; c < t; c++) next[r] += m[r * t + c] * v[c];
    const norm = Math.sqrt(dot(next, next));
    if (norm === 0) return { value: 0, vector: v };
    const normalised = next.map((x) => x / norm);
    const settled = Math.abs(norm - value) <= 1e-12 * norm;
    v = normalised;
    value = norm;
    if (settled) break;
  }
  return { value, vector: v };
}
