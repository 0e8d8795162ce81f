// The list of saved runs, and the repeats and sweeps they were queued in, kept fresh: reloaded
// when the back end says runs changed or a run starts or ends. Live progress of running runs is
// kept beside it.

import type { ApiEvent } from '../../src-main/contract/api.ts';
import type { RunGroupRow, RunSummary } from '../../src-main/contract/rows.ts';
import { api } from '../lib/api.ts';
import { connection } from '../lib/connection.svelte.ts';

export interface LiveProgress {
  readonly epoch: number;
  readonly epochs: number;
  readonly batch: number;
  readonly batches: number;
  readonly paused: boolean;
}

class RunsState {
  list = $state.raw<RunSummary[]>([]);
  /** Stored repeats and sweeps by id, to name them where their runs are listed. */
  groups = $state.raw<ReadonlyMap<number, RunGroupRow>>(new Map());
  loaded = $state(false);
  error = $state<string | null>(null);
  /** Latest progress of runs training now, by run id. */
  live = $state.raw<ReadonlyMap<number, LiveProgress>>(new Map());
  #pending: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    api.onEvent((e) => this.#onEvent(e));
    // Progress from before a dropped connection is stale; the next events bring it back.
    connection.onReconnect(() => (this.live = new Map()));
    void this.refresh();
  }

  async refresh(): Promise<void> {
    try {
      const [list, groups] = await Promise.all([api.listRuns({}), api.listGroups({})]);
      this.list = list;
      this.groups = new Map(groups.map((g) => [g.id, g]));
      this.error = null;
    } catch (error) {
      this.error = (error as Error).message;
    } finally {
      this.loaded = true;
    }
  }

  /** Coalesces bursts of changes into one reload. */
  #refreshSoon(): void {
    if (this.#pending !== null) return;
    this.#pending = setTimeout(() => {
      this.#pending = null;
      void this.refresh();
    }, 100);
  }

  #setLive(id: number, p: LiveProgress | null): void {
    const next = new Map(this.live);
    if (p === null) next.delete(id);
    else next.set(id, p);
    this.live = next;
  }

  #onEvent(e: ApiEvent): void {
    switch (e.type) {
      case 'runsChanged':
      case 'queued':
      case 'started':
        this.#refreshSoon();
        return;
      case 'progress':
        this.#setLive(e.runId, {
          epoch: e.epoch,
          epochs: e.epochs,
          batch: e.batch,
          batches: e.batches,
          paused: false,
        });
        return;
      case 'paused':
        this.#setLive(e.runId, {
          epoch: e.epoch,
          epochs: e.epochs,
          batch: e.batch,
          batches: e.batches,
          paused: true,
        });
        return;
      case 'epoch':
        this.#refreshSoon();
        return;
      case 'ended':
        this.#setLive(e.runId, null);
        this.#refreshSoon();
        return;
      default:
        return;
    }
  }
}

export const runs = new RunsState();
