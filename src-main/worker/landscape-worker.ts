// The worker thread that computes one loss landscape (src-core/landscape) for
// services/landscape.ts, so the main process stays responsive: one job in workerData, progress
// posted at most every PROGRESS_MS, then one answer, and it ends. A stop flag in shared memory
// is read before every point (a message could not arrive while the computation runs).

import { parentPort, workerData } from 'node:worker_threads';
import { splitDataset } from '../../src-core/data/split.ts';
import {
  betweenRuns,
  LandscapeCancelled,
  line1d,
  map2d,
  type LandscapeInput,
} from '../../src-core/landscape/compute.ts';
import { loss } from '../../src-core/losses.ts';
import type { LandscapeResult } from '../contract/landscape.ts';
import { loadCsv, loadIdxDir } from '../data/load.ts';
import { datasetHash } from '../services/datasets.ts';
import { chooseLandscapeBackend } from './landscape-backend.ts';
import type { FromLandscapeWorker, LandscapeJob } from './landscape-job.ts';

const PROGRESS_MS = 100;

const post = (message: FromLandscapeWorker) => parentPort?.postMessage(message);

async function run(job: LandscapeJob): Promise<LandscapeResult> {
  const started = performance.now();
  const { source, params } = job;
  const dataset =
    source.kind === 'csv'
      ? loadCsv(source.path, source.name)
      : loadIdxDir(source.path, source.name);
  if (datasetHash(dataset) !== job.datasetHash)
    throw new Error(
      `the data in ${source.path} changed since it was registered as ${source.name}: ` +
        'the run was trained on other images',
    );
  const { train } = splitDataset(
    dataset,
    job.split.validation,
    job.split.testFraction,
    job.split.seed,
  );
  const count = Math.min(params.images, train.indices.length);
  const subset = { set: train.set, indices: train.indices.subarray(0, count) };
  const { backend } = await chooseLandscapeBackend(job.stack, count, train.set.images.byteLength);
  const stop = new Int32Array(job.stop);
  let last = 0;
  const input: LandscapeInput = {
    stack: job.stack,
    loss: loss(job.loss),
    subset,
    backend,
    shouldStop: () => Atomics.load(stop, 0) !== 0,
    onProgress: (done, total) => {
      const now = performance.now();
      if (now - last < PROGRESS_MS && done < total) return;
      last = now;
      post({ type: 'progress', done, total });
    },
  };
  const landscape =
    params.kind === '1d'
      ? line1d(input, job.initial!, job.final)
      : params.kind === 'between'
        ? betweenRuns(input, job.final, job.other!, params.align, params.other!)
        : map2d(input, job.final, job.trajectory, params.grid, params.plane);
  return {
    ...landscape,
    subset: `the first ${count.toLocaleString('en-US')} images of run ${job.runId}'s training part (${dataset.name || source.name}, its own split)`,
    images: count,
    seconds: (performance.now() - started) / 1000,
  };
}

run(workerData as LandscapeJob).then(
  (result) => post({ type: 'done', result }),
  (error: unknown) =>
    post(
      error instanceof LandscapeCancelled
        ? { type: 'cancelled' }
        : { type: 'failed', error: error instanceof Error ? error.message : String(error) },
    ),
);
