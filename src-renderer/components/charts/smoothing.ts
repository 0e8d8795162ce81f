// Smoothing for noisy curves, as TensorBoard does it: an exponential moving average whose start
// is debiased. A plain EMA begins at 0 and so drags the first points towards 0; dividing by
// 1 − βᵗ (t = values seen so far) removes that bias, the way Adam corrects its moments.

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
