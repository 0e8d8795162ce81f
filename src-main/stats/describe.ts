// Mean, sample standard deviation, minimum and maximum of some numbers, for a comparison's
// per-side statistics. src-core/stats/summary.ts (issue 13, another branch) holds the same
// summaries for the renderer's tables; when it lands this file gives way to it.

export interface Described {
  readonly n: number;
  readonly mean: number;
  /** Sample standard deviation (divides by n − 1); null for a single value. */
  readonly std: number | null;
  readonly min: number;
  readonly max: number;
}

/** The summaries of `xs`, or null when there are none. Two passes for the spread, so values far
 * from 0 (times in seconds) lose no precision to cancellation. */
export function describe(xs: readonly number[]): Described | null {
  if (xs.length === 0) return null;
  let sum = 0;
  let min = xs[0];
  let max = xs[0];
  for (const x of xs) {
    sum += x;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const mean = sum / xs.length;
  let squares = 0;
  for (const x of xs) squares += (x - mean) * (x - mean);
  const std = xs.length < 2 ? null : Math.sqrt(squares / (xs.length - 1));
  return { n: xs.length, mean, std, min, max };
}
