// Shared set-up for tests that train through the supervisor: a temp folder, a small CSV cut
// from MNIST, a store, and helpers to wait for supervisor events; and, for tests about
// requests rather than training, an API handler whose training processes never answer.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TrainConfig } from '../../../src-core/config.ts';
import { PRESETS } from '../../../src-core/presets.ts';
import { loadMnist } from '../../../src-main/data/load.ts';
import { createApiHandler, type ApiHandler } from '../../../src-main/services/handler.ts';
import {
  forkSpawner,
  type Spawner,
  type WorkerProcess,
} from '../../../src-main/services/spawner.ts';
import type { SupervisorEvent } from '../../../src-main/contract/events.ts';
import { Supervisor } from '../../../src-main/services/supervisor.ts';
import { currentOwner } from '../../../src-main/store/owner.ts';
import type { Store } from '../../../src-main/store/store.ts';
import { toCsv } from '../../fixtures/data/build.ts';

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The first `count` MNIST training images as a Kaggle-style CSV file. */
export function smallCsv(dir: string, count = 1500): string {
  const { train } = loadMnist();
  const path = join(dir, `mnist-${count}.csv`);
  writeFileSync(
    path,
    toCsv({
      count,
      labels: train.labels.subarray(0, count),
      images: train.images.subarray(0, count * 784),
    }),
  );
  return path;
}

/** Registers `smallCsv(dir, count)` as the dataset 'small' (no test part); returns its id. */
export function smallDataset(store: Store, dir: string, count = 300): number {
  return store.ensureDataset({
    name: 'small',
    kind: 'csv',
    path: smallCsv(dir, count),
    hash: 'h',
    trainCount: count,
    testCount: 0,
    rows: 28,
    cols: 28,
  }).id;
}

export const smallConfig = (overrides: Partial<TrainConfig> = {}): TrainConfig => ({
  ...PRESETS.quick,
  layers: [32],
  activations: ['relu'],
  learningRate: 0.01,
  batchSize: 32,
  epochs: 2,
  validation: 200,
  ...overrides,
});

/** Resolves with the first event of `supervisor` that matches. */
export function nextEvent<T extends SupervisorEvent['type']>(
  supervisor: Supervisor,
  type: T,
  runId: number,
): Promise<Extract<SupervisorEvent, { type: T }>> {
  return new Promise((resolve) => {
    const stop = supervisor.subscribe((e) => {
      if (e.type === type && e.runId === runId) {
        stop();
        resolve(e as Extract<SupervisorEvent, { type: T }>);
      }
    });
  });
}

/** Resolves with the next `count` events of `supervisor` that match, in order. */
export function nextEvents<T extends SupervisorEvent['type']>(
  supervisor: Supervisor,
  type: T,
  runId: number,
  count: number,
): Promise<Extract<SupervisorEvent, { type: T }>[]> {
  const seen: Extract<SupervisorEvent, { type: T }>[] = [];
  return new Promise((resolve) => {
    const stop = supervisor.subscribe((e) => {
      if (e.type === type && e.runId === runId) {
        seen.push(e as Extract<SupervisorEvent, { type: T }>);
        if (seen.length === count) {
          stop();
          resolve(seen);
        }
      }
    });
  });
}

/** A spawner that remembers the processes it started, so a test can look at or kill one. */
export function recordingSpawner(): Spawner & { readonly started: WorkerProcess[] } {
  const inner = forkSpawner();
  const started: WorkerProcess[] = [];
  return {
    started,
    spawn() {
      const w = inner.spawn();
      started.push(w);
      return w;
    },
  };
}

/** A training process that never answers: for tests about requests, not training. */
export const silentSpawner: Spawner = {
  spawn: () => ({
    pid: undefined,
    send: () => {},
    kill: () => {},
    onMessage: () => {},
    onExit: () => {},
  }),
};

/** The API handler over `store`, as the app builds it, but with a silent training process. */
export function silentHandler(store: Store): ApiHandler {
  const owner = currentOwner();
  return createApiHandler({
    store,
    supervisor: new Supervisor(store, silentSpawner, owner),
    owner,
  });
}
