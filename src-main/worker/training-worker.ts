// Entry point of the training process. It receives one `start`, loads the data, runs the
// core's training loop and posts every event (with weights at each epoch and at the end) to the
// supervisor, which alone writes to the database. Each epoch's message carries the training
// state a resume goes on from; a `start` with such a state goes on after its epoch. A `cancel`
// stops it after the batch in flight (testing the weights it was given, the run's best), or
// while it loads: the files are checked asynchronously (only regular files are read, so a
// FIFO or a device cannot block it) and the cancel is looked at before and after the parse.
// Its `started` message carries the hash of the data it read, so the supervisor can refuse data
// that changed since it was registered, and the backend it computes on (training-backend.ts).
// A `pause` holds it before its next batch, waiting (not spinning) for a `step` (one batch), a
// `resume` or a `cancel`; a `set-learning-rate` applies from the next batch and is confirmed.
// This process alone keeps the pause and its steps: the supervisor records what it reports.

import { DataError } from '../../src-core/data/dataset.ts';
import { splitDataset } from '../../src-core/data/split.ts';
import { DivergedError } from '../../src-core/events.ts';
import { Trainer } from '../../src-core/train.ts';
import { decodeTrainState, encodeTrainState } from '../../src-core/train-state.ts';
import {
  toWorkerSchema,
  type DatasetSource,
  type FromWorker,
} from '../contract/worker-messages.ts';
import { loadCsv, loadIdxDir } from '../data/load.ts';
import { datasetHash } from '../services/datasets.ts';
import { checkRegularFiles } from './data-files.ts';
import { connectToParent } from './parent-channel.ts';
import { chooseTrainingBackend } from './training-backend.ts';
import type { TrainConfig } from '../../src-core/config.ts';
import { validateConfig } from '../../src-core/config.ts';
import { requireFitsDataset, shapeOf } from '../../src-core/estimate.ts';

const parent = connectToParent();
let cancelled = false;
/** The weights a cancel asked to test before stopping (the run's best), if any. */
let testWith: Float32Array | null = null;
let started = false;
let trainer: Trainer | null = null;
/** Set by `pause`, cleared by `resume`: the training loop asks before every batch. */
let paused = false;
/** Batches that `step` messages allowed during this pause and the loop has not taken yet. */
let steps = 0;
/** Whether the loop's last batch was a step (its next 'paused' then ends the step). */
let stepped = false;
/** Wakes the loop while it waits in a pause; null when it is not waiting. */
let wake: (() => void) | null = null;
/** Where the loop is: the epoch and the batches done in it, as last reported. */
let at = { epoch: 1, batch: 0 };

parent.onParentGone(() => process.exit(0));
// Ctrl-C in a terminal signals the whole process group; the supervisor decides what stops.
process.on('SIGINT', () => {});
parent.onMessage((raw) => {
  const parsed = toWorkerSchema.safeParse(raw);
  if (!parsed.success) {
    parent.post({
      type: 'failed',
      reason: 'error',
      message: `invalid message to the training process: ${parsed.error.message}`,
    });
    return;
  }
  const message = parsed.data;
  switch (message.type) {
    case 'start':
      if (started) return;
      started = true;
      train(message.config, message.dataset, message.resume).catch((error: unknown) =>
        parent.post(failure(error)),
      );
      return;
    case 'cancel':
      cancelled = true;
      testWith = message.testWith;
      break;
    case 'pause':
      if (paused) return;
      paused = true;
      steps = 0;
      break;
    case 'resume':
      if (!paused) return;
      paused = false;
      steps = 0;
      parent.post({ type: 'resumed', ...at });
      break;
    case 'step':
      if (paused) steps++;
      break;
    case 'set-learning-rate':
      if (trainer === null) {
        parent.post({
          type: 'failed',
          reason: 'error',
          message: 'cannot change the learning rate: the training has not started',
        });
        return;
      }
      trainer.setLearningRate(message.learningRate);
      parent.post({ type: 'learning-rate', learningRate: message.learningRate, ...at });
      break;
  }
  wake?.();
  wake = null;
});

/** Waits while paused, until a step (taking it), a resume or a cancel. */
async function waitWhilePaused(): Promise<void> {
  while (paused && steps === 0 && !cancelled)
    await new Promise<void>((resolve) => (wake = resolve));
  stepped = steps > 0;
  if (stepped) steps--;
}

async function train(
  config: TrainConfig,
  source: DatasetSource,
  resume: Uint8Array | undefined,
): Promise<void> {
  validateConfig(config);
  await checkRegularFiles(source);
  // Let a cancel that came while the files were looked at in before the (synchronous) parse.
  await new Promise(setImmediate);
  if (cancelled) return parent.post({ type: 'cancelled', ...at, tested: null });
  const dataset =
    source.kind === 'csv'
      ? loadCsv(source.path, source.name)
      : loadIdxDir(source.path, source.name);
  const shape = shapeOf(dataset);
  requireFitsDataset(config, shape);
  const hash = datasetHash(dataset);
  await new Promise(setImmediate);
  if (cancelled) return parent.post({ type: 'cancelled', ...at, tested: null });
  const { backend, label } = await chooseTrainingBackend(config, shape);
  const t = new Trainer(
    config,
    splitDataset(dataset, config.validation, config.testFraction, config.seed),
    backend,
    resume === undefined ? undefined : decodeTrainState(resume),
  );
  trainer = t;
  const weights = () => new Float32Array(t.network.params);
  let batches = 0;
  for (const event of t.run({ shouldStop: () => cancelled, pauseRequested: () => paused })) {
    let message: FromWorker;
    switch (event.type) {
      case 'start': {
        const { type: _, ...rest } = event;
        batches = rest.batchesPerEpoch;
        message = { type: 'started', ...rest, datasetHash: hash, backend: label };
        if (resume === undefined) message.weights = weights();
        break;
      }
      case 'progress':
        at = { epoch: event.epoch, batch: event.batch };
        message = event;
        break;
      case 'paused':
        at = { epoch: event.epoch, batch: event.batch };
        message = { ...event, step: stepped };
        stepped = false;
        break;
      case 'epoch':
        at = { epoch: event.epoch, batch: batches };
        message = { ...event, weights: weights(), trainState: encodeTrainState(t.checkpoint()) };
        break;
      case 'done':
        message = { ...event, weights: weights() };
        break;
      case 'cancelled':
        message = { ...event, tested: testWith === null ? null : testOn(t, testWith) };
        break;
      default:
        message = event;
    }
    parent.post(message);
    // Between events, let the parent's messages in (a cancel or a pause arrives this way).
    if (event.type === 'paused') await waitWhilePaused();
    else if (event.type === 'progress' || event.type === 'epoch' || event.type === 'start')
      await new Promise(setImmediate);
  }
}

/** The test result of `weights` in the trainer's network (its own weights are lost: it stops). */
function testOn(t: Trainer, weights: Float32Array) {
  t.network.params.set(weights);
  const { loss, accuracy, confusion } = t.evaluate(t.splits.test);
  return { testLoss: loss, testAccuracy: accuracy, confusion };
}

function failure(error: unknown): FromWorker {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof DivergedError) return { type: 'failed', reason: 'diverged', message };
  if (error instanceof DataError) return { type: 'failed', reason: 'data', message };
  return {
    type: 'failed',
    reason: 'error',
    message: error instanceof Error && error.stack ? error.stack : message,
  };
}
