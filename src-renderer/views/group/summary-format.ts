// How a summary value reads in the group view: accuracies as percentages, losses as losses, and
// a spread as "97.12% ± 0.15% (n = 3)".

import type { SummaryChoice } from '../../../src-core/summary-value.ts';
import { loss, percent } from '../../lib/format.ts';
import type { Spread } from './group-summary.ts';

export function valueFormat(choice: SummaryChoice): (v: number | null) => string {
  return choice === 'min-loss' ? loss : (v) => percent(v);
}

/** "97.12% ± 0.15%", "97.12%" for one run, "–" for none. */
export function spreadText(s: Spread, choice: SummaryChoice): string {
  const f = valueFormat(choice);
  if (s.mean === null) return '–';
  return s.std === null ? f(s.mean) : `${f(s.mean)} ± ${f(s.std)}`;
}
