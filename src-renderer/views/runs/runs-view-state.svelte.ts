// What the learner set up on the Runs page (filters, order, grouping, selection, brushes), kept
// while they visit a run or a comparison and come back.

import type { SummaryChoice } from '../../../src-core/summary-value.ts';
import type { Brush, Brushes } from './parallel-axes.ts';
import { DEFAULT_SORT, NO_FILTER, type RunsFilter, type Sort } from './runs-table.ts';

/** How long typing may pause before the query is read and applied. */
export const QUERY_DELAY_MS = 200;

export type RunsPlot = 'scatter' | 'parallel';

function toggled<T>(set: ReadonlySet<T>, items: readonly T[], on: boolean): ReadonlySet<T> {
  const next = new Set(set);
  for (const item of items) {
    if (on) next.add(item);
    else next.delete(item);
  }
  return next;
}

class RunsViewState {
  filter = $state<RunsFilter>({ ...NO_FILTER });
  /** The filter box as typed; `query` follows it after a pause. */
  queryText = $state('');
  query = $state('');
  sort = $state<Sort>(DEFAULT_SORT);
  summary = $state<SummaryChoice>('final');
  grouped = $state(false);
  plot = $state<RunsPlot>('scatter');
  /** Run ids, and the settings keys of groups, chosen with their checkboxes. */
  picked = $state.raw<ReadonlySet<number>>(new Set());
  pickedGroups = $state.raw<ReadonlySet<string>>(new Set());
  /** The groups shown open, by settings key. */
  expanded = $state.raw<ReadonlySet<string>>(new Set());
  /** By axis key. */
  brushes = $state.raw<Brushes>(new Map());
  /** The runs whose lines stand out: those of the table row under the pointer or focus. */
  hovered = $state.raw<readonly number[]>([]);
  #typing: ReturnType<typeof setTimeout> | null = null;

  select(ids: readonly number[], on: boolean): void {
    this.picked = toggled(this.picked, ids, on);
  }

  selectGroups(keys: readonly string[], on: boolean): void {
    this.pickedGroups = toggled(this.pickedGroups, keys, on);
  }

  toggleExpanded(key: string): void {
    this.expanded = toggled(this.expanded, [key], !this.expanded.has(key));
  }

  /** The box's text changed: apply it once typing pauses. */
  typeQuery(text: string): void {
    this.queryText = text;
    if (this.#typing !== null) clearTimeout(this.#typing);
    this.#typing = setTimeout(() => {
      this.#typing = null;
      this.query = this.queryText;
    }, QUERY_DELAY_MS);
  }

  /** A brush on an axis, or none (null). */
  brush(key: string, brush: Brush | null): void {
    const next = new Map(this.brushes);
    if (brush === null) next.delete(key);
    else next.set(key, brush);
    this.brushes = next;
  }

  clearBrushes(): void {
    this.brushes = new Map();
  }

  clearFilter(): void {
    this.filter = { ...NO_FILTER };
    if (this.#typing !== null) clearTimeout(this.#typing);
    this.queryText = '';
    this.query = '';
    this.clearBrushes();
  }
}

export const view = new RunsViewState();
