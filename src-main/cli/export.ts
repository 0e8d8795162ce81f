// `backprop-lab export RUN --format json|onnx|csv --out FILE`: the model (weights with their
// architecture, as the documented JSON model format, or as an ONNX file that ONNX runtimes and
// viewers read) or the per-epoch metrics as CSV.

import { modelToDocument } from '../../src-core/model.ts';
import { modelToOnnx } from '../../src-core/onnx.ts';
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
    throw new UsageError('usage: backprop-lab export RUN --format json|onnx|csv --out FILE');
  const format = values.format;
  if (format !== 'json' && format !== 'onnx' && format !== 'csv')
    throw new UsageError(
      `--format: expected json (the model), onnx (the model for ONNX runtimes) or csv (per-epoch metrics), got '${format ?? ''}'`,
    );
  if (values.out === undefined) throw new UsageError('export: --out FILE is required');
  const id = runId(positionals[0]);
  const store = openStore(values.db);
  try {
    const run = store.getRun(id);
    const epochs = store.getEpochs(id);
    let data: string | Uint8Array;
    if (format === 'csv') {
      data =
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
      const network = networkFromModel(model);
      const meta = {
        run: run.id,
        name: run.name,
        checkpoint: model.kind,
        epoch: model.epoch,
        config: run.config,
        dataset: run.datasetName,
        datasetHash: run.datasetHash,
        testAccuracy: run.testAccuracy,
        testLoss: run.testLoss,
      };
      if (format === 'onnx') {
        // The per-epoch metrics stay out of the ONNX metadata: viewers show every entry as text.
        data = modelToOnnx(network, meta);
      } else {
        const dataset = store.getDataset(run.datasetId);
        const doc = modelToDocument(
          network,
          { rows: dataset?.rows ?? 28, cols: dataset?.cols ?? 28 },
          { ...meta, epochs },
        );
        data = JSON.stringify(doc);
      }
    }
    writeFileAtomic(values.out, data);
    if (values.json) console.log(JSON.stringify({ run: id, format, out: values.out }));
    else
      console.log(
        `Run ${id} exported to ${values.out} (${format === 'csv' ? `${epochs.length} epochs` : 'model'}).`,
      );
    return 0;
  } finally {
    store.close();
  }
}
