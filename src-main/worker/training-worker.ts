// Entry point of the training process. It receives one `start`, loads the data, runs the
// core's training loop and posts every event (with weights at each epoch and at the end) to the
// supervisor, which alone writes to the database. A `cancel` stops it after the batch in flight.

import { DataError } from '../../src-core/data/dataset.ts';
import { splitDataset } from '../../src-core/data/split.ts';
import { DivergedError } from '../../src-core/events.ts';
import { Trainer } from '../../src-core/train.ts';
import {
  toWorkerSchema,
  type DatasetSource,
  type FromWorker,
} from '../contract/worker-messages.ts';
import { loadCsv, loadIdxDir } from '../data/load.ts';
import { connectToParent } from './parent-channel.ts';
import type { TrainConfig } from '../../src-core/config.ts';
import { validateConfig } from '../../src-core/config.ts';

const parent = connectToParent();
let cancelled = false;
let started = false;

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
  if (message.type === 'cancel') cancelled = true;
  else if (!started) {
    started = true;
    train(message.config, message.dataset).catch((error: unknown) => parent.post(failure(error)));
  }
});

async function train(config: TrainConfig, source: DatasetSource): Promise<void> {
  validateConfig(config);
  const dataset =
    source.kind === 'csv'
      ? loadCsv(source.path, source.name)
      : loadIdxDir(source.path, source.name);
  const trainer = new Trainer(
    config,
    splitDataset(dataset, config.validation, config.testFraction, config.seed),
  );
  const weights = () => new Float32Array(trainer.network.params);
  for (const event of trainer.run({ shouldStop: () => cancelled })) {
    let message: FromWorker;
    switch (event.type) {
      case 'start': {
        const { type: _, ...rest } = event;
        message = { type: 'started', ...rest };
        break;
      }
      case 'epoch':
        message = { ...event, weights: weights() };
        break;
      case 'done':
        message = { ...event, weights: weights() };
        break;
      default:
        message = event;
    }
    parent.post(message);
    // Between events, let the parent's messages in (a cancel arrives this way).
    if (event.type === 'progress' || event.type === 'epoch' || event.type === 'start')
      await new Promise(setImmediate);
  }
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
