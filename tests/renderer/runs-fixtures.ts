// Run summaries as the Runs view receives them, built with only the fields a test cares about.
import type { RunSummary } from '../../src-main/contract/rows.ts';
import { DivergedError } from '../../src-core/events.ts';
import { PRESETS } from '../../src-core/presets.ts';

export function summary(id: number, extra: Partial<RunSummary> = {}): RunSummary {
  // The config agrees with the fields a listing spells out from it.
  const config = {
    ...PRESETS.quick,
    seed: extra.seed ?? 1,
    optimizer: extra.optimizer ?? 'adam',
    learningRate: extra.learningRate ?? 0.002,
    batchSize: extra.batchSize ?? 64,
    epochs: extra.epochsPlanned ?? 6,
  } as RunSummary['config'];
  return {
    config,
    groupId: null,
    bestEpoch: 6,
    bestValidationAccuracy: 0.976,
    minLoss: 0.079,
    minLossEpoch: 6,
    id,
    name: `run ${id}`,
    notes: '',
    tags: [],
    status: 'completed',
    error: null,
    preset: 'quick',
    presetModified: false,
    seed: 1,
    architecture: '784-128-64-10',
    parameters: 109_386,
    datasetId: 1,
    datasetName: 'mnist',
    datasetHash: 'ab',
    trainCount: 59_000,
    validationCount: 1000,
    testCount: 10_000,
    testHeldOut: false,
    epochsDone: 6,
    trainSeconds: 40,
    samplesPerSecond: 9000,
    testLoss: 0.08,
    testAccuracy: 0.975,
    createdAt: Date.UTC(2025, 0, 1) + id * 60_000,
    startedAt: Date.UTC(2025, 0, 1) + id * 60_000,
    finishedAt: Date.UTC(2025, 0, 1) + id * 60_000 + 40_000,
    backend: 'wasm-simd, 1 thread',
    optimizer: 'adam',
    epochsPlanned: 6,
    learningRate: 0.002,
    batchSize: 64,
    ...extra,
  };
}

/** A run stopped because its loss blew up: SGD at learning rate 100. */
export const divergedRun = (id: number, extra: Partial<RunSummary> = {}): RunSummary =>
  summary(id, {
    status: 'failed',
    error: new DivergedError(1, 5, 1.9e8, 100, 230).message,
    optimizer: 'sgd',
    learningRate: 100,
    testAccuracy: null,
    testLoss: null,
    ...extra,
  });

/** A run that completed no better than guessing: SGD at learning rate 3. */
export const collapsedRun = (id: number, extra: Partial<RunSummary> = {}): RunSummary =>
  summary(id, { optimizer: 'sgd', learningRate: 3, testAccuracy: 0.098, testLoss: 2.31, ...extra });
