// One run as its detail view shows it: the saved run, its live points, and where its training
// stands (running, paused, the last step's loss). It follows the back end's events for this run.
// Live points arrive ~10 times a second; they go into a plain array and the views are told once
// per animation frame (`version`), so a streaming run costs one chart update per frame at most.

import type { ApiEvent, RunDetail } from '../../src-main/contract/api.ts';
import { api } from '../lib/api.ts';
import { connection } from '../lib/connection.svelte.ts';
import { addLivePoint, type LivePoint } from './run-metrics.ts';

/** Where a running run is, from its latest progress or pause report. */
export interface Position {
  readonly epoch: number;
  readonly epochs: number;
  readonly batch: number;
  readonly batches: number;
  /** Images trained in this epoch, within the batch in flight too; null when not known. */
  readonly images: number | null;
  readonly elapsedSeconds: number;
  readonly samplesPerSecond: number | null;
}

/** The share of its epoch a position has trained, 0 to 1: by images when counted (a full batch
 * moves chunk by chunk), else by batches. */
export function epochShare(p: Position, trainCount: number | null): number {
  if (p.images !== null && trainCount !== null && trainCount > 0)
    return Math.min(1, p.images / trainCount);
  return p.batches > 0 ? p.batch / p.batches : 0;
}

export interface Paused {
  /** Mean loss of the last batch trained (the one a Step just took); null before any. */
  readonly lastBatchLoss: number | null;
  /** The rate the next batch will use. */
  readonly learningRate: number;
}

type Action = 'pause' | 'resume' | 'step' | 'cancel' | 'learning-rate' | 'continue';

export class RunDetailState {
  readonly id: number;
  run = $state.raw<RunDetail | null>(null);
  loadError = $state<string | null>(null);
  position = $state.raw<Position | null>(null);
  paused = $state.raw<Paused | null>(null);
  /** The control request in flight, and the last one's error (shown beside the controls). */
  busy = $state<Action | null>(null);
  actionError = $state<{ action: Action; message: string } | null>(null);
  /** Bumped (at most once per frame) when `live` has new points. */
  version = $state(0);
  /** Live points in epoch-axis order; read it after reading `version`. */
  readonly live: LivePoint[] = [];

  #frame = 0;
  #reloading: Promise<void> | null = null;
  #reloadAgain = false;
  #stop: () => void;
  #stopReconnect: () => void;

