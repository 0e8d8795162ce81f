// Two runs or groups of runs side by side (see contract/comparison.ts).
// TEMPORARY (issue 13 in progress): the statistics land with the next merge; until then the
// request is refused with a clear error rather than answered with made-up numbers.

import type { Comparison } from '../contract/comparison.ts';
import type { Store } from '../store/store.ts';
import type { TestPredictions } from './test-predictions.ts';

export interface CompareRequest {
  readonly a: readonly number[];
  readonly b: readonly number[];
  readonly summary?: Comparison['summary'];
}

export function compareSides(
  _store: Store,
  _predictions: TestPredictions,
  _request: CompareRequest,
): Comparison {
  throw new Error('comparing runs statistically is not available in this build yet');
}
