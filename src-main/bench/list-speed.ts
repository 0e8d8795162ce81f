// How fast the history list opens with a long history: 10,000 runs in a fresh store, then the
// median time of `listRuns()` (everything the Runs table shows) after one warm-up call.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PRESETS } from '../../src-core/presets.ts';
import { currentOwner } from '../store/owner.ts';
import { Store } from '../store/store.ts';

const RUNS = 10_000;
const CALLS = 5;
/** The Runs table must open within this with 10,000 runs stored: `npm run bench` fails past it. */
export const LIST_LIMIT_MS = 100;

/** Why a measured list time fails the limit, or null when it is within it. */
export function listSpeedProblem(ms: number): string | null {
  return ms <= LIST_LIMIT_MS
    ? null
    : `listing ${RUNS.toLocaleString('en-US')} stored runs took ${ms.toFixed(1)} ms, over the limit of ${LIST_LIMIT_MS} ms`;
}

export function listSpeed(): { runs: number; ms: number } {
  const dir = mkdtempSync(path.join(tmpdir(), 'backprop-list-speed-'));
  const store = Store.open(path.join(dir, 'bench.sqlite'));
  try {
    fill(store);
    let runs = store.listRuns().length;
    const times: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      const started = performance.now();
      runs = store.listRuns().length;
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    return { runs, ms: times[Math.floor(CALLS / 2)] };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The dataset the benches' stored runs name (its files are never read). */
export const BENCH_MNIST = {
  name: 'mnist',
  kind: 'builtin',
  path: '/bench/mnist',
  hash: '0'.repeat(64),
  trainCount: 60_000,
  testCount: 10_000,
  rows: 28,
  cols: 28,
} as const;

/** A history like a heavy user's: every preset, finished runs with results and a few tags. */
function fill(store: Store): void {
  const owner = currentOwner();
  const dataset = store.ensureDataset(BENCH_MNIST);
  const presets = Object.entries(PRESETS);
  for (let i = 0; i < RUNS; i++) {
    const [preset, config] = presets[i % presets.length];
    const run = store.createRun({
      name: `run ${i + 1}`,
      tags: [preset, `batch-${Math.floor(i / 100)}`],
      preset,
      config: { ...config, seed: i },
      datasetId: dataset.id,
      owner,
    });
    store.startRun(
      run.id,
      {
        trainCount: 59_000,
        validationCount: 1000,
        testCount: 10_000,
        testHeldOut: false,
        backend: 'typescript',
      },
      owner,
    );
    store.endRun(run.id, 'cancelled', null);
  }
}
