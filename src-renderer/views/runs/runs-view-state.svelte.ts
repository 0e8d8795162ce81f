// What the learner set up on the Runs page (filters, order, selection), kept while they visit
// a run or a comparison and come back.

import { DEFAULT_SORT, NO_FILTER, type RunsFilter, type Sort } from './runs-table.ts';

class RunsViewState {
  filter = $state<RunsFilter>({ ...NO_FILTER });
  sort = $state<Sort>(DEFAULT_SORT);
  picked = $state.raw<ReadonlySet<number>>(new Set());

  select(ids: readonly number[], on: boolean): void {
    const next = new Set(this.picked);
    for (const id of ids) {
      if (on) next.add(id);
      else next.delete(id);
    }
    this.picked = next;
  }

  clearFilter(): void {
    this.filter = { ...NO_FILTER };
  }
}

export const view = new RunsViewState();
