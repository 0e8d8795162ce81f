// Welch's t-test: do two groups of runs differ in their mean? Unlike Student's t-test it does not
// assume both groups spread alike (a faster optimiser often varies more over seeds):
//   t = (mean(B) − mean(A)) / √(s²_A/n_A + s²_B/n_B)
// with the Welch–Satterthwaite degrees of freedom
//   df = (s²_A/n_A + s²_B/n_B)² / ((s²_A/n_A)²/(n_A − 1) + (s²_B/n_B)²/(n_B − 1))
// (Welch, Biometrika 34, 1947), and p the two-sided tail of Student's t with df. The interval
// of the difference is difference ± t(0.975, df) · se. R's t.test(b, a) computes the same.

import { mean, sampleStd } from '../../src-core/stats/summary.ts';
import { tQuantile, twoSidedP } from './student-t.ts';

export interface WelchResult {
  /** Positive when B's mean is the larger. */
  readonly t: number;
  readonly df: number;
  /** Two-sided. */
  readonly p: number;
  /** mean(B) − mean(A). */
  readonly difference: number;
  /** 95% confidence interval of that difference: difference ± t(0.975, df) · se. It excludes 0
   * exactly when p < 0.05. */
  readonly interval95: readonly [number, number];
}

export function welchTest(a: readonly number[], b: readonly number[]): WelchResult {
  if (a.length < 2 || b.length < 2)
    throw new RangeError(
      `Welch's t-test needs at least 2 values on each side, got ${a.length} and ${b.length}`,
    );
  if (!hasSpread(a) && !hasSpread(b))
    throw new RangeError("Welch's t-test needs some spread: every value on both sides is equal");
  // The squared standard error of each side's mean.
  const va = sampleStd(a) ** 2 / a.length;
  const vb = sampleStd(b) ** 2 / b.length;
  const se = Math.sqrt(va + vb);
  const difference = mean(b) - mean(a);
  const t = difference / se;
  const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  const half = tQuantile(0.975, df) * se;
  return {
    t,
    df,
    p: twoSidedP(t, df),
    difference,
    interval95: [difference - half, difference + half],
  };
}

/** Whether the values are not all equal (with none, the t statistic is 0 / 0). */
export function hasSpread(xs: readonly number[]): boolean {
  return xs.some((x) => x !== xs[0]);
}
