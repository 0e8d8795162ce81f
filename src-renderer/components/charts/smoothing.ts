// Smoothing for noisy curves, as TensorBoard does it: an exponential moving average whose start
// is debiased. A plain EMA begins at 0 and so drags the first points towards 0; dividing by
// 1 − βᵗ (t = values seen so far) removes that bias, the way Adam corrects its moments.
// A trailing moving average is the other common choice: the mean of the last few points.

/** Smooths `values` with weight β in [0, 1): 0 leaves them as they are, 0.99 smooths hard.
 * Gaps (null) and non-finite values stay as they are and do not count as seen. */
export function smooth(values: readonly (number | null)[], weight: number): (number | null)[] {
  const beta = Math.min(Math.max(weight, 0), 0.999);
  if (beta === 0) return values.slice();
  let average = 0;
  let seen = 0;
  return values.map((v) => {
    if (v === null || !Number.isFinite(v)) return v;
    average = beta * average + (1 - beta) * v;
    seen++;
    return average / (1 - beta ** seen);
  });
}

/** Smooths `values` with the plain mean of the last `window` values seen (this one included):
 * 1 leaves them as they are. Gaps (null) and non-finite values stay as they are and are not
 * counted, so a window never reaches across them into a mean of nothing. Unlike the EMA, every
 * value in the window weighs the same and older ones stop counting at once. */
export function movingAverage(
  values: readonly (number | null)[],
  window: number,
): (number | null)[] {
  const size = Math.max(1, Math.floor(window));
  const recent: number[] = [];
  let sum = 0;
  return values.map((v) => {
    if (v === null || !Number.isFinite(v)) return v;
    recent.push(v);
    sum += v;
    if (recent.length > size) sum -= recent.shift() as number;
    return sum / recent.length;
  });
}

/** How a chart smooths its curves: not at all, by the debiased EMA at a weight in [0, 1), or by
 * a trailing moving average over a window of points. */
export type Smoothing =
  | { readonly kind: 'off' }
  | { readonly kind: 'ema'; readonly weight: number }
  | { readonly kind: 'average'; readonly window: number };

export function smoothWith(values: readonly (number | null)[], s: Smoothing): (number | null)[] {
  switch (s.kind) {
    case 'off':
      return values.slice();
    case 'ema':
      return smooth(values, s.weight);
    case 'average':
      return movingAverage(values, s.window);
  }
}

/** Whether `s` changes anything (a weight of 0 and a window of 1 do not). */
export const smooths = (s: Smoothing): boolean =>
  (s.kind === 'ema' && s.weight > 0) || (s.kind === 'average' && s.window > 1);
