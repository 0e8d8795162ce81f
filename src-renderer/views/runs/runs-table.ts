// What the Runs table shows and how it orders and narrows the list: plain functions, so the
// rules are tested without a browser.

import type { RunSummary } from '../../../src-main/contract/rows.ts';
import { runOutcome, type RunState } from '../../lib/run-outcome.ts';
import { runSeconds } from '../../lib/run-time.ts';
import { summaryValue, type SummaryChoice } from '../../../src-core/summary-value.ts';

export type SortKey =
  | 'name'
  | 'status'
  | 'architecture'
  | 'optimizer'
  | 'epochs'
  /** The result column: the summary value chosen (final test accuracy by default). */
  | 'testAccuracy'
  | 'duration'
  | 'createdAt';

export type SortDirection = 'ascending' | 'descending';

export interface Sort {
  readonly key: SortKey;
  readonly direction: SortDirection;
}

export interface RunsFilter {
  /** Matched, ignoring case, against name, notes and architecture. */
  readonly text: string;
  /** The state the table shows: a run that blew up is "diverged", not "failed". */
  readonly status: RunState | '';
  readonly tag: string;
}

export const NO_FILTER: RunsFilter = { text: '', status: '', tag: '' };
export const DEFAULT_SORT: Sort = { key: 'createdAt', direction: 'descending' };

/** Live runs first, then finished ones from best to worst outcome. */
const STATUS_RANK: Record<RunState, number> = {
  running: 0,
  queued: 1,
  completed: 2,
  cancelled: 3,
  interrupted: 4,
  collapsed: 5,
  diverged: 6,
  failed: 7,
};

/** Every state, in that order (the record above makes the compiler list them all). */
export const STATUSES = Object.keys(STATUS_RANK) as RunState[];

/** What the table's Status column says of a run: its status, or diverged / collapsed. */
export const shownState = (r: RunSummary): RunState => runOutcome(r)?.state ?? r.status;

export { runSeconds };

function sortValue(r: RunSummary, key: SortKey, choice: SummaryChoice): string | number | null {
  switch (key) {
    case 'name':
      return r.name;
    case 'status':
      return STATUS_RANK[shownState(r)];
    case 'architecture':
      // By size: "784-16-10" is smaller than "784-128-64-10" though it sorts after it as text.
      return r.parameters;
    case 'optimizer':
      return r.optimizer;
    case 'epochs':
      return r.epochsDone;
    case 'testAccuracy':
      return summaryValue(r, choice).value;
    case 'duration':
      return runSeconds(r);
    case 'createdAt':
      return r.createdAt;
  }
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** A sorted copy, the result column by the summary value chosen. Runs without a value (no test
 * accuracy yet…) go last in either direction; ties keep the newest first. */
export function sortRuns(
  list: readonly RunSummary[],
  sort: Sort,
  choice: SummaryChoice = 'final',
): RunSummary[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const keyed = list.map((run) => ({ run, value: sortValue(run, sort.key, choice) }));
  keyed.sort((a, b) => {
    if (a.value === null || b.value === null) {
      if (a.value !== b.value) return a.value === null ? 1 : -1;
    } else {
      const c =
        typeof a.value === 'string'
          ? collator.compare(a.value, b.value as string)
          : a.value - (b.value as number);
      if (c !== 0) return sign * c;
    }
    return b.run.createdAt - a.run.createdAt || b.run.id - a.run.id;
  });
  return keyed.map((k) => k.run);
}

/** Clicking a column: the same column flips its direction; a new one starts where a learner
 * most likely wants to look (names A→Z, numbers and dates largest first, the result best
 * first: the lowest loss ascending). */
export function nextSort(current: Sort, key: SortKey, choice: SummaryChoice = 'final'): Sort {
  if (current.key === key)
    return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  const textual = key === 'name' || key === 'optimizer' || key === 'status';
  const lowFirst = key === 'testAccuracy' && !summaryValue(NO_VALUE, choice).higherIsBetter;
  return { key, direction: textual || lowFirst ? 'ascending' : 'descending' };
}

const NO_VALUE = {
  testAccuracy: null,
  bestEpoch: null,
  bestValidationAccuracy: null,
  minLoss: null,
  minLossEpoch: null,
};

export function filterRuns(list: readonly RunSummary[], filter: RunsFilter): RunSummary[] {
  const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean);
  return list.filter((r) => {
    if (filter.status !== '' && shownState(r) !== filter.status) return false;
    if (filter.tag !== '' && !r.tags.some((t) => sameTag(t, filter.tag))) return false;
    if (words.length === 0) return true;
    const haystack = `${r.name}\n${r.notes}\n${r.architecture}`.toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}

export function isFiltered(filter: RunsFilter): boolean {
  return filter.text.trim() !== '' || filter.status !== '' || filter.tag !== '';
}

/** Tags ignore case, as the store does: "Adam" and "adam" are one tag. */
function sameTag(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The tags without repeats in any case, each kept as first spelled. */
function uniqueTags(tags: Iterable<string>): string[] {
  const kept = new Map<string, string>();
  for (const t of tags) if (!kept.has(t.toLowerCase())) kept.set(t.toLowerCase(), t);
  return [...kept.values()];
}

/** Every tag used by some run, once whatever its case, spelled as the earliest run has it (as
 * the store keeps it), in alphabetical order. */
export function tagsOf(list: readonly RunSummary[]): string[] {
  const oldestFirst = [...list].sort((a, b) => a.id - b.id);
  return uniqueTags(oldestFirst.flatMap((r) => r.tags)).sort(collator.compare);
}

/** "mnist, baseline ,, Adam, adam" → ["mnist", "baseline", "Adam"]: trimmed, no blanks, no
 * repeats in any case. */
export function parseTags(text: string): string[] {
  return uniqueTags(
    text
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
  );
}

/** Runs that cannot be deleted yet because they are still training or waiting to. */
export function liveRuns(list: readonly RunSummary[]): RunSummary[] {
  return list.filter((r) => r.status === 'running' || r.status === 'queued');
}

export const MIN_COMPARE = 2;
export const MAX_COMPARE = 4;

export function canCompare(selected: number): boolean {
  return selected >= MIN_COMPARE && selected <= MAX_COMPARE;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A short creation date for the table: "today 14:05", "3 Mar 14:05", or "3 Mar 2024" for
 * another year. The full date and time go in the cell's title. */
export function shortDate(ms: number, now: Date): string {
  const d = new Date(ms);
  const time = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  const day = `${d.getDate()} ${MONTHS[d.getMonth()]}`;
  if (d.getFullYear() !== now.getFullYear()) return `${day} ${d.getFullYear()}`;
  if (d.getMonth() === now.getMonth() && d.getDate() === now.getDate()) return `today ${time}`;
  return `${day} ${time}`;
}
