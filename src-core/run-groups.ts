// Runs grouped by their settings, the seed excepted, on the same dataset: the repeats of one
// experiment, however they were started. Each group summarises its members' test accuracy and
// training time as mean ± sample standard deviation, min and max: the spread a single run hides.

import { configSettings } from './config-diff.ts';
import type { TrainConfig } from './config.ts';
import { SETTING_NAMES } from './settings.ts';
import { summarize, type Summary } from './stats/summary.ts';

/** What grouping reads of a run; the app's RunSummary satisfies it. */
export interface GroupableRun {
  readonly config: TrainConfig;
  readonly datasetId: number;
  /** Null until the run has a test result. */
  readonly testAccuracy: number | null;
  readonly trainSeconds: number | null;
}

export interface SettingsGroup<R extends GroupableRun = GroupableRun> {
  /** settingsKey of every member. */
  readonly key: string;
  /** In the order the runs were given, results or not. */
  readonly members: readonly R[];
  /** members.length */
  readonly n: number;
  /** Over the members with a test result (accuracy.n of them); null when none has one. */
  readonly accuracy: Summary | null;
  /** Training seconds of those same members. */
  readonly seconds: Summary | null;
}

const SEED_ROW = SETTING_NAMES.indexOf('seed');

/** One string for a config's settings but its seed, and its dataset: equal exactly when the
 * settings table of two runs reads the same but for the seed (as config-diff shows it, so the
 * order of a config's keys, a momentum its optimizer ignores and an optional setting left at
 * its default make no difference). */
export function settingsKey(config: TrainConfig, datasetId: number): string {
  const values = configSettings(config)
    .filter((_, i) => i !== SEED_ROW)
    .map(([, value]) => value);
  return JSON.stringify([datasetId, ...values]);
}

/** The runs in groups of equal settingsKey, each group where its first member stood. */
export function groupBySettings<R extends GroupableRun>(runs: readonly R[]): SettingsGroup<R>[] {
  const byKey = new Map<string, R[]>();
  for (const run of runs) {
    const key = settingsKey(run.config, run.datasetId);
    const members = byKey.get(key);
    if (members === undefined) byKey.set(key, [run]);
    else members.push(run);
  }
  return [...byKey].map(([key, members]) => {
    const results = members.filter((r) => r.testAccuracy !== null);
    return {
      key,
      members,
      n: members.length,
      accuracy: summarize(results.map((r) => r.testAccuracy as number)),
      seconds: summarize(
        results.filter((r) => r.trainSeconds !== null).map((r) => r.trainSeconds as number),
      ),
    };
  });
}
