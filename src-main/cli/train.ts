// `backprop-lab train`: saves a run to the database and trains it in a separate process, as the
// app does, reporting as it goes (text, or JSON lines with --json).

import { architectureOf } from '../../src-core/architecture.ts';
import { parameterCount } from '../../src-core/network.ts';
import { ConfigError, type TrainConfig } from '../../src-core/config.ts';
import { atChance } from '../../src-core/divergence.ts';
import { estimateRun, type RunEstimate } from '../../src-core/estimate.ts';
import { CLASSES } from '../../src-core/limits.ts';
import { datasetForRun } from '../services/datasets.ts';
import { networkFromModel } from '../services/models.ts';
import { startRun, type RunStarter } from '../services/run-start.ts';
import { forkSpawner } from '../services/spawner.ts';
import type { SupervisorEvent } from '../contract/events.ts';
import { Supervisor } from '../services/supervisor.ts';
import { startHeartbeat } from '../store/heartbeat.ts';
import type { Store } from '../store/store.ts';
import { currentOwner } from '../store/owner.ts';
import type { DatasetRow, RunRow } from '../contract/rows.ts';
import { saveModel } from '../model-file.ts';
import { openStore } from './context.ts';
import { EXIT_FAILURE, UsageError } from './errors.ts';
import {
  bar,
  chanceNote,
  confusionTable,
  count,
  duration,
  jsonLine,
  percent,
  printable,
} from './format.ts';
import {
  configFromFlags,
  parseFlags,
  presetName,
  TRAIN_ARGS,
  TRAIN_HELP,
} from './train-options.ts';

type Ended = Extract<SupervisorEvent, { type: 'ended' }>;

export async function trainCommand(args: string[]): Promise<number> {
  const { values: flags, positionals } = parseFlags(args, TRAIN_ARGS);
  if (flags.help) {
    console.log(TRAIN_HELP);
    return 0;
  }
  if (positionals.length > 0)
    throw new UsageError(`train: unexpected argument '${positionals[0]}'`);
  if (flags.seeds !== undefined && flags.seeds.trim() !== '1')
    return (await import('./group-train.ts')).repeatCommand(flags);
  const config = configFromFlags(flags);
  const preset = presetName(flags.preset);
  const json = flags.json === true;
  const store = openStore(flags.db);
  try {
    const dataset = datasetForRun(store, flags.dataset ?? 'mnist');
    const reporter = json
      ? jsonReporter()
      : textReporter(config, dataset, estimateRun(config, dataset));
    const { run, end } = await superviseRun(store, reporter, (starter) =>
      flagChecked(() =>
        startRun(starter, {
          name: flags.name,
          notes: flags.notes,
          tags: flags.tags?.split(','),
          preset,
          config,
          datasetId: dataset.id,
        }),
      ),
    );

    if (end.status === 'completed' && flags['save-model'] !== undefined) {
      const model = store.getModel(run.id, 'final');
      if (model === null) throw new Error(`run ${run.id} completed without a final model`);
      saveModel(flags['save-model'], networkFromModel(model), dataset, {
        run: run.id,
        config,
        dataset: dataset.name,
        datasetHash: dataset.hash,
        testAccuracy: end.result?.testAccuracy,
        testLoss: end.result?.testLoss,
      });
      if (!json) console.log(`Model saved to ${flags['save-model']}`);
    }
    return exitCode(end);
  } finally {
    store.close();
  }
}

/** 0 for a completed run, 130 (as for SIGINT) for a cancelled one, 1 otherwise. */
export const exitCode = (end: Ended): number =>
  end.status === 'completed' ? 0 : end.status === 'cancelled' ? 130 : EXIT_FAILURE;

/** Trains the run `start` saves and queues, in a child process, under this process's heartbeat
 * (other processes then know it is alive), reporting each event, until it ends. Ctrl-C cancels
 * it: the worker stops after its batch and the run is saved as cancelled, to resume later. */
