// The worker thread that parses an imported dataset (see dataset-parse.ts): one job in
// workerData, one answer posted back, then it ends.

import { parentPort, workerData } from 'node:worker_threads';
import { DataError } from '../../src-core/data/dataset.ts';
import { describeKept, type ParseJob, type ThreadAnswer } from './dataset-parse.ts';

let answer: ThreadAnswer;
try {
  answer = { ok: true, info: describeKept(workerData as ParseJob) };
} catch (error) {
  const e = error instanceof Error ? error : new Error(String(error));
  answer = {
    ok: false,
    dataError: e instanceof DataError,
    source: e instanceof DataError ? e.source : '',
    location: e instanceof DataError ? e.location : null,
    message: e.message,
  };
}
parentPort?.postMessage(answer);
