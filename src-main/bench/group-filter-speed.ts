// How fast the Runs table groups and filters a long history: 1,000 runs in a fresh store, a
// sweep of 200 settings over 5 seeds, then the median time (after one warm-up) of listing them,
// filtering them with a realistic query and grouping them all by settings: both over every run,
// the most either does when the table's filter or grouping changes.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TrainConfig } from '../../src-core/config.ts';
import { PRESETS } from '../../src-core/presets.ts';
import { compileQuery } from '../../src-core/query/index.ts';
import { groupBySettings } from '../../src-core/run-groups.ts';
import { count } from '../cli/format.ts';
import { BENCH_MNIST } from './list-speed.ts';
import { currentOwner } from '../store/owner.ts';
import { Store } from '../store/store.ts';

const RUNS = 1000;
const SEEDS = 5;
const CALLS = 5;
/** Grouping and filtering 1,000 stored runs must take no longer: `npm run bench` fails past it. */
export const GROUP_FILTER_LIMIT_MS = 100;
/** A query as a learner writes one: settings, a result and a tag. */
export const BENCH_QUERY = 'optimizer = adam and lr < 0.01 and test > 95% and not tag:discarded';

export interface GroupFilterSpeed {
  readonly runs: number;
  /** The runs the query keeps. */
  readonly matched: number;
  /** The groups of equal settings all the runs fall in. */
  readonly groups: number;
  /** Listing, filtering and grouping, the median of several calls. */
  readonly ms: number;
}

/** Why a measured time fails the limit, or null when it is within it. */
export function groupFilterSpeedProblem(s: GroupFilterSpeed): string | null {
  return s.ms <= GROUP_FILTER_LIMIT_MS
    ? null
    : `grouping and filtering ${count(s.runs)} stored runs took ${s.ms.toFixed(1)} ms, over the limit of ${GROUP_FILTER_LIMIT_MS} ms`;
}

export function groupFilterLine(s: GroupFilterSpeed): string {
  return (
    `\`list\`, filter and group ${count(s.runs)} stored runs (${s.matched} match; ${s.groups} ` +
    `groups): ${s.ms.toFixed(1)} ms (limit ${GROUP_FILTER_LIMIT_MS} ms).`
  );
}

/** The measurement as a JSON line of `bench --json`. */
export function groupFilterJson(s: GroupFilterSpeed): object {
  return { type: 'group-filter', ...s, unit: 'ms', limit: GROUP_FILTER_LIMIT_MS };
}

export function groupFilterSpeed(runs = RUNS): GroupFilterSpeed {
  const dir = mkdtempSync(path.join(tmpdir(), 'backprop-group-filter-speed-'));
  const store = Store.open(path.join(dir, 'bench.sqlite'));
  try {
    fill(store, runs);
    const measure = () => {
      const matches = compileQuery(BENCH_QUERY);
      const listed = store.listRuns();
      return { matched: listed.filter(matches).length, groups: groupBySettings(listed).length };
    };
    let result = measure();
    const times: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      const started = performance.now();
      result = measure();
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    return { runs, ...result, ms: times[Math.floor(CALLS / 2)] };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The sweep's settings for index `s`: optimizer × learning rate × batch × hidden layers (200
 * indices, 170 settings: gradient descent's batch is always full). Small networks, so their
 * saved weights write fast; the listing never reads them. */
function settings(s: number): TrainConfig {
  const optimizers = ['adam', 'sgd', 'momentum', 'gd'] as const;
  const rates = [0.0005, 0.001, 0.002, 0.005, 0.02];
  const layers = [[8], [12], [8, 8], [16]];
  const optimizer = optimizers[s % 4];
  return {
    ...PRESETS.quick,
    optimizer,
    learningRate: rates[Math.floor(s / 4) % 5],
    batchSize: optimizer === 'gd' ? 'full' : [32, 64, 128][Math.floor(s / 20) % 3],
    layers: layers[Math.floor(s / 60) % 4],
    activations: layers[Math.floor(s / 60) % 4].map(() => 'relu' as const),
  };
}

/** Finished runs of the sweep, SEEDS seeds each; every 20th run cancelled before its result,
 * every 7th tagged discarded. Accuracies spread between 90% and 99%. */
function fill(store: Store, runs: number): void {
  const owner = currentOwner();
  const dataset = store.ensureDataset(BENCH_MNIST);
  for (let i = 0; i < runs; i++) {
    const config = { ...settings(Math.floor(i / SEEDS)), seed: i % SEEDS };
    const run = store.createRun({
      name: `sweep run ${i + 1}`,
      tags: i % 7 === 0 ? ['sweep', 'discarded'] : ['sweep'],
      preset: 'quick',
      config,
      datasetId: dataset.id,
      owner,
    });
    const start = { trainCount: 59_000, validationCount: 1000, testCount: 10_000 };
    store.startRun(run.id, { ...start, testHeldOut: false, backend: 'typescript' }, owner);
    if (i % 20 === 19) store.endRun(run.id, 'cancelled', null);
    else {
      const accuracy = 0.9 + 0.09 * ((Math.sin(i) + 1) / 2);
      const confusion = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
      const result = { testLoss: 1 - accuracy, testAccuracy: accuracy, confusion };
      const timing = { trainSeconds: 30 + (i % 13), samplesPerSecond: 9000 };
      store.completeRun(run.id, { ...result, ...timing }, new Float32Array(run.parameters));
    }
  }
}
