// How a test's numbers read: a p-value to three significant digits ("< 0.001" below that, where
// more digits would claim a precision the test does not have), a difference of accuracies in
// percentage points as the sentence says it, with a true minus sign.

import { loss } from '../../lib/format.ts';

export function pValue(p: number): string {
  if (!Number.isFinite(p)) return '–';
  if (p < 0.001) return '< 0.001';
  return String(Number(p.toPrecision(3)));
}

/** B − A of a summary value: "−4.57 points" for accuracies, "+0.0123" for losses. */
export function differenceText(d: number, isLoss: boolean): string {
  if (!Number.isFinite(d)) return '–';
  const sign = d < 0 ? '−' : d > 0 ? '+' : '';
  return isLoss ? `${sign}${loss(Math.abs(d))}` : `${sign}${(Math.abs(d) * 100).toFixed(2)} points`;
}

/** `v` to `digits` decimals with a true minus sign: "−6.326". */
export const decimals = (v: number, digits: number): string =>
  Number.isFinite(v) ? v.toFixed(digits).replace(/^-/, '−') : '–';