export async function superviseRun(
  store: Store,
  report: Reporter,
  start: (starter: RunStarter) => RunRow,
): Promise<{ run: RunRow; end: Ended }> {
  const { runs, ends } = await superviseRuns(store, report, (starter) => [start(starter)]);
  return { run: runs[0], end: ends[0] };
}

/** As superviseRun, for the runs of a repeat or sweep, trained one after another; Ctrl-C
 * cancels them all. Their ends come in the order of `runs`. */
export async function superviseRuns(
  store: Store,
  report: Reporter,
  start: (starter: RunStarter) => RunRow[],
): Promise<{ runs: RunRow[]; ends: Ended[] }> {
  const owner = currentOwner();
  const heartbeat = startHeartbeat(store, owner, {
    onError: (e) => console.error(`backprop-lab: heartbeat: ${(e as Error).message}`),
  });
  try {
    const supervisor = new Supervisor(store, forkSpawner(), owner);
    supervisor.subscribe(report);
    const ended = new Map<number, Ended>();
    supervisor.subscribe((e) => {
      if (e.type === 'ended') ended.set(e.runId, e);
    });
    const runs = start({ store, supervisor, owner });
    const onSigint = (): void => {
      for (const run of runs) supervisor.cancel(run.id);
    };
    process.on('SIGINT', onSigint);
    await supervisor.idle();
    process.off('SIGINT', onSigint);
    return { runs, ends: runs.map((r) => ended.get(r.id) as Ended) };
  } finally {
    heartbeat.stop();
  }
}

/** The fields checkAgainstDataset may name, and the flag that sets each. */
const FLAG_OF_FIELD: Record<string, string> = {
  validation: '--validation',
  batchSize: '--batch',
  layers: '--layers',
  dataset: '--dataset',
};

/** A run refused before anything is saved (it does not fit its dataset or the caps) is a usage
 * error naming the flag to change. */
export function flagChecked<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof ConfigError)
      throw new UsageError(
        `${FLAG_OF_FIELD[error.field] ?? error.field}: ${error.message.slice(error.field.length + 2)}`,
      );
    throw error;
  }
}

const megabytes = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

export type Reporter = (event: SupervisorEvent) => void;

