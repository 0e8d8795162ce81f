// Two runs or groups of runs side by side (see contract/comparison.ts): each side's statistics
// of its summary value, test accuracy, test loss and training time, and whether the difference
// is likely to be real. Two single runs are compared image by image on their common test part
// (McNemar's exact test); two groups by their summary values (Welch's t-test and a bootstrap
// interval). A run without a test result is in no statistic.

import { DataError } from '../../src-core/data/dataset.ts';
import { summarize } from '../../src-core/stats/summary.ts';
import { SUMMARY_LABELS, summaryValue, type SummaryChoice } from '../../src-core/summary-value.ts';
import type {
  Comparison,
  McNemarTest,
  MetricStats,
  SideStats,
  WelchTest,
} from '../contract/comparison.ts';
import type { RunRow } from '../contract/rows.ts';
import { NotFoundError } from '../store/errors.ts';
import type { Store } from '../store/store.ts';
import { bootstrapDifference, BOOTSTRAP_RESAMPLES } from '../stats/bootstrap.ts';
import { discordance, mcnemarExactP } from '../stats/mcnemar.ts';
import { meanInterval95 } from '../stats/mean-interval.ts';
import { hasSpread, welchTest } from '../stats/welch.ts';
import {
  differentData,
  differentImages,
  leftOutNote,
  mcnemarSentence,
  noSpread,
  noTestResult,
  tooFew,
  unreadable,
  welchSentence,
} from './comparison-sentence.ts';
import type { TestPredictions } from './test-predictions.ts';

/** A request as compareRequestSchema has checked it: sides of 1 to 100 ids, no run twice. */
export interface CompareRequest {
  readonly a: readonly number[];
  readonly b: readonly number[];
  readonly summary?: SummaryChoice;
}

interface Outcome {
  readonly test: McNemarTest | WelchTest | null;
  readonly sentence: string;
}

/** Throws NotFoundError for a run that is not in the store. */
export function compareSides(
  store: Store,
  predictions: TestPredictions,
  request: CompareRequest,
): Comparison {
  const summary = request.summary ?? 'final';
  const runsA = request.a.map((id) => store.getRun(id));
  const runsB = request.b.map((id) => store.getRun(id));
  const a = sideStats(runsA, summary);
  const b = sideStats(runsB, summary);
  if (runsA.length === 1 && runsB.length === 1)
    return { summary, a, b, ...singleRuns(predictions, runsA[0], runsB[0]) };
  const { test, sentence } = groups(runsA.filter(tested), runsB.filter(tested), summary);
  const note = leftOutNote(a.leftOut.length, b.leftOut.length);
  return { summary, a, b, test, sentence: note === '' ? sentence : `${sentence} ${note}` };
}

const tested = (run: RunRow): boolean => run.testAccuracy !== null;

const METRICS: readonly {
  readonly metric: Exclude<MetricStats['metric'], 'summary'>;
  readonly label: string;
  readonly value: (run: RunRow) => number | null;
}[] = [
  { metric: 'testAccuracy', label: 'Test accuracy', value: (r) => r.testAccuracy },
  { metric: 'testLoss', label: 'Test loss', value: (r) => r.testLoss },
  { metric: 'trainSeconds', label: 'Training time', value: (r) => r.trainSeconds },
];

function sideStats(runs: readonly RunRow[], summary: SummaryChoice): SideStats {
  const counted = runs.filter(tested);
  const valuesOf = (value: (run: RunRow) => number | null): number[] =>
    counted.map(value).filter((v) => v !== null);
  return {
    ids: runs.map((r) => r.id),
    leftOut: runs.filter((r) => !tested(r)).map((r) => r.id),
    metrics: [
      metricStats(
        'summary',
        SUMMARY_LABELS[summary],
        valuesOf((r) => summaryOf(r, summary)),
      ),
      ...METRICS.map((m) => metricStats(m.metric, m.label, valuesOf(m.value))),
    ],
  };
}

const summaryOf = (run: RunRow, summary: SummaryChoice): number | null =>
  summaryValue(run, summary).value;

function metricStats(metric: MetricStats['metric'], label: string, values: number[]): MetricStats {
  const d = summarize(values);
  return {
    metric,
    label,
    n: values.length,
    mean: d?.mean ?? null,
    std: d?.std ?? null,
    min: d?.min ?? null,
    max: d?.max ?? null,
    ci95: d === null || d.std === null ? null : meanInterval95(d.mean, d.std, d.n),
  };
}

/** McNemar's test on the images of the test part both runs were tested on. */
function singleRuns(predictions: TestPredictions, runA: RunRow, runB: RunRow): Outcome {
  if (!tested(runA)) return { test: null, sentence: noTestResult(runA.id, 'A') };
  if (!tested(runB)) return { test: null, sentence: noTestResult(runB.id, 'B') };
  if (runA.datasetHash !== runB.datasetHash) return { test: null, sentence: differentData() };
  let answersA, answersB;
  try {
    answersA = predictions.correctness(runA.id);
    answersB = predictions.correctness(runB.id);
  } catch (error) {
    // The dataset's file moved or its model is gone: say so instead of failing the comparison.
    if (error instanceof DataError || error instanceof NotFoundError)
      return { test: null, sentence: unreadable(error.message) };
    throw error;
  }
  // A dataset without a test part holds out images by each run's seed and test fraction.
  if (!sameImages(answersA.indices, answersB.indices))
    return { test: null, sentence: differentImages() };
  const counts = discordance(answersA.correct, answersB.correct);
  const test: McNemarTest = { kind: 'mcnemar', ...counts, p: mcnemarExactP(counts.b, counts.c) };
  return { test, sentence: mcnemarSentence(test) };
}

function sameImages(a: Uint32Array, b: Uint32Array): boolean {
  return a.length === b.length && a.every((index, i) => index === b[i]);
}

/** Welch's t-test and a bootstrap interval on the tested runs' summary values. */
function groups(runsA: RunRow[], runsB: RunRow[], summary: SummaryChoice): Outcome {
  const label = SUMMARY_LABELS[summary].toLowerCase();
  const valuesOf = (runs: RunRow[]): number[] =>
    runs.map((r) => summaryOf(r, summary)).filter((v) => v !== null);
  const a = valuesOf(runsA);
  const b = valuesOf(runsB);
  if (a.length < 2) return { test: null, sentence: tooFew('A', a.length, label) };
  if (b.length < 2) return { test: null, sentence: tooFew('B', b.length, label) };
  if (!hasSpread(a) && !hasSpread(b)) return { test: null, sentence: noSpread(label) };
  const test: WelchTest = {
    kind: 'welch',
    summary,
    ...welchTest(a, b),
    bootstrap95: bootstrapDifference(a, b, BOOTSTRAP_RESAMPLES),
    resamples: BOOTSTRAP_RESAMPLES,
  };
  const accuracy = summaryValue(runsA[0], summary).higherIsBetter;
  return { test, sentence: welchSentence(test, label, accuracy) };
}
