// `backprop-lab train`: trains in this process and reports as it goes, as text or JSON lines.

import { parameterCount } from '../../src-core/network.ts';
import type { TrainConfig } from '../../src-core/config.ts';
import { splitDataset } from '../../src-core/data/split.ts';
import type {
  DoneEvent,
  EpochEvent,
  ProgressEvent,
  StartEvent,
  TrainEvent,
} from '../../src-core/events.ts';
import { Trainer } from '../../src-core/train.ts';
import { loadDataset } from '../data/load.ts';
import { saveModel } from '../model-file.ts';
import { bar, confusionTable, count, duration, percent } from './format.ts';
import { configFromFlags, parseFlags, TRAIN_ARGS, TRAIN_HELP } from './train-options.ts';
import { UsageError } from './errors.ts';

export async function trainCommand(args: string[]): Promise<number> {
  const { values: flags, positionals } = parseFlags(args, TRAIN_ARGS);
  if (flags.help) {
    console.log(TRAIN_HELP);
    return 0;
  }
  if (positionals.length > 0)
    throw new UsageError(`train: unexpected argument '${positionals[0]}'`);
  const config = configFromFlags(flags);
  const json = flags.json === true;
  const dataset = loadDataset(flags.dataset ?? 'mnist');
  const splits = splitDataset(dataset, config.validation, config.testFraction, config.seed);
  const trainer = new Trainer(config, splits);
  const report = json ? jsonReporter() : textReporter(config, dataset.name);

  // Ctrl-C stops after the batch in flight instead of killing the process mid-write.
  let stop = false;
  const onSigint = (): void => {
    stop = true;
  };
  process.on('SIGINT', onSigint);
  try {
    for (const event of trainer.run({ shouldStop: () => stop })) {
      report(event);
      // Let signal handlers run between reports; progress comes about every 100 ms.
      if (event.type === 'progress' || event.type === 'epoch') await new Promise(setImmediate);
      if (event.type === 'cancelled') return 130;
      if (event.type === 'done' && flags['save-model'] !== undefined) {
        saveModel(flags['save-model'], trainer.network, splits.train.set, {
          config,
          dataset: dataset.name,
          testAccuracy: event.testAccuracy,
          testLoss: event.testLoss,
        });
        if (!json) console.log(`Model saved to ${flags['save-model']}`);
      }
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
  return 0;
}

type Reporter = (event: TrainEvent) => void;

function jsonReporter(): Reporter {
  const line = (o: object): void => void process.stdout.write(`${JSON.stringify(o)}\n`);
  return (e) => {
    switch (e.type) {
      case 'start':
        line({
          type: 'start',
          train: e.trainCount,
          validation: e.validationCount,
          test: e.testCount,
          testHeldOut: e.testHeldOut,
          parameters: e.parameters,
        });
        return;
      case 'epoch':
        line({
          type: 'epoch',
          epoch: e.epoch,
          epochs: e.epochs,
          trainLoss: e.trainLoss,
          trainAccuracy: e.trainAccuracy,
          validationLoss: e.validationLoss,
          validationAccuracy: e.validationAccuracy,
          seconds: e.seconds,
          samplesPerSecond: e.samplesPerSecond,
        });
        return;
      case 'done':
        line({
          type: 'done',
          testAccuracy: e.testAccuracy,
          testLoss: e.testLoss,
          trainSeconds: e.trainSeconds,
          samplesPerSecond: e.samplesPerSecond,
          confusion: e.confusion,
        });
        return;
      case 'cancelled':
        line({ type: 'cancelled', epoch: e.epoch, batch: e.batch });
        return;
      case 'progress':
        return;
    }
  };
}

function textReporter(config: TrainConfig, datasetName: string): Reporter {
  const live = process.stderr.isTTY === true;
  let batchesPerEpoch = 1;
  let trainCount = 0;
  let secondsSoFar = 0;
  const out = (s: string): void => void process.stdout.write(`${s}\n`);
  const clearBar = (): void => {
    if (live) process.stderr.write('\r\x1b[2K');
  };

  const start = (e: StartEvent): void => {
    batchesPerEpoch = e.batchesPerEpoch;
    trainCount = e.trainCount;
    out(
      `Dataset ${datasetName}: ${count(e.trainCount)} training, ${count(e.validationCount)} validation, ` +
        `${count(e.testCount)} test images` +
        (e.testHeldOut
          ? ` (no test part in the data: ${count(e.testCount)} held out by seed ${config.seed})`
          : ''),
    );
    const sizes = [784, ...config.layers, 10];
    out(
      `Network ${sizes.join('-')} (${count(parameterCount(sizes))} parameters), ` +
        `${config.activations.join('/') || 'no hidden layer'}, softmax, ${config.loss}, init ${config.init}`,
    );
    out(
      `Training ${config.optimizer} lr ${config.learningRate}, batch ${config.batchSize}, ` +
        `${config.epochs} epochs, l2 ${config.l2}, decay ${config.schedule.type}, seed ${config.seed}`,
    );
  };

  const progress = (e: ProgressEvent): void => {
    if (!live) return;
    const epochLeft =
      ((batchesPerEpoch - e.batch) * (trainCount / batchesPerEpoch)) / e.samplesPerSecond;
    const runLeft = epochLeft + (e.epochs - e.epoch) * (trainCount / e.samplesPerSecond);
    process.stderr.write(
      `\r\x1b[2Kepoch ${e.epoch}/${e.epochs} ${bar(e.batch / e.batches)} ${percent(e.batch / e.batches, 0)}  ` +
        `${count(e.samplesPerSecond)} samples/s  ETA ${duration(epochLeft)} (run ${duration(runLeft)})  ` +
        `loss ${e.loss.toFixed(4)}  acc ${percent(e.accuracy)}`,
    );
  };

  const epoch = (e: EpochEvent): void => {
    clearBar();
    secondsSoFar += e.seconds;
    const validation =
      e.validationLoss === null
        ? ''
        : `  val loss ${e.validationLoss.toFixed(4)} acc ${percent(e.validationAccuracy ?? 0)}`;
    out(
      `epoch ${String(e.epoch).padStart(String(e.epochs).length)}/${e.epochs}  ` +
        `train loss ${e.trainLoss.toFixed(4)} acc ${percent(e.trainAccuracy)}${validation}  ` +
        `${duration(e.seconds)}  ${count(e.samplesPerSecond)} samples/s  ETA ${duration((e.epochs - e.epoch) * (secondsSoFar / e.epoch))}`,
    );
  };

  const done = (e: DoneEvent): void => {
    out(
      `\nTest accuracy ${percent(e.testAccuracy)} (loss ${e.testLoss.toFixed(4)}) after ` +
        `${duration(e.trainSeconds)} of training, ${count(e.samplesPerSecond)} samples/s`,
    );
    out(
      `Confusion matrix (rows: true digit, columns: predicted digit)\n${confusionTable(e.confusion)}`,
    );
  };

  return (e) => {
    switch (e.type) {
      case 'start':
        return start(e);
      case 'progress':
        return progress(e);
      case 'epoch':
        return epoch(e);
      case 'done':
        return done(e);
      case 'cancelled':
        clearBar();
        out(`Cancelled at epoch ${e.epoch}, batch ${e.batch}.`);
        return;
    }
  };
}
