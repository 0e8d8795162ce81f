// One repeat or sweep as its view shows it: the group and its runs, reloaded when the back end
// says runs changed or one of its runs is queued, starts, finishes an epoch or ends; and a clock
// ticking once a second while it trains, for the time left.

import type { ApiEvent, GroupDetail } from '../../src-main/contract/api.ts';
import { api } from '../lib/api.ts';
import { connection } from '../lib/connection.svelte.ts';

export class GroupState {
  readonly id: number;
  detail = $state.raw<GroupDetail | null>(null);
  loadError = $state<string | null>(null);
  now = $state(Date.now());
  cancelling = $state(false);
  cancelError = $state<string | null>(null);

  #pending: ReturnType<typeof setTimeout> | null = null;
  #clock: ReturnType<typeof setInterval>;
  #stop: () => void;
  #stopReconnect: () => void;

  constructor(id: number) {
    this.id = id;
    this.#stop = api.onEvent((e) => this.#onEvent(e));
    this.#stopReconnect = connection.onReconnect(() => void this.load());
    this.#clock = setInterval(() => {
      if (this.training) this.now = Date.now();
    }, 1000);
    void this.load();
  }

  destroy(): void {
    this.#stop();
    this.#stopReconnect();
    clearInterval(this.#clock);
    if (this.#pending !== null) clearTimeout(this.#pending);
  }

  /** Whether any of its runs is queued or running. */
  get training(): boolean {
    return this.detail?.runs.some((r) => r.status === 'queued' || r.status === 'running') ?? false;
  }

  async load(): Promise<void> {
    try {
      this.detail = await api.getGroup({ id: this.id });
      this.now = Date.now();
      this.loadError = null;
    } catch (error) {
      this.loadError = (error as Error).message;
    }
  }

  /** Cancels its queued and running runs; finished ones are kept. */
  async cancelRest(): Promise<void> {
    this.cancelling = true;
    this.cancelError = null;
    try {
      await api.cancelGroup({ id: this.id });
      await this.load();
    } catch (error) {
      this.cancelError = (error as Error).message;
    } finally {
      this.cancelling = false;
    }
  }

  /** Coalesces a burst of events (a sweep's runs end and start together) into one reload. */
  #loadSoon(): void {
    if (this.#pending !== null) return;
    this.#pending = setTimeout(() => {
      this.#pending = null;
      void this.load();
    }, 100);
  }

  #onEvent(e: ApiEvent): void {
    if (e.type === 'runsChanged') return this.#loadSoon();
    if (e.type !== 'queued' && e.type !== 'started' && e.type !== 'epoch' && e.type !== 'ended')
      return;
    // A run queued after the group was loaded may be its own (a group is saved, then queued).
    if (this.detail === null || e.type === 'queued' || this.detail.group.runIds.includes(e.runId))
      this.#loadSoon();
  }
}
