// The 95% confidence interval of a mean from a few runs: mean ± t · s / √n, with t the 97.5%
// quantile of Student's t with n − 1 degrees of freedom (Student, 1908). With 3 runs t is 4.30,
// not the 1.96 of the normal: few runs leave the mean uncertain, and the interval says so.

import { tQuantile } from './student-t.ts';

export function meanInterval95(mean: number, std: number, n: number): readonly [number, number] {
  if (!Number.isInteger(n) || n < 2)
    throw new RangeError(`a confidence interval of a mean needs at least 2 values, got ${n}`);
  const half = (tQuantile(0.975, n - 1) * std) / Math.sqrt(n);
  return [mean - half, mean + half];
}
