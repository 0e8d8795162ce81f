// Student's t distribution with df degrees of freedom (df > 0, not necessarily whole: Welch's
// are not): the two-sided tail a t statistic leaves, and the quantile a confidence interval
// needs. P(|T| ≥ t) = I_{df/(df+t²)}(df/2, 1/2) (Abramowitz & Stegun 26.7.1 with 26.5.27).

import { regularizedBeta } from './incomplete-beta.ts';

/** P(|T| ≥ |t|): the two-sided p-value of t. */
export function twoSidedP(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`Student's t needs df > 0, got ${df}`);
  if (Number.isNaN(t)) throw new RangeError("Student's t of NaN has no p-value");
  if (!Number.isFinite(t)) return 0;
  return regularizedBeta(df / (df + t * t), df / 2, 0.5);
}

/** The t with P(T ≤ t) = q, for ½ ≤ q < 1: bisection on twoSidedP, which falls as t grows, to
 * the last bit (a confidence interval calls it once). */
export function tQuantile(q: number, df: number): number {
  if (!(q >= 0.5 && q < 1)) throw new RangeError(`a t quantile here is for ½ ≤ q < 1, got ${q}`);
  const target = 2 * (1 - q);
  let low = 0;
  let high = 1;
  while (twoSidedP(high, df) > target) {
    low = high;
    high *= 2;
  }
  for (let i = 0; i < 200 && high - low > 1e-15 * high; i++) {
    const mid = (low + high) / 2;
    if (twoSidedP(mid, df) > target) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}
