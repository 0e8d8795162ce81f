// The loss landscapes of saved runs (contract/landscape.ts says what each shows): a request is
// answered from the database when the same one was computed before, else a worker thread
// (worker/landscape-worker.ts) computes it while this process goes on answering, its progress
// and end sent to whoever listens. A computation's row is written when it starts (result NULL)
// and completed when it ends; one that failed or was cancelled leaves no row, and a row without
// a result and no worker (the app closed mid-way) is computed again when asked for.

import { Worker } from 'node:worker_threads';
import { stackOf } from '../../src-core/network.ts';
import { sameLayers } from '../../src-core/landscape/layout.ts';
import type { ActivationName } from '../../src-core/activations.ts';
import {
  LANDSCAPE_LIMITS,
  type ComputeLandscapeRequest,
  type LandscapeEvent,
  type LandscapeInfo,
  type LandscapeParams,
  type LandscapeResult,
  type LandscapeState,
} from '../contract/landscape.ts';
import type { Store } from '../store/store.ts';
import type { LandscapeRow, ModelRow } from '../store/types.ts';
import type { FromLandscapeWorker, LandscapeJob } from '../worker/landscape-job.ts';
import { sourceOf } from './datasets.ts';

export const LANDSCAPE_WORKER = new URL('../worker/landscape-worker.ts', import.meta.url);

/** Landscapes computed at once; more would only share the same cores. */
export const MAX_COMPUTING = 2;
/** How long a cancelled worker may take to reach its next point before it is terminated. */
const CANCEL_GRACE_MS = 5000;

/** A request the service refuses, with the API's error code and the field at fault. */
export class LandscapeRequestError extends Error {
  readonly code: 'invalid-request' | 'not-found' | 'conflict';
  readonly field: string | undefined;
  constructor(code: LandscapeRequestError['code'], message: string, field?: string) {
    super(message);
    this.name = 'LandscapeRequestError';
    this.code = code;
    this.field = field;
  }
}

interface Job {
  readonly worker: Worker;
  readonly stop: Int32Array;
  readonly row: LandscapeRow;
  state: LandscapeState;
  /** Resolves when the worker has ended, whatever the outcome. */
  readonly ended: Promise<void>;
}

export interface LandscapeDeps {
  readonly store: Store;
  readonly emit: (event: LandscapeEvent) => void;
  readonly mnistDir?: string;
  /** The worker's entry (a bundled file in the desktop app). */
  readonly worker?: URL;
}

/** The request with its defaults: what a result is kept under. Refuses what does not fit. */
export function landscapeParams(r: ComputeLandscapeRequest): LandscapeParams {
  const only = (field: 'other' | 'align' | 'grid' | 'plane', kind: string) => {
    if (r[field] !== undefined && r.kind !== kind)
      throw new LandscapeRequestError(
        'invalid-request',
        `${field} is for a ${kind} landscape, not ${r.kind}`,
        field,
      );
  };
  only('other', 'between');
  only('align', 'between');
  only('grid', '2d');
  only('plane', '2d');
  if (r.kind === 'between' && r.other === undefined)
    throw new LandscapeRequestError(
      'invalid-request',
      'a between landscape needs the other run',
      'other',
    );
  if (r.other === r.id)
    throw new LandscapeRequestError(
      'invalid-request',
      'the other run must be another run',
      'other',
    );
  return {
    kind: r.kind,
    other: r.other ?? null,
    align: r.kind === 'between' ? (r.align ?? true) : false,
    grid: r.kind === '2d' ? (r.grid ?? LANDSCAPE_LIMITS.grid.default) : 0,
    plane: r.plane ?? 'random',
    images: r.images ?? LANDSCAPE_LIMITS.images.default,
  };
}

export class Landscapes {
  readonly #deps: LandscapeDeps;
  /** Computations of this process, by landscape id, kept after they end (their outcome). */
  readonly #jobs = new Map<number, Job>();

  constructor(deps: LandscapeDeps) {
    this.#deps = deps;
  }

  compute(request: ComputeLandscapeRequest): LandscapeInfo {
    const params = landscapeParams(request);
    const { store } = this.#deps;
    const key = JSON.stringify(params);
    const found = store.findLandscape(request.id, key);
    if (found !== null) {
      const job = this.#jobs.get(found.id);
      if (found.result !== null || job?.state.status === 'computing') return this.get(found.id);
    }
    const job = this.#prepare(request.id, params);
    const row = found ?? store.addLandscape(request.id, params.other, params.kind, key);
    this.#start(row, job);
    return this.get(row.id);
  }

  get(landscapeId: number): LandscapeInfo {
    const row = this.#jobs.get(landscapeId)?.row ?? this.#deps.store.getLandscape(landscapeId);
    return {
      landscapeId,
      runId: row.runId,
      params: JSON.parse(row.params) as LandscapeParams,
      createdAt: row.createdAt,
      state: this.#state(landscapeId),
    };
  }

  /** Stops a computation under way; false if none is (it ended, or was never started here). */
  cancel(landscapeId: number): boolean {
    const job = this.#jobs.get(landscapeId);
    if (job === undefined || job.state.status !== 'computing') return false;
    Atomics.store(job.stop, 0, 1);
    const timer = setTimeout(() => void job.worker.terminate(), CANCEL_GRACE_MS);
    void job.ended.then(() => clearTimeout(timer));
    return true;
  }

