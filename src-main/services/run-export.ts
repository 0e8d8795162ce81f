// A run leaving the app: its model as the documented JSON format or as ONNX, or its per-epoch
// metrics as CSV. The CLI writes the result to a file; the app offers it as a download.

import { modelToDocument } from '../../src-core/model.ts';
import { modelToOnnx } from '../../src-core/onnx.ts';
import { NotFoundError } from '../store/errors.ts';
import type { Store } from '../store/store.ts';
import { networkFromModel } from './models.ts';

export const EXPORT_FORMATS = ['json', 'onnx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

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

export interface ExportedRun {
  readonly data: string | Uint8Array;
  /** A file name to suggest, e.g. "run-12-quick-784-128-64-10.onnx". */
  readonly filename: string;
  readonly mime: string;
  readonly epochs: number;
}

export function exportRun(store: Store, id: number, format: ExportFormat): ExportedRun {
  const run = store.getRun(id);
  const epochs = store.getEpochs(id);
  const base = `run-${id}-${
    run.name
      .replace(/[^\w.-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'model'
  }`;
  if (format === 'csv') {
    const lines = [
      CSV_COLUMNS.join(','),
      ...epochs.map((e) => CSV_COLUMNS.map((c) => e[c] ?? '').join(',')),
    ];
    return {
      data: `${lines.join('\n')}\n`,
      filename: `${base}-epochs.csv`,
      mime: 'text/csv',
      epochs: epochs.length,
    };
  }
  const model = store.getModel(id);
  if (model === null)
    throw new NotFoundError(
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
  if (format === 'onnx')
    // The per-epoch metrics stay out of the ONNX metadata: viewers show every entry as text.
    return {
      data: modelToOnnx(network, meta),
      filename: `${base}.onnx`,
      mime: 'application/octet-stream',
      epochs: epochs.length,
    };
  const dataset = store.getDataset(run.datasetId);
  const doc = modelToDocument(
    network,
    { rows: dataset?.rows ?? 28, cols: dataset?.cols ?? 28 },
    { ...meta, epochs },
  );
  return {
    data: JSON.stringify(doc),
    filename: `${base}.json`,
    mime: 'application/json',
    epochs: epochs.length,
  };
}
