// The worker thread that computes one loss landscape (src-core/landscape) for
// services/landscape.ts, so the main process stays responsive: one job in workerData, progress
// posted at most every PROGRESS_MS, then one answer, and it ends. A stop flag in shared memory
// is read before every point (a message could not arrive while the computation runs).

import { parentPort, workerData } from 'node:worker_threads';
import { splitDataset } from '../../src-core/data/split.ts';
import { CHUNK } from '../../src-core/train.ts';
import {
  betweenRuns,
  LandscapeCancelled,
  line1d,
  map2d,
  type LandscapeInput,
} from '../../src-core/landscape/compute.ts';
import { denseBlocks } from '../../src-core/landscape/layout.ts';
import { loss } from '../../src-core/losses.ts';
import { DEFAULT_CAPACITY } from '../../src-core/wasm/backend.ts';
import { chooseBackend } from '../../src-core/wasm/choose.ts';
import type { LandscapeResult } from '../contract/landscape.ts';
import { loadCsv, loadIdxDir } from '../data/load.ts';
import { datasetHash } from '../services/datasets.ts';
import { loadKernels } from '../wasm-build.ts';
import type { FromLandscapeWorker, LandscapeJob } from './landscape-job.ts';

const PROGRESS_MS = 100;

const post = (message: FromLandscapeWorker) => parentPort?.postMessage(message);

/** Bytes the WASM backend reserves: the first layer's products of up to three fixed vectors
 * for every image, a few networks' parameters and 1000-row buffers, twice over, and room for
 * the images it gathers from. Reserved pages cost nothing until written. */
function capacity(job: LandscapeJob, images: number, datasetBytes: number): number {
  const blocks = denseBlocks(job.stack);
  const units = blocks.reduce((n, b) => n + b.outSize, job.stack.inputs);
  const work = 4 * (3 * images * blocks[0].outSize + 6 * job.final.length + 6 * CHUNK * units);
  return DEFAULT_CAPACITY + 2 * work + datasetBytes;
}

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
  let kernels: Uint8Array | null = null;
  try {
    kernels = new Uint8Array(await loadKernels('single'));
  } catch {
    kernels = null;
  }
  const { backend } = chooseBackend(kernels, {
    capacity: capacity(job, count, train.set.images.byteLength),
  });
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
