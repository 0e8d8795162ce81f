// A bootstrap interval of mean(B) − mean(A) (Efron, 1979): draw each side's runs again with
// replacement, as many as it has, take the difference of the two means, and repeat; the middle
// 95% of those differences (the percentile interval, Efron & Tibshirani, "An Introduction to
// the Bootstrap", 1993, ch. 13) is the interval. It assumes no shape of the values, only that
// the runs stand for their settings; with few runs it is narrower than it should be.
// Seeded, so the same runs give the same interval every time.

import { Rng } from '../../src-core/rng.ts';

export const BOOTSTRAP_RESAMPLES = 10_000;
/** Resamples × values drawn per resample: the work one interval may take. */
const MAX_DRAWS = 10_000_000;
const SEED = 0xb007;

export function bootstrapDifference(
  a: readonly number[],
  b: readonly number[],
  resamples = BOOTSTRAP_RESAMPLES,
  seed = SEED,
): readonly [number, number] {
  if (a.length === 0 || b.length === 0)
    throw new RangeError('a bootstrap interval needs at least one value on each side');
  if (
    !Number.isInteger(resamples) ||
    resamples < 1 ||
    resamples * (a.length + b.length) > MAX_DRAWS
  )
    throw new RangeError(
      `a bootstrap takes 1 to ${Math.floor(MAX_DRAWS / (a.length + b.length))} resamples here, got ${resamples}`,
    );
  const rng = new Rng(seed);
  const resampledMean = (xs: readonly number[]): number => {
    let sum = 0;
    for (let i = 0; i < xs.length; i++) sum += xs[rng.int(xs.length)];
    return sum / xs.length;
  };
  const differences = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) differences[r] = resampledMean(b) - resampledMean(a);
  differences.sort();
  return [quantile(differences, 0.025), quantile(differences, 0.975)];
}

/** The q-quantile of sorted values, interpolating between neighbours (R's default, type 7). */
export function quantile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const low = Math.floor(h);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low] + (h - low) * (sorted[high] - sorted[low]);
}