  /** Ends every computation under way (their rows are computed again when next asked for). */
  async close(): Promise<void> {
    const running = [...this.#jobs.values()].filter((j) => j.state.status === 'computing');
    await Promise.all(running.map((j) => j.worker.terminate().then(() => j.ended)));
  }

  #state(landscapeId: number): LandscapeState {
    const job = this.#jobs.get(landscapeId);
    if (job !== undefined && job.state.status !== 'done') return job.state;
    const row = this.#deps.store.getLandscape(landscapeId);
    if (row.result !== null)
      return { status: 'done', result: JSON.parse(row.result) as LandscapeResult };
    return {
      status: 'failed',
      error: 'its computation stopped when Backprop Lab closed: ask for it again',
    };
  }

  /** Everything the worker needs, checked before any row is written. */
  #prepare(runId: number, params: LandscapeParams): Omit<LandscapeJob, 'stop'> {
    const computing = [...this.#jobs.values()].filter((j) => j.state.status === 'computing');
    if (computing.length >= MAX_COMPUTING)
      throw new LandscapeRequestError(
        'conflict',
        `${computing.length} landscapes are being computed already: wait for one, or cancel it`,
      );
    const { store, mnistDir } = this.#deps;
    const run = store.getRun(runId);
    const final = this.#finalModel(runId, 'id');
    const stack = stackOf({
      sizes: final.sizes,
      activations: final.activations as ActivationName[],
    });
    let other: Float32Array | null = null;
    if (params.other !== null) {
      const model = this.#finalModel(params.other, 'other');
      const otherStack = stackOf({
        sizes: model.sizes,
        activations: model.activations as ActivationName[],
      });
      if (!sameLayers(stack, otherStack))
        throw new LandscapeRequestError(
          'invalid-request',
          `run ${params.other} (${model.sizes.join('-')}, ${model.activations.join(', ')}) is not ` +
            `the network of run ${runId} (${final.sizes.join('-')}, ${final.activations.join(', ')})`,
          'other',
        );
      other = model.weights;
    }
    let initial: Float32Array | null = null;
    if (params.kind === '1d') {
      initial = store.getModel(runId, 'initial')?.weights ?? null;
      if (initial === null)
        throw new LandscapeRequestError(
          'not-found',
          `run ${runId} was trained before initial weights were kept: train it again to see its path`,
          'id',
        );
    }
    const trajectory = params.kind === '2d' ? store.getTrajectory(runId) : [];
    if (params.kind === '2d' && params.plane === 'pca' && trajectory.length < 3)
      throw new LandscapeRequestError(
        'invalid-request',
        `run ${runId} has ${trajectory.length} saved point(s) of its training path; the path's ` +
          'own plane needs 3 (runs trained before paths were kept have none): use plane random',
        'plane',
      );
    const dataset = store.getDataset(run.datasetId);
    if (dataset === null)
      throw new LandscapeRequestError(
        'not-found',
        `run ${runId}'s dataset is no longer registered`,
      );
    const { validation, testFraction, seed, loss } = run.config;
    return {
      params,
      runId,
      source: sourceOf(dataset, mnistDir),
      datasetHash: run.datasetHash,
      split: { validation, testFraction, seed },
      loss,
      stack,
      final: final.weights,
      initial,
      other,
      trajectory,
    };
  }

  /** Where the run's training ended: its final weights (its last for a stopped run). */
  #finalModel(id: number, field: 'id' | 'other'): ModelRow {
    const run = this.#deps.store.getRun(id);
    if (run.status === 'queued' || run.status === 'running')
      throw new LandscapeRequestError(
        'conflict',
        `run ${id} is still ${run.status}: its landscape can be drawn once it ends`,
        field,
      );
    const model = this.#deps.store.getModel(id);
    if (model === null)
      throw new LandscapeRequestError('not-found', `run ${id} has no saved model`, field);
    return model;
  }

  #start(row: LandscapeRow, prepared: Omit<LandscapeJob, 'stop'>): void {
    const { store, emit } = this.#deps;
    const stopBuffer = new SharedArrayBuffer(4);
    const workerData: LandscapeJob = { ...prepared, stop: stopBuffer };
    const worker = new Worker(this.#deps.worker ?? LANDSCAPE_WORKER, { workerData });
    let finish = () => {};
    const job: Job = {
      worker,
      stop: new Int32Array(stopBuffer),
      row,
      state: { status: 'computing', done: 0, total: 1 },
      ended: new Promise((resolve) => (finish = resolve)),
    };
    this.#jobs.set(row.id, job);
    const base = { landscapeId: row.id, runId: row.runId };
    const end = (state: Exclude<LandscapeState, { status: 'computing' }>) => {
      if (job.state.status !== 'computing') return;
      try {
        if (state.status === 'done') store.setLandscapeResult(row.id, JSON.stringify(state.result));
        else store.deleteLandscape(row.id);
        job.state = state;
      } catch (error) {
        job.state = {
          status: 'failed',
          error: error instanceof Error ? error.message : String(error),
        };
      }
      const status = job.state.status as 'done' | 'failed' | 'cancelled';
      emit({
        type: 'landscapeEnded',
        ...base,
        status,
        error: job.state.status === 'failed' ? job.state.error : null,
      });
    };
    worker.on('message', (m: FromLandscapeWorker) => {
      if (m.type === 'progress') {
        if (job.state.status !== 'computing') return;
        job.state = { status: 'computing', done: m.done, total: m.total };
        emit({ type: 'landscapeProgress', ...base, done: m.done, total: m.total });
      } else if (m.type === 'done') end({ status: 'done', result: m.result });
      else if (m.type === 'cancelled') end({ status: 'cancelled' });
      else end({ status: 'failed', error: m.error });
    });
    worker.on('error', (error) => end({ status: 'failed', error: error.message }));
    worker.on('exit', (code) => {
      end(
        Atomics.load(job.stop, 0) !== 0
          ? { status: 'cancelled' }
          : { status: 'failed', error: `the landscape's worker stopped (exit code ${code})` },
      );
      finish();
    });
  }
}
