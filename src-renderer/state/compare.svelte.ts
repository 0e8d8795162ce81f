// The runs being compared, loaded in full (epochs, confusion matrix) and kept fresh while any of
// them still trains.

import type { ApiEvent, RunDetail } from '../../src-main/contract/api.ts';
import { api } from '../lib/api.ts';

export class CompareState {
  /** Loaded runs by id. */
  details = $state.raw<ReadonlyMap<number, RunDetail>>(new Map());
  /** Runs that could not be loaded, by id, with why. */
  errors = $state.raw<ReadonlyMap<number, string>>(new Map());
  #ids: readonly number[] = [];
  #stop: () => void;

  constructor() {
    this.#stop = api.onEvent((e) => this.#onEvent(e));
  }

  destroy(): void {
    this.#stop();
  }

  /** Loads the runs not loaded yet; forgets the ones no longer wanted. */
  select(ids: readonly number[]): void {
    this.#ids = ids;
    for (const id of ids) if (!this.details.has(id) && !this.errors.has(id)) void this.#fetch(id);
  }

  async #fetch(id: number): Promise<void> {
    try {
      const run = await api.getRun({ id });
      this.details = new Map(this.details).set(id, run);
      if (this.errors.has(id)) {
        const errors = new Map(this.errors);
        errors.delete(id);
        this.errors = errors;
      }
    } catch (error) {
      this.errors = new Map(this.errors).set(id, (error as Error).message);
    }
  }

  #onEvent(e: ApiEvent): void {
    if (e.type === 'runsChanged') {
      for (const id of this.#ids) void this.#fetch(id);
      return;
    }
    if ((e.type === 'epoch' || e.type === 'ended') && this.#ids.includes(e.runId))
      void this.#fetch(e.runId);
  }
}
