// The one plain sentence a comparison ends with: what the test found and how likely chance alone
// would give it, or why no test could be made. Written for a learner, not a statistician: the
// numbers behind it are shown beside it (contract/comparison.ts).

import type { McNemarTest, WelchTest } from '../contract/comparison.ts';

export type Side = 'A' | 'B';

/** Below this, a p-value reads as "unlikely to be chance" (the customary 5%). */
const SIGNIFICANT = 0.05;

export function mcnemarSentence(test: McNemarTest): string {
  const { b, c, p } = test;
  if (b + c === 0)
    return 'A and B read exactly the same test images right: no image tells them apart (p = 1).';
  return `B reads ${images(c)} right that A misses and A ${b} that B misses: ${pValue(p)}, ${chance(p)}.`;
}

/** `label` names the compared value in lower case ("final test accuracy"); accuracies are
 * told in points (percentage points), other values as they are. */
export function welchSentence(test: WelchTest, label: string, accuracy: boolean): string {
  const scale = accuracy ? 100 : 1;
  const unit = accuracy ? ' points' : '';
  const { difference, interval95, t, df, p } = test;
  const [low, high] = difference < 0 ? [-interval95[1], -interval95[0]] : interval95;
  const interval = `95% interval ${figure(low * scale)} to ${figure(high * scale)}${unit}`;
  const how =
    difference === 0
      ? `the same as A's (${interval})`
      : `${figure(Math.abs(difference) * scale)}${unit} ${difference > 0 ? 'higher' : 'lower'} (${interval})`;
  const statistic = `Welch's t = ${figure(t)}, df = ${figure(df)}`;
  return `B's mean ${label} is ${how}: ${pValue(p)} (${statistic}), ${chance(p)}.`;
}

export const noTestResult = (runId: number, side: Side): string =>
  `Run ${runId} (${side}) has no test result yet, so there are no test answers to compare.`;

export const differentData = (): string =>
  "A and B were tested on different datasets: McNemar's test needs both read the same images.";

export const differentImages = (): string =>
  'A and B were tested on different images: their dataset has no test part, so each run held ' +
  "out its own share of it by its seed and test fraction. McNemar's test needs both read the " +
  'same images: give both the same seed and test fraction, or use a dataset with a test part.';

export const unreadable = (why: string): string =>
  `Their test answers could not be recomputed (${why}), so McNemar's test cannot be made.`;

export const tooFew = (side: Side, n: number, label: string): string =>
  `${side} has ${runs(n)} with a ${label}; a t-test needs at least 2 on each side.`;

export const noSpread = (label: string): string =>
  `Every run on both sides has the same ${label} as the others on its side: with no spread ` +
  'there is nothing to weigh the difference against.';

/** "Left out: 1 run of A and 2 runs of B without a test result." or nothing. */
export function leftOutNote(a: number, b: number): string {
  const parts = [...(a > 0 ? [`${runs(a)} of A`] : []), ...(b > 0 ? [`${runs(b)} of B`] : [])];
  return parts.length === 0 ? '' : `Left out: ${parts.join(' and ')} without a test result.`;
}

const chance = (p: number): string =>
  p < SIGNIFICANT ? 'unlikely to be chance' : 'could well be chance';

/** Two significant digits, more if two would round it across the 5% line; below 0.001, "< 0.001". */
export function pValue(p: number): string {
  if (p < 0.001) return 'p < 0.001';
  let digits = 2;
  while (digits < 6 && Number(p.toPrecision(digits)) < SIGNIFICANT !== p < SIGNIFICANT) digits++;
  return `p = ${Number(p.toPrecision(digits))}`;
}

/** Two significant digits, with a real minus sign. */
function figure(x: number): string {
  const text = String(Number(x.toPrecision(2)));
  return text.startsWith('-') ? `−${text.slice(1)}` : text;
}

const images = (n: number): string => `${n} image${n === 1 ? '' : 's'}`;
const runs = (n: number): string => `${n} run${n === 1 ? '' : 's'}`;
