// Parsing an imported dataset's kept copy (see dataset-import.ts): every row or record checked,
// and the content hashed. Parsing a large CSV takes a CPU for a second or more, so browser mode
// runs it in a worker thread (import-worker.ts) and the event loop keeps answering; only
// sizes and the hash come back, never the pixels.

import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { parseCsv } from '../../src-core/data/csv.ts';
import { DataError, type Dataset } from '../../src-core/data/dataset.ts';
import { loadIdxDir } from '../data/load.ts';
import { datasetHash } from './datasets.ts';

export interface ParseJob {
  readonly kind: 'csv' | 'idx';
  /** The kept CSV file, or the kept folder of IDX files. */
  readonly path: string;
  /** How messages name each kept file and the folder: as the user knows them. */
  readonly labels: readonly { readonly path: string; readonly label: string }[];
}

/** What registering a dataset needs from its content. */
export interface DatasetInfo {
  readonly hash: string;
  readonly trainCount: number;
  readonly testCount: number;
  readonly rows: number;
  readonly cols: number;
}

/** Parses a kept copy; rejects with a DataError that names the file and line or record. */
export type DatasetParser = (job: ParseJob) => Promise<DatasetInfo>;

export function describeKept(job: ParseJob): DatasetInfo {
  const dataset = parseKept(job);
  return {
    hash: datasetHash(dataset),
    trainCount: dataset.train.count,
    testCount: dataset.test?.count ?? 0,
    rows: dataset.train.rows,
    cols: dataset.train.cols,
  };
}

function parseKept(job: ParseJob): Dataset {
  const labelOf = (path: string) => job.labels.find((l) => l.path === path)?.label ?? path;
  if (job.kind === 'csv') {
    const bytes = readFileSync(job.path);
    const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return { name: '', train: parseCsv(view, labelOf(job.path)), test: null };
  }
  try {
    return loadIdxDir(job.path, '');
  } catch (error) {
    if (!(error instanceof DataError)) throw error;
    // loadIdxDir names the kept files; say the user's names instead, longest path first so a
    // file is not mistaken for its folder.
    let message = error.message;
    for (const { path, label } of [...job.labels].sort((a, b) => b.path.length - a.path.length))
      message = message.replaceAll(path, label);
    throw dataError(error.source, error.location, message);
  }
}

/** A DataError with its message as given (relabelled, or carried across from a thread). */
function dataError(source: string, location: string | null, message: string): DataError {
  const error = new DataError(source, location, '');
  error.message = message;
  return error;
}

/** In the calling thread: for hosts that cannot start the worker file (see electron/main.ts). */
export const parseInline: DatasetParser = async (job) => describeKept(job);

export const IMPORT_WORKER = new URL('./import-worker.ts', import.meta.url);

/** In a worker thread, one per import, ended when it answers. */
export function parseInThread(entry: URL = IMPORT_WORKER): DatasetParser {
  return (job) =>
    new Promise((resolve, reject) => {
      const worker = new Worker(entry, { workerData: job });
      worker.once('message', (answer: ThreadAnswer) => {
        if (answer.ok) resolve(answer.info);
        else if (answer.dataError)
          reject(dataError(answer.source, answer.location, answer.message));
        else reject(new Error(answer.message));
      });
      worker.once('error', reject);
      worker.once('exit', (code) =>
        reject(new Error(`the import stopped before it answered (exit code ${code})`)),
      );
    });
}

export type ThreadAnswer =
  | { readonly ok: true; readonly info: DatasetInfo }
  | {
      readonly ok: false;
      readonly dataError: boolean;
      readonly source: string;
      readonly location: string | null;
      readonly message: string;
    };
