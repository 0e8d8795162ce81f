// The one number a table or a comparison shows for a run, as the learner chooses it: its final
// test accuracy, its best validation accuracy (and the epoch it came at), or its lowest loss.
// The same choice means the same value in the Runs table, Compare and `backprop-lab compare`.

export const SUMMARY_CHOICES = ['final', 'best', 'min-loss'] as const;
export type SummaryChoice = (typeof SUMMARY_CHOICES)[number];

export const SUMMARY_LABELS: Readonly<Record<SummaryChoice, string>> = {
  final: 'Final test accuracy',
  best: 'Best validation accuracy',
  'min-loss': 'Lowest loss',
};

/** What a run keeps that a summary reads (the app's run rows have these fields). */
export interface Summarised {
  readonly testAccuracy: number | null;
  readonly bestEpoch: number | null;
  readonly bestValidationAccuracy: number | null;
  readonly minLoss: number | null;
  readonly minLossEpoch: number | null;
}

export interface SummaryValue {
  /** Null when the run has none yet (not tested; no validation part for 'best'). */
  readonly value: number | null;
  /** The epoch it comes from; null for the final test. */
  readonly epoch: number | null;
  /** Whether a larger value is better: accuracies are, losses are not. */
  readonly higherIsBetter: boolean;
}

export function summaryValue(run: Summarised, choice: SummaryChoice): SummaryValue {
  switch (choice) {
    case 'final':
      return { value: run.testAccuracy, epoch: null, higherIsBetter: true };
    case 'best':
      return {
        value: run.bestValidationAccuracy,
        epoch: run.bestValidationAccuracy === null ? null : run.bestEpoch,
        higherIsBetter: true,
      };
    case 'min-loss':
      return { value: run.minLoss, epoch: run.minLossEpoch, higherIsBetter: false };
  }
}
