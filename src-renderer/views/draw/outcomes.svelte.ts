// Why the completed runs the Draw view offers did not learn, in the run page's words. A run's
// summary says a collapsed run is "no better than guessing"; its details carry the confusion
// matrix that names the one digit it reads every image as, so those (and only those) are
// fetched, once each.

import { untrack } from 'svelte';
import type { RunSummary } from '../../../src-main/contract/rows.ts';
import { api } from '../../lib/api.ts';
import { runOutcome, type Outcome } from '../../lib/run-outcome.ts';

class DrawOutcomes {
  /** Outcomes read from run details, by run id. */
  #detailed = $state.raw<ReadonlyMap<number, Outcome | null>>(new Map());
  readonly #asked = new Set<number>();

  /** Fetches the details of the collapsed runs not asked about before. Safe in an effect. A
   * failed fetch leaves the summary's words, which are still true, and is tried again the next
   * time the list changes. */
  want(runs: readonly RunSummary[]): void {
    untrack(() => {
      for (const run of runs) {
        if (this.#asked.has(run.id) || runOutcome(run)?.state !== 'collapsed') continue;
        this.#asked.add(run.id);
        api.getRun({ id: run.id }).then(
          (detail) => (this.#detailed = new Map(this.#detailed).set(run.id, runOutcome(detail))),
          () => this.#asked.delete(run.id),
        );
      }
    });
  }

  /** Why `run` did not learn, null if it did: from its details once fetched. */
  of(run: RunSummary): Outcome | null {
    const detailed = this.#detailed.get(run.id);
    return detailed === undefined ? runOutcome(run) : detailed;
  }
}

export const drawOutcomes = new DrawOutcomes();
