// `backprop-lab export RUN --format json|onnx|csv --out FILE`: the model (weights with their
// architecture, as the documented JSON model format, or as an ONNX file that ONNX runtimes and
// viewers read) or the per-epoch metrics as CSV.

import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { EXPORT_FORMATS, exportRun, type ExportFormat } from '../services/run-export.ts';
import { openStore, runId } from './context.ts';
import { UsageError } from './errors.ts';
import { parseFlags } from './train-options.ts';

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
  if (!(EXPORT_FORMATS as readonly (string | undefined)[]).includes(format))
    throw new UsageError(
      `--format: expected json (the model), onnx (the model for ONNX runtimes) or csv (per-epoch metrics), got '${format ?? ''}'`,
    );
  if (values.out === undefined) throw new UsageError('export: --out FILE is required');
  const id = runId(positionals[0]);
  const store = openStore(values.db);
  try {
    const exported = exportRun(store, id, format as ExportFormat);
    writeChunksAtomic(values.out, exported.chunks);
    if (values.json) console.log(JSON.stringify({ run: id, format, out: values.out }));
    else
      console.log(
        `Run ${id} exported to ${values.out} (${format === 'csv' ? `${exported.epochs} epochs` : 'model'}).`,
      );
    return 0;
  } finally {
    store.close();
  }
}

/** Writes the chunks, as they are made, beside the target and renames it over the target once
 * all are written: a large model never sits in memory whole, and an interrupted export never
 * leaves half a file. */
function writeChunksAtomic(path: string, chunks: Iterable<Uint8Array>): void {
  const temp = `${path}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w');
  try {
    for (const chunk of chunks) {
      for (let done = 0; done < chunk.length;)
        done += writeSync(fd, chunk, done, chunk.length - done);
    }
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(temp, path);
}
