// The plain summaries of a list of numbers that tables and comparisons show: mean, sample
// standard deviation, minimum and maximum. Each refuses a list too short to have one, rather than
// answering NaN that a table would print as a number.

/** n, mean, sample std (null for a single value), min and max of some numbers. */
export interface Summary {
  readonly n: number;
  readonly mean: number;
  /** The sample standard deviation (divides by n − 1): null when n is 1. */
  readonly std: number | null;
  readonly min: number;
  readonly max: number;
}

function needs(xs: readonly number[], n: number, what: string): void {
  if (xs.length < n)
    throw new RangeError(
      `${what} needs at least ${n} value${n === 1 ? '' : 's'}, got ${xs.length}`,
    );
}

export function mean(xs: readonly number[]): number {
  needs(xs, 1, 'a mean');
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}

/** √(Σ(x − mean)² / (n − 1)): the spread of a sample, unbiased in its variance. Two passes, so
 * values far from 0 (times in seconds) lose no precision to cancellation. */
export function sampleStd(xs: readonly number[]): number {
  needs(xs, 2, 'a sample standard deviation');
  const m = mean(xs);
  let squares = 0;
  for (const x of xs) squares += (x - m) * (x - m);
  return Math.sqrt(squares / (xs.length - 1));
}

export function min(xs: readonly number[]): number {
  needs(xs, 1, 'a minimum');
  let low = xs[0];
  for (const x of xs) if (x < low) low = x;
  return low;
}

export function max(xs: readonly number[]): number {
  needs(xs, 1, 'a maximum');
  let high = xs[0];
  for (const x of xs) if (x > high) high = x;
  return high;
}

/** Every summary of `xs` at once, or null when there are none. */
export function summarize(xs: readonly number[]): Summary | null {
  if (xs.length === 0) return null;
  return {
    n: xs.length,
    mean: mean(xs),
    std: xs.length < 2 ? null : sampleStd(xs),
    min: min(xs),
    max: max(xs),
  };
}
