// The runs being compared, loaded in full (epochs, confusion matrix) and kept fresh while any of
// them still trains; the stored groups (repeats, sweeps) the picker offers; and the back end's
// comparisons of two sides (statistics and test), by sides and summary value.

import type { SummaryChoice } from '../../src-core/summary-value.ts';
import type { ApiEvent, RunDetail } from '../../src-main/contract/api.ts';
import type { Comparison } from '../../src-main/contract/comparison.ts';
import type { RunGroupRow } from '../../src-main/contract/rows.ts';
import { api } from '../lib/api.ts';

/** A comparison asked for: its answer, or why there is none. */
export type Compared = { readonly comparison: Comparison } | { readonly error: string };

/** Names a comparison: its summary value and the run ids of each side. */
export const comparisonKey = (
  a: readonly number[],
  b: readonly number[],
  summary: SummaryChoice,
): string => `${summary}|${a.join(',')}|${b.join(',')}`;

export class CompareState {
  /** Loaded runs by id. */
  details = $state.raw<ReadonlyMap<number, RunDetail>>(new Map());
  /** Runs that could not be loaded, by id, with why. */
  errors = $state.raw<ReadonlyMap<number, string>>(new Map());
  /** The stored repeats and sweeps, newest first. */
  groups = $state.raw<readonly RunGroupRow[]>([]);
  groupsError = $state<string | null>(null);
  /** Comparisons by comparisonKey; absent while one is on its way. */
  comparisons = $state.raw<ReadonlyMap<string, Compared>>(new Map());
  #ids: readonly number[] = [];
  /** Every comparison asked for, to ask again when a run changes. */
  #asked = new Map<string, () => Promise<void>>();
  #stop: () => void;

  constructor() {
    this.#stop = api.onEvent((e) => this.#onEvent(e));
    void this.#fetchGroups();
  }

  destroy(): void {
    this.#stop();
  }

  /** Loads the runs not loaded yet; forgets the ones no longer wanted. */
  select(ids: readonly number[]): void {
    this.#ids = ids;
    for (const id of ids) if (!this.details.has(id) && !this.errors.has(id)) void this.#fetch(id);
  }

  /** Asks the back end to compare side `a` with side `b`, unless it is asked already. */
  compare(a: readonly number[], b: readonly number[], summary: SummaryChoice): void {
    const key = comparisonKey(a, b, summary);
    if (this.#asked.has(key)) return;
    const ask = () => this.#fetchComparison(key, a, b, summary);
    this.#asked.set(key, ask);
    void ask();
  }

  async #fetchComparison(
    key: string,
    a: readonly number[],
    b: readonly number[],
    summary: SummaryChoice,
  ): Promise<void> {
    let answer: Compared;
    try {
      answer = { comparison: await api.compareRuns({ a: [...a], b: [...b], summary }) };
    } catch (error) {
      answer = { error: (error as Error).message };
    }
    this.comparisons = new Map(this.comparisons).set(key, answer);
  }

  async #fetchGroups(): Promise<void> {
    try {
      this.groups = await api.listGroups({});
      this.groupsError = null;
    } catch (error) {
      this.groupsError = (error as Error).message;
    }
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
      void this.#fetchGroups();
      this.#compareAgain();
      return;
    }
    if ((e.type === 'epoch' || e.type === 'ended') && this.#ids.includes(e.runId)) {
      void this.#fetch(e.runId);
      if (e.type === 'ended') this.#compareAgain();
    }
  }

  /** A run ended, changed or went: every comparison is asked again (the old answer shows until
   * the new one comes). */
  #compareAgain(): void {
    for (const ask of this.#asked.values()) void ask();
  }
}
