// `backprop-lab export RUN --format json|csv --out FILE`: the model (weights with their
// architecture, as the documented JSON model format) or the per-epoch metrics as CSV.

import { modelToDocument } from '../../src-core/model.ts';
import { writeFileAtomic } from '../atomic-write.ts';
import { networkFromModel } from '../services/models.ts';
import { openStore, runId } from './context.ts';
import { UsageError } from './errors.ts';
import { parseFlags } from './train-options.ts';

const CSV_COLUMNS = [
  'epoch',
  'trainLoss',
  'trainAccuracy',
  'validationLoss',
  'validationAccuracy',
  'learningRate',
  'seconds',
  'samplesPerSecond',
] as const;

export async function exportCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    format: { type: 'string' },
    out: { type: 'string' },
    db: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length !== 1)
    throw new UsageError('usage: backprop-lab export RUN --format json|csv --out FILE');
  if (values.format !== 'json' && values.format !== 'csv')
    throw new UsageError(
      `--format: expected json (the model) or csv (per-epoch metrics), got '${values.format ?? ''}'`,
    );
  if (values.out === undefined) throw new UsageError('export: --out FILE is required');
  const id = runId(positionals[0]);
  const store = openStore(values.db);
  try {
    const run = store.getRun(id);
    const epochs = store.getEpochs(id);
    let text: string;
    if (values.format === 'csv') {
      text =
        [
          CSV_COLUMNS.join(','),
          ...epochs.map((e) => CSV_COLUMNS.map((c) => e[c] ?? '').join(',')),
        ].join('\n') + '\n';
    } else {
      const model = store.getModel(id);
      if (model === null)
        throw new UsageError(
          `run ${id} has no saved model yet (status ${run.status}, ${epochs.length} epochs)`,
        );
      const dataset = store.getDataset(run.datasetId);
      const doc = modelToDocument(
        networkFromModel(model),
        { rows: dataset?.rows ?? 28, cols: dataset?.cols ?? 28 },
        {
          run: run.id,
          name: run.name,
          checkpoint: model.kind,
          epoch: model.epoch,
          config: run.config,
          dataset: run.datasetName,
          datasetHash: run.datasetHash,
          testAccuracy: run.testAccuracy,
          testLoss: run.testLoss,
          epochs,
        },
      );
      text = JSON.stringify(doc);
    }
    writeFileAtomic(values.out, text);
    if (values.json)
      console.log(JSON.stringify({ run: id, format: values.format, out: values.out }));
    else
      console.log(
        `Run ${id} exported to ${values.out} (${values.format === 'csv' ? `${epochs.length} epochs` : 'model'}).`,
      );
    return 0;
  } finally {
    store.close();
  }
}
