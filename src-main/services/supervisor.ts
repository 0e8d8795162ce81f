// The training supervisor: queues runs, starts each in its own process, turns the process's
// messages into store writes (one transaction per event) and into events for whoever watches
// (a terminal, the app's windows). It alone writes training results to the database.
//
// A run stops early for one of two reasons, kept apart: the learner cancelled it (it is tested
// with its best checkpoint, and the cancel goes into its history), or the app is closing
// (`shutdown`: it is interrupted, and says so). Either may be resumed later from its last
// checkpoint: a queued run whose store holds a training state goes on from it.
//
// A learner may pause a running run, step it one batch at a time, change its learning rate while
// paused, and resume it. Each is a message to the process; what the process confirms is saved as
// the run's history (run events) and passed on to watchers.

import type { TrainConfig } from '../../src-core/config.ts';
import { checkLearningRate } from '../../src-core/train.ts';
import type { EndStatus, SupervisorEvent } from '../contract/events.ts';
import {
  CLOSED_WHILE_TRAINING,
  type FinalResult,
  type Owner,
  type TestResult,
} from '../contract/rows.ts';
import {
  fromWorkerSchema,
  type DatasetSource,
  type ToWorker,
} from '../contract/worker-messages.ts';
import type { Store } from '../store/store.ts';
import type { Spawner, WorkerProcess } from './spawner.ts';

/** How long a training process may take from its spawn to its `started` message (loading and
 * checking the data): MNIST loads in a few seconds, so a process still silent after this is
 * stuck (a FIFO, a hung disk) and is killed, its run failed. */
export const START_TIMEOUT_MS = 120_000;
/** How long a process may take to honour a cancel (it stops after its batch, well under a
 * second) before it is killed and its run saved as cancelled anyway. */
export const CANCEL_GRACE_MS = 5_000;

export interface SupervisorOptions {
  /** Runs trained at once. */
  readonly concurrency?: number;
  readonly startTimeoutMs?: number;
  readonly cancelGraceMs?: number;
}

interface Job {
  readonly runId: number;
  readonly source: DatasetSource;
  readonly config: TrainConfig;
  worker: WorkerProcess | null;
  ended: boolean;
  /** Set when the run is asked to stop: how it then ends. */
  stopAs: 'cancelled' | 'interrupted' | null;
  /** Whether the process last said it is paused: the process alone decides when it pauses,
   * steps and goes on (see training-worker.ts); this is only its latest word. */
  paused: boolean;
  /** Whether the process has sent `started` (its data loaded and checked). */
  started: boolean;
  /** Kills the process when it does not start, or does not honour a cancel, in time. */
  timer: NodeJS.Timeout | null;
}

export class Supervisor {
  readonly #store: Store;
  readonly #spawner: Spawner;
  readonly #owner: Owner;
  readonly #concurrency: number;
  readonly #startTimeoutMs: number;
  readonly #cancelGraceMs: number;
  readonly #queue: Job[] = [];
  readonly #running = new Map<number, Job>();
  readonly #listeners = new Set<(e: SupervisorEvent) => void>();
  #idleWaiters: (() => void)[] = [];

  constructor(store: Store, spawner: Spawner, owner: Owner, options: SupervisorOptions = {}) {
    this.#store = store;
    this.#spawner = spawner;
    this.#owner = owner;
    this.#concurrency = options.concurrency ?? 1;
    this.#startTimeoutMs = options.startTimeoutMs ?? START_TIMEOUT_MS;
    this.#cancelGraceMs = options.cancelGraceMs ?? CANCEL_GRACE_MS;
  }

  subscribe(listener: (e: SupervisorEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Queues a run the store already holds as 'queued'. */
  submit(runId: number, source: DatasetSource): void {
    const run = this.#store.getRun(runId);
    this.#queue.push({
      runId,
      source,
      config: run.config,
      worker: null,
      ended: false,
      stopAs: null,
      paused: false,
      started: false,
      timer: null,
    });
    this.#emit({ runId, type: 'queued' });
    this.#startNext();
  }

  /** Cancels a queued run at once, or asks a running one to stop after its current batch (its
   * best checkpoint is then tested). Returns false if the run is not queued or running here. */
  cancel(runId: number): boolean {
    return this.#stop(runId, 'cancelled');
  }

