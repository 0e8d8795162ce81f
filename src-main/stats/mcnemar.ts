// McNemar's exact test: do two classifiers, tested on the same images, differ in accuracy? Only
// the images one reads right and the other wrong carry evidence (b: A right, B wrong; c: B
// right, A wrong). If neither is better, each such image is a fair coin between them, so b is
// Binomial(b + c, ½), and the two-sided p-value is that binomial's exact test (McNemar, 1947;
// the exact form as in Fagerland, Lydersen & Laake, BMC Med Res Methodol 13:91, 2013): by
// symmetry, twice the smaller tail, 2 · P(X ≤ min(b, c)), at most 1.

import { regularizedBeta } from './incomplete-beta.ts';

export interface Discordance {
  /** A right, B wrong. */
  readonly b: number;
  /** B right, A wrong. */
  readonly c: number;
  readonly bothRight: number;
  readonly bothWrong: number;
}

/** Counts the four cells from two per-image correctness lists (1 = right) of the same images. */
export function discordance(aRight: Uint8Array, bRight: Uint8Array): Discordance {
  if (aRight.length !== bRight.length)
    throw new RangeError(
      `McNemar's test needs answers on the same images: ${aRight.length} and ${bRight.length}`,
    );
  let b = 0;
  let c = 0;
  let bothRight = 0;
  for (let i = 0; i < aRight.length; i++) {
    if (aRight[i] && bRight[i]) bothRight++;
    else if (aRight[i]) b++;
    else if (bRight[i]) c++;
  }
  return { b, c, bothRight, bothWrong: aRight.length - b - c - bothRight };
}

/** Two-sided exact p-value of b among b + c at one half; 1 when no image is discordant. */
export function mcnemarExactP(b: number, c: number): number {
  for (const [name, v] of [
    ['b', b],
    ['c', c],
  ] as const)
    if (!Number.isInteger(v) || v < 0)
      throw new RangeError(`McNemar's ${name} must be a count (a whole number ≥ 0), got ${v}`);
  if (b + c === 0) return 1;
  const n = b + c;
  const k = Math.min(b, c);
  // P(X ≤ k) for X ~ Binomial(n, p) is I_{1−p}(n − k, k + 1) (Numerical Recipes, eq. 6.4.12).
  return Math.min(1, 2 * regularizedBeta(0.5, n - k, k + 1));
}
