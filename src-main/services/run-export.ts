// A run leaving the app: its model as the documented JSON format or as ONNX, or its per-epoch
// metrics as CSV. The CLI writes the result to a file; the app offers it as a download.

import { modelToDocument } from '../../src-core/model.ts';
import type { Network } from '../../src-core/network.ts';
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
  /** The file's bytes in pieces, made as they are read: a large model's JSON is gigabytes of
   * text, more than one JavaScript string can hold, so it is never built whole. */
  readonly chunks: Iterable<Uint8Array>;
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
      chunks: [encoder.encode(`${lines.join('\n')}\n`)],
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
      chunks: [modelToOnnx(network, meta)],
      filename: `${base}.onnx`,
      mime: 'application/octet-stream',
      epochs: epochs.length,
    };
  const dataset = store.getDataset(run.datasetId);
  return {
    chunks: documentChunks(
      network,
      { rows: dataset?.rows ?? 28, cols: dataset?.cols ?? 28 },
      { ...meta, epochs },
    ),
    filename: `${base}.json`,
    mime: 'application/json',
    epochs: epochs.length,
  };
}

const encoder = new TextEncoder();

/** Exactly the bytes of `JSON.stringify(modelToDocument(network, input, meta))`, one row of
 * weights at a time. The document's other fields come from modelToDocument itself, given the
 * network without its layers, so the format keeps one definition. */
export function* documentChunks(
  network: Network,
  input: { rows: number; cols: number },
  meta: Record<string, unknown>,
): Generator<Uint8Array> {
  // modelToDocument reads only `architecture` and `layers`: the shell has the first from the
  // network (its prototype) and no layers of its own.
  const shell = Object.assign(Object.create(network) as Network, { layers: [] });
  const text = JSON.stringify(modelToDocument(shell, input, meta));
  // The first occurrence is the document's own key: "layers" comes before "meta".
  const at = text.indexOf('"layers":[]') + '"layers":['.length;
  yield encoder.encode(text.slice(0, at));
  for (const [l, layer] of network.layers.entries()) {
    yield encoder.encode(`${l === 0 ? '' : ','}{"weights":[`);
    for (let i = 0; i < layer.inSize; i++) {
      const row = layer.w.subarray(i * layer.outSize, (i + 1) * layer.outSize);
      yield encoder.encode(`${i === 0 ? '' : ','}${JSON.stringify(Array.from(row))}`);
    }
    yield encoder.encode(`],"biases":${JSON.stringify(Array.from(layer.b))}}`);
  }
  yield encoder.encode(text.slice(at));
}