  constructor(id: number) {
    this.id = id;
    this.#stop = api.onEvent((e) => this.#onEvent(e));
    // Events missed while the line was down: start again from what the back end has.
    this.#stopReconnect = connection.onReconnect(() => {
      this.position = null;
      this.paused = null;
      void this.#load();
    });
    void this.#load();
  }

  destroy(): void {
    this.#stop();
    this.#stopReconnect();
    cancelAnimationFrame(this.#frame);
  }

  /** A stopped run that may go on from its last checkpoint. */
  get resumable(): boolean {
    return this.run?.status === 'cancelled' || this.run?.status === 'interrupted';
  }

  get active(): boolean {
    return this.run?.status === 'running' || this.run?.status === 'queued';
  }

  async #load(): Promise<void> {
    try {
      const [run, progress] = await Promise.all([
        api.getRun({ id: this.id }),
        api.getProgress({ id: this.id }),
      ]);
      // Points that events brought while this was loading are newer; keep them after.
      const early = this.live.splice(0);
      for (const p of [...progress, ...early]) addLivePoint(this.live, p);
      this.run = run;
      const last = progress.at(-1);
      if (this.position === null && last !== undefined && run.status === 'running')
        this.position = { ...last, epochs: run.config.epochs };
      if (this.paused === null && run.status === 'running' && pausedByHistory(run))
        this.paused = { lastBatchLoss: null, learningRate: currentRate(run) };
      this.loadError = null;
      this.#changed();
    } catch (error) {
      this.loadError = (error as Error).message;
    }
  }

  /** Reloads the saved run; calls that come while one is in flight make one more, not many. */
  reload(): Promise<void> {
    if (this.#reloading !== null) {
      this.#reloadAgain = true;
      return this.#reloading;
    }
    this.#reloading = (async () => {
      do {
        this.#reloadAgain = false;
        try {
          this.run = await api.getRun({ id: this.id });
          this.loadError = null;
        } catch (error) {
          this.loadError = (error as Error).message;
        }
      } while (this.#reloadAgain);
      this.#reloading = null;
    })();
    return this.#reloading;
  }

  #changed(): void {
    if (this.#frame !== 0) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.version++;
    });
  }

  #onEvent(e: ApiEvent): void {
    if (e.type === 'runsChanged') {
      void this.reload();
      return;
    }
    if (e.type === 'datasetImported' || e.runId !== this.id) return;
    switch (e.type) {
      case 'progress':
        addLivePoint(this.live, e);
        this.position = e;
        this.paused = null;
        this.#changed();
        return;
      case 'paused':
        if (e.loss !== null && e.accuracy !== null)
          addLivePoint(this.live, { ...e, loss: e.loss, accuracy: e.accuracy });
        this.position = {
          ...e,
          images: null,
          samplesPerSecond: this.position?.samplesPerSecond ?? null,
        };
        this.paused = { lastBatchLoss: e.lastBatchLoss, learningRate: e.learningRate };
        this.#changed();
        void this.reload();
        return;
      case 'resumed':
        this.paused = null;
        void this.reload();
        return;
      case 'learning-rate':
        if (this.paused !== null) this.paused = { ...this.paused, learningRate: e.learningRate };
        void this.reload();
        return;
      case 'epoch':
        // The epoch is done: the position says so until the next one reports.
        if (this.position !== null)
          this.position = {
            ...this.position,
            epoch: e.epoch,
            batch: this.position.batches,
            images: this.run?.trainCount ?? null,
            samplesPerSecond: e.samplesPerSecond,
          };
        if (this.run !== null) {
          const { type: _t, runId: _r, epochs: _e, ...row } = e;
          this.run = {
            ...this.run,
            epochs: [...this.run.epochs.filter((r) => r.epoch !== e.epoch), row],
          };
        }
        void this.reload();
        return;
      case 'ended':
        this.paused = null;
        this.position = null;
        void this.reload();
        return;
      default:
        void this.reload();
    }
  }

  async #act(action: Action, request: () => Promise<unknown>): Promise<boolean> {
    this.busy = action;
    this.actionError = null;
    try {
      await request();
      return true;
    } catch (error) {
      this.actionError = { action, message: (error as Error).message };
      return false;
    } finally {
      this.busy = null;
    }
  }

  pause = () => this.#act('pause', () => api.pauseRun({ id: this.id }));
  resume = () => this.#act('resume', () => api.resumeRun({ id: this.id }));
  step = () => this.#act('step', () => api.stepRun({ id: this.id }));
  cancel = () => this.#act('cancel', () => api.cancelRun({ id: this.id }));
  /** Goes on with a stopped run from its last checkpoint (resume lifts a pause). */
  continueRun = async () => {
    if (await this.#act('continue', () => api.continueRun({ id: this.id }))) await this.reload();
  };
  setLearningRate = (learningRate: number) =>
    this.#act('learning-rate', () => api.setLearningRate({ id: this.id, learningRate }));
}

/** A run whose last pause was not followed by a resume is paused. */
function pausedByHistory(run: RunDetail): boolean {
  const last = run.history.findLast((h) => h.kind === 'paused' || h.kind === 'resumed');
  return last?.kind === 'paused';
}

/** The learning rate now: the last one set by hand, else the last epoch's. */
function currentRate(run: RunDetail): number {
  const set = run.history.findLast((h) => h.kind === 'learning-rate');
  return set?.value ?? run.epochs.at(-1)?.learningRate ?? run.config.learningRate;
}