  #stop(runId: number, as: 'cancelled' | 'interrupted'): boolean {
    const index = this.#queue.findIndex((j) => j.runId === runId);
    if (index >= 0) {
      const [job] = this.#queue.splice(index, 1);
      job.stopAs = as;
      this.#stopped(job, null, null);
      return true;
    }
    const job = this.#running.get(runId);
    if (job === undefined || job.ended) return false;
    if (job.stopAs !== null) return true;
    job.stopAs = as;
    const best = as === 'cancelled' ? this.#store.getModel(runId, 'best') : null;
    job.worker?.send({
      type: 'cancel',
      testWith: (best?.weights ?? null) as Float32Array<ArrayBuffer> | null,
    });
    this.#armStop(job);
    return true;
  }

  /** A stop is done, not merely asked for: a process that does not stop in time is killed. It
   * stops after its batch, and a full batch takes seconds, so the grace counts from its last
   * word: each progress report of the batch in flight (see #onMessage) starts it again. */
  #armStop(job: Job): void {
    this.#arm(job, this.#cancelGraceMs, () => this.#stopped(job, null, null));
  }

  /** Ends a job asked to stop, as it was asked: a cancel with its place in the run (null when
   * the process did not say) and its best checkpoint's test result, or an interruption. */
  #stopped(job: Job, at: { epoch: number; batch: number } | null, tested: TestResult | null): void {
    if (job.stopAs === 'interrupted') {
      this.#end(job, 'interrupted', CLOSED_WHILE_TRAINING, null);
      return;
    }
    const place = at ?? { epoch: this.#store.getRun(job.runId).epochsDone + 1, batch: 0 };
    this.#store.addRunEvent(job.runId, { ...place, kind: 'cancelled', value: null });
    this.#end(job, 'cancelled', null, null, true, tested);
  }

  /** Asks a running run to pause before its next batch ('paused' follows, unless it is paused
   * already). Returns false if the run is not running here. */
  pause(runId: number): boolean {
    return this.#send(runId, { type: 'pause' });
  }

  /** Lets a paused (or pausing) run go on ('resumed' follows if it was paused). Returns false if
   * the run is not running here. */
  resume(runId: number): boolean {
    return this.#send(runId, { type: 'resume' });
  }

  /** Trains one batch of a paused run, which then pauses again ('paused' follows). Returns false
   * unless the run is running here and paused. */
  step(runId: number): boolean {
    return this.isPaused(runId) && this.#send(runId, { type: 'step' });
  }

  #send(runId: number, message: ToWorker): boolean {
    const job = this.#live(runId);
    job?.worker.send(message);
    return job !== undefined;
  }

  /** Trains a paused run at `learningRate` from its next batch on, whatever its schedule says
   * ('learning-rate' follows). Throws ConfigError for a rate not above 0 and at most 100;
   * returns false unless the run is running here and paused. */
  setLearningRate(runId: number, learningRate: number): boolean {
    checkLearningRate(learningRate);
    return this.isPaused(runId) && this.#send(runId, { type: 'set-learning-rate', learningRate });
  }

  /** Tells watchers that runs owned by another process ended as interrupted (its heartbeat
   * went stale, see store/owner.ts), as they hear of any run's end. */
  announceInterrupted(runIds: readonly number[]): void {
    for (const runId of runIds) {
      if (this.#running.has(runId)) continue; // ours: our own process reports its end
      const { error } = this.#store.getRun(runId);
      this.#emit({ runId, type: 'ended', status: 'interrupted', error, result: null });
    }
  }

  /** Whether the run is running here and its process has confirmed a pause not since lifted. */
  isPaused(runId: number): boolean {
    return this.#live(runId)?.paused === true;
  }

  activeRuns(): number[] {
    return [...this.#running.keys(), ...this.#queue.map((j) => j.runId)];
  }

  /** Resolves when no run is queued or running. */
  idle(): Promise<void> {
    if (this.#running.size === 0 && this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Stops everything (queued runs at once, running ones after their batch) as interrupted by
   * the app's closing, so each may be resumed later, and waits. */
  async shutdown(): Promise<void> {
    for (const runId of this.activeRuns()) this.#stop(runId, 'interrupted');
    await this.idle();
  }

  /** The job of a run training in a process of ours, not yet ended. */
  #live(runId: number): (Job & { worker: WorkerProcess }) | undefined {
    const job = this.#running.get(runId);
    if (job === undefined || job.ended || job.worker === null) return undefined;
    return job as Job & { worker: WorkerProcess };
  }

  #startNext(): void {
    while (this.#running.size < this.#concurrency && this.#queue.length > 0) {
      const job = this.#queue.shift() as Job;
      try {
        this.#store.checkIntact();
      } catch (error) {
        this.#end(job, 'failed', `refused to start the run: ${messageOf(error)}`, null);
        continue;
      }
      let worker: WorkerProcess;
      try {
        worker = this.#spawner.spawn();
      } catch (error) {
        // Nothing runs for this job: end it here, so the queue goes on.
        this.#end(job, 'failed', `could not start the training process: ${messageOf(error)}`, null);
        continue;
      }
      this.#running.set(job.runId, job);
      job.worker = worker;
      worker.onMessage((raw) => this.#onMessage(job, raw));
      worker.onExit((code, signal, detail) => this.#onExit(job, code, signal, detail));
      // A run resumed from a checkpoint goes on from the state saved with it.
      const resume = this.#store.trainStateOf(job.runId) ?? undefined;
      worker.send({
        type: 'start',
        runId: job.runId,
        config: job.config,
        dataset: job.source,
        resume,
      });
      this.#arm(job, this.#startTimeoutMs, () => {
        const s = Math.round(this.#startTimeoutMs / 1000);
        this.#end(
          job,
          'failed',
          `the training process did not start within ${s} s (loading ${job.source.path}); ` +
            'it was stopped',
          null,
        );
      });
    }
  }

  /** Runs `then` after `ms` unless the job ends or another timer replaces this one first. */
  #arm(job: Job, ms: number, then: () => void): void {
    if (job.timer !== null) clearTimeout(job.timer);
    job.timer = setTimeout(() => {
      job.timer = null;
      if (!job.ended) then();
    }, ms);
    job.timer.unref();
  }

  #onMessage(job: Job, raw: unknown): void {
    if (job.ended) return;
    const parsed = fromWorkerSchema.safeParse(raw);
    if (!parsed.success) {
      this.#end(
        job,
        'failed',
        `the training process sent an invalid message: ${parsed.error.message}`,
        null,
      );
      return;
    }
    const m = parsed.data;
    if (job.stopAs !== null && m.type === 'progress') this.#armStop(job);
    const { runId } = job;
    const store = this.#store;
    try {
      switch (m.type) {
        case 'started': {
          const { type: _, datasetHash, weights: initial, ...info } = m;
          const expected = store.getRun(runId).datasetHash;
          if (datasetHash !== expected) {
            this.#end(job, 'failed', changedData(job.source, expected, datasetHash), null);
            return;
          }
          job.started = true;
          if (job.stopAs === null && job.timer !== null) {
            clearTimeout(job.timer);
            job.timer = null;
          }
          store.startRun(runId, info, this.#owner, initial);
          this.#emit({ runId, type: 'started', datasetHash, ...info });
          return;
        }
        case 'progress':
          store.addProgress(runId, m);
          this.#emit({ runId, ...m });
          return;
        case 'epoch': {
          const { weights, trainState, ...row } = m;
          store.addEpoch(runId, row, weights, trainState);
          this.#emit({ runId, ...row });
          return;
        }
        case 'paused': {
          const kind = m.step ? 'step' : 'paused';
          job.paused = true;
          store.addRunEvent(runId, { epoch: m.epoch, batch: m.batch, kind, value: null });
          this.#emit({ runId, ...m });
          return;
        }
        case 'resumed':
          job.paused = false;
          store.addRunEvent(runId, {
            epoch: m.epoch,
            batch: m.batch,
            kind: 'resumed',
            value: null,
          });
          this.#emit({ runId, ...m });
          return;
        case 'learning-rate':
          store.addRunEvent(runId, {
            epoch: m.epoch,
            batch: m.batch,
            kind: 'learning-rate',
            value: m.learningRate,
          });
          this.#emit({ runId, ...m });
          return;
        case 'done': {
          const { weights, type: _, ...result } = m;
          store.completeRun(runId, result, weights);
          this.#end(job, 'completed', null, result, false);
          return;
        }
        case 'cancelled':
          this.#stopped(job, m, m.tested);
          return;
        case 'failed':
          this.#end(job, 'failed', m.message, null);
          return;
      }
    } catch (error) {
      this.#end(job, 'failed', `could not save the run: ${messageOf(error)}`, null);
    }
  }

  #onExit(job: Job, code: number | null, signal: string | null, detail: string): void {
    if (!job.ended) {
      const how = signal !== null ? `was killed by ${signal}` : `exited with code ${code}`;
      this.#end(
        job,
        'failed',
        `the training process ${how} before finishing${detail ? `: ${detail}` : ''}`,
        null,
      );
    }
    this.#running.delete(job.runId);
    this.#startNext();
    this.#notifyIfIdle();
  }

  #notifyIfIdle(): void {
    if (this.#running.size > 0 || this.#queue.length > 0) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const w of waiters) w();
  }

  /** Records the end of a run (unless already recorded, as completeRun does) and stops its process. */
  #end(
    job: Job,
    status: EndStatus,
    error: string | null,
    result: FinalResult | null,
    record = true,
    tested: TestResult | null = null,
  ): void {
    if (job.ended) return;
    job.ended = true;
    if (job.timer !== null) clearTimeout(job.timer);
    job.timer = null;
    if (record) {
      try {
        this.#store.endRun(
          job.runId,
          status as 'cancelled' | 'failed' | 'interrupted',
          error,
          tested,
        );
      } catch (e) {
        error = `${error ?? ''} (and the store refused the update: ${messageOf(e)})`;
      }
    }
    // The process has nothing more to say; its exit is then expected, not a crash.
    job.worker?.kill();
    this.#emit({ runId: job.runId, type: 'ended', status, error, result });
    if (job.worker === null) this.#notifyIfIdle();
  }

  #emit(event: SupervisorEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Why a run on data that changed on disk since it was registered is refused. */
function changedData(source: DatasetSource, expected: string, read: string): string {
  return (
    `the data in ${source.path} changed since it was registered as ${source.name} ` +
    `(registered content ${expected.slice(0, 12)}…, now ${read.slice(0, 12)}…): ` +
    'the run would not train on the data it records. Import the file again under a new name.'
  );
}
