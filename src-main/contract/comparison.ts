// Comparing two sides, each a run or a group of runs (a stored repeat or sweep cell, or runs
// the learner grouped): each side's summary statistics, and whether the difference between the
// sides is likely to be real. Computed in the back end (services/comparison.ts), shown the
// same by the app's Compare view and `backprop-lab compare`.

import { z } from 'zod';
import { SUMMARY_CHOICES, type SummaryChoice } from '../../src-core/summary-value.ts';

/** The most runs one side of a comparison may hold. */
export const MAX_SIDE_RUNS = 100;

const side = z.array(z.number().int().positive()).min(1).max(MAX_SIDE_RUNS);

export const compareRequestSchema = z
  .strictObject({
    a: side,
    b: side,
    /** Which value of each run is compared (default 'final'). */
    summary: z.enum(SUMMARY_CHOICES).optional(),
  })
  // A run counted twice would weigh double; on both sides it would be compared with itself.
  .superRefine(({ a, b }, context) => {
    const seen = new Map<number, 'A' | 'B'>();
    for (const [name, ids] of [
      ['A', a],
      ['B', b],
    ] as const)
      ids.forEach((id, i) => {
        const where = seen.get(id);
        if (where !== undefined)
          context.addIssue({
            code: 'custom',
            path: [name.toLowerCase(), i],
            message:
              where === name
                ? `run ${id} is on side ${name} twice`
                : `run ${id} is on both sides: a run cannot be compared with itself`,
          });
        seen.set(id, name);
      });
  });

/** A metric over a side's runs that have it. */
export interface MetricStats {
  readonly metric: 'summary' | 'testAccuracy' | 'testLoss' | 'trainSeconds';
  readonly label: string;
  /** Runs that have the value (a run not yet tested has no test accuracy). */
  readonly n: number;
  readonly mean: number | null;
  /** Sample standard deviation (n − 1); null below two runs. */
  readonly std: number | null;
  readonly min: number | null;
  readonly max: number | null;
  /** 95% confidence interval of the mean (Student's t); null below two runs. */
  readonly ci95: readonly [number, number] | null;
}

export interface SideStats {
  readonly ids: readonly number[];
  /** Those of `ids` without a test result (not finished, or stopped before one): in no
   * statistic, and the sentence says how many. */
  readonly leftOut: readonly number[];
  readonly metrics: readonly MetricStats[];
}

/** Two single runs on the same test images: McNemar's exact test on the discordant images. */
export interface McNemarTest {
  readonly kind: 'mcnemar';
  /** Test images A reads right and B wrong. */
  readonly b: number;
  /** Test images B reads right and A wrong. */
  readonly c: number;
  /** Both right, both wrong: they do not count for the test. */
  readonly bothRight: number;
  readonly bothWrong: number;
  /** Two-sided exact p-value (binomial, b of b + c at one half). */
  readonly p: number;
}

/** Two groups: Welch's t-test on the summary value, and a bootstrap interval of the difference. */
export interface WelchTest {
  readonly kind: 'welch';
  readonly summary: SummaryChoice;
  readonly t: number;
  /** Welch–Satterthwaite degrees of freedom. */
  readonly df: number;
  readonly p: number;
  /** mean(B) − mean(A). */
  readonly difference: number;
  /** Welch's 95% confidence interval of that difference (t with df degrees of freedom): the
   * sentence's interval, as it agrees with p (it excludes 0 exactly when p < 0.05). */
  readonly interval95: readonly [number, number];
  /** 95% percentile bootstrap interval of that difference: no assumption of normal values, but
   * too narrow with few runs (with 3 a side it can exclude 0 while p is 0.2). */
  readonly bootstrap95: readonly [number, number];
  readonly resamples: number;
}

export interface Comparison {
  readonly summary: SummaryChoice;
  readonly a: SideStats;
  readonly b: SideStats;
  /** Null when no test applies (its reason is the sentence). */
  readonly test: McNemarTest | WelchTest | null;
  /** One plain sentence for a learner, e.g. "B reads 31 images right that A misses and A 12
   * that B misses: p = 0.004, unlikely to be chance." — or why no test could be made. */
  readonly sentence: string;
}