/** JSON lines, each with its run's id, and its group's when it is one of a repeat or sweep. */
export function jsonReporter(group?: number): Reporter {
  return (e) => {
    const line = (o: object): void =>
      void process.stdout.write(
        `${jsonLine({ ...o, run: e.runId, ...(group !== undefined && { group }) })}\n`,
      );
    switch (e.type) {
      case 'started':
        line({
          type: 'start',
          train: e.trainCount,
          validation: e.validationCount,
          test: e.testCount,
          testHeldOut: e.testHeldOut,
          parameters: e.parameters,
          backend: e.backend,
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
      case 'ended':
        if (e.status === 'completed' && e.result !== null) {
          const r = e.result;
          line({
            type: 'done',
            testAccuracy: r.testAccuracy,
            testLoss: r.testLoss,
            atChance: atChance(r.testAccuracy, CLASSES),
            trainSeconds: r.trainSeconds,
            samplesPerSecond: r.samplesPerSecond,
            confusion: r.confusion,
          });
        } else if (e.status === 'failed')
          line({ type: 'error', message: e.error ?? 'training failed' });
        else line({ type: e.status });
        return;
      default:
        return;
    }
  };
}

export function textReporter(
  config: TrainConfig,
  dataset: DatasetRow,
  estimate: RunEstimate,
): Reporter {
  const live = process.stderr.isTTY === true;
  let batchesPerEpoch = 1;
  let trainCount = 0;
  let secondsSoFar = 0;
  let lastBatch = { epoch: 0, batch: 0 };
  const out = (s: string): void => void process.stdout.write(`${s}\n`);
  const clearBar = (): void => {
    if (live) process.stderr.write('\r\x1b[2K');
  };
  const sizes = architectureOf(config, dataset);

  return (e) => {
    switch (e.type) {
      case 'queued':
        out(`Run ${e.runId} saved to the database; training in a separate process.`);
        out(
          `Needs about ${megabytes(estimate.ram.total)} of memory; each checkpoint takes ` +
            `${megabytes(estimate.disk.perCheckpoint)} of disk.`,
        );
        return;
      case 'started':
        batchesPerEpoch = e.batchesPerEpoch;
        trainCount = e.trainCount;
        out(
          `Dataset ${printable(dataset.name)}: ${count(e.trainCount)} training, ${count(e.validationCount)} validation, ` +
            `${count(e.testCount)} test images` +
            (e.testHeldOut
              ? ` (no test part in the data: ${count(e.testCount)} held out by seed ${config.seed})`
              : ''),
        );
        out(
          `Network ${sizes.join('-')} (${count(parameterCount(sizes))} parameters), ` +
            `${config.activations.join('/') || 'no hidden layer'}, softmax, ${config.loss}, init ${config.init}`,
        );
        out(
          `Training ${config.optimizer} lr ${config.learningRate}, batch ${config.batchSize}, ` +
            `${config.epochs} epochs, l2 ${config.l2}, decay ${config.schedule.type}, seed ${config.seed}`,
        );
        out(`Backend ${e.backend}`);
        return;
      case 'progress': {
        lastBatch = { epoch: e.epoch, batch: e.batch };
        if (!live) return;
        const perBatch = trainCount / batchesPerEpoch;
        const epochLeft = ((batchesPerEpoch - e.batch) * perBatch) / e.samplesPerSecond;
        const runLeft = epochLeft + ((e.epochs - e.epoch) * trainCount) / e.samplesPerSecond;
        process.stderr.write(
          `\r\x1b[2Kepoch ${e.epoch}/${e.epochs} ${bar(e.batch / e.batches)} ${percent(e.batch / e.batches, 0)}  ` +
            `${count(e.samplesPerSecond)} samples/s  ETA ${duration(epochLeft)} (run ${duration(runLeft)})  ` +
            `loss ${e.loss.toFixed(4)}  acc ${percent(e.accuracy)}`,
        );
        return;
      }
      case 'epoch': {
        clearBar();
        secondsSoFar += e.seconds;
        lastBatch = { epoch: e.epoch, batch: batchesPerEpoch };
        const validation =
          e.validationLoss === null
            ? ''
            : `  val loss ${e.validationLoss.toFixed(4)} acc ${percent(e.validationAccuracy ?? 0)}`;
        out(
          `epoch ${String(e.epoch).padStart(String(e.epochs).length)}/${e.epochs}  ` +
            `train loss ${e.trainLoss.toFixed(4)} acc ${percent(e.trainAccuracy)}${validation}  ` +
            `${duration(e.seconds)}  ${count(e.samplesPerSecond)} samples/s  ETA ${duration((e.epochs - e.epoch) * (secondsSoFar / e.epoch))}`,
        );
        return;
      }
      case 'ended':
        clearBar();
        if (e.status === 'completed' && e.result !== null) {
          out(
            `\nTest accuracy ${percent(e.result.testAccuracy)} (loss ${e.result.testLoss.toFixed(4)}) after ` +
              `${duration(e.result.trainSeconds)} of training, ${count(e.result.samplesPerSecond)} samples/s`,
          );
          if (atChance(e.result.testAccuracy, CLASSES)) out(chanceNote(CLASSES));
          out(
            `Confusion matrix (rows: true digit, columns: predicted digit)\n${confusionTable(e.result.confusion)}`,
          );
          out(`Saved as run ${e.runId}.`);
        } else if (e.status === 'cancelled')
          out(
            `Cancelled near epoch ${lastBatch.epoch}, batch ${lastBatch.batch}; run ${e.runId} saved as cancelled with its finished epochs.`,
          );
        else console.error(`backprop-lab: run ${e.runId} ${e.status}: ${printable(e.error ?? '')}`);
        return;
    }
  };
}
