// Runs as Compare loads them (RunDetail), built from a listing's summary and per-epoch values.
import type { RunDetail } from '../../src-main/contract/api.ts';
import type { EpochRow, RunSummary } from '../../src-main/contract/rows.ts';
import { summary } from './runs-fixtures.ts';

/** Epoch `n` with validation accuracy `accuracy` (and a loss that falls as it rises). */
export const epochOf = (n: number, accuracy: number, seconds = 2): EpochRow => ({
  epoch: n,
  trainLoss: 1 - accuracy + 0.01,
  trainAccuracy: accuracy + 0.01,
  validationLoss: 1 - accuracy,
  validationAccuracy: accuracy,
  learningRate: 0.002,
  seconds,
  samplesPerSecond: 1000,
  gradientNorms: null,
});

/** Run `id` whose epochs reach the validation accuracies given, one per epoch. */
export function detail(
  id: number,
  accuracies: readonly number[],
  extra: Partial<RunSummary> = {},
): RunDetail {
  return {
    // A listing's extra fields (optimizer, …) ride along unread.
    ...summary(id, { epochsDone: accuracies.length, ...extra }),
    owner: null,
    epochs: accuracies.map((a, i) => epochOf(i + 1, a)),
    confusion: null,
    history: [],
    models: [],
  };
}
