// Welch's t-test: do two groups of runs differ in their mean? Unlike Student's t-test it does not
// assume both groups spread alike (a faster optimiser often varies more over seeds):
//   t = (mean(B) − mean(A)) / √(s²_A/n_A + s²_B/n_B)
// with the Welch–Satterthwaite degrees of freedom
//   df = (s²_A/n_A + s²_B/n_B)² / ((s²_A/n_A)²/(n_A − 1) + (s²_B/n_B)²/(n_B − 1))
// (Welch, Biometrika 34, 1947). R's t.test(b, a) computes the same.

import ttest2 from '@stdlib/stats-ttest2';

export interface WelchResult {
  /** Positive when B's mean is the larger. */
  readonly t: number;
  readonly df: number;
  /** Two-sided. */
  readonly p: number;
  /** mean(B) − mean(A). */
  readonly difference: number;
}

export function welchTest(a: readonly number[], b: readonly number[]): WelchResult {
  if (a.length < 2 || b.length < 2)
    throw new RangeError(
      `Welch's t-test needs at least 2 values on each side, got ${a.length} and ${b.length}`,
    );
  if (!hasSpread(a) && !hasSpread(b))
    throw new RangeError("Welch's t-test needs some spread: every value on both sides is equal");
  const r = ttest2([...b], [...a], { variance: 'unequal' });
  return { t: r.statistic, df: r.df, p: r.pValue, difference: r.xmean - r.ymean };
}

/** Whether the values are not all equal (with none, the t statistic is 0 / 0). */
export function hasSpread(xs: readonly number[]): boolean {
  return xs.some((x) => x !== xs[0]);
}
