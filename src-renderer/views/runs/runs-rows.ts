// The Runs table's rows when it groups runs by settings: runs whose settings read the same but
// for the seed, on the same dataset, become one row with n and mean ± std, which opens to its
// members. A run alone in its settings stays a plain row. Plain functions, tested without a
// browser; each step is one pass over the runs, so a thousand runs group at once.

import type { RunSummary } from '../../../src-main/contract/rows.ts';
import { groupBySettings } from '../../../src-core/run-groups.ts';
import { summarize, type Summary } from '../../../src-core/stats/summary.ts';
import { summaryValue, type SummaryChoice } from '../../../src-core/summary-value.ts';
import { loss, percent } from '../../lib/format.ts';
import { runSeconds, type Sort } from './runs-table.ts';

export interface RunGroup {
  /** settingsKey of its members: the group's identity while the list changes. */
  readonly key: string;
  /** What its members' names share ("lr sweep · lr 0.001"), else the first one's name. */
  readonly label: string;
  /** In the table's order. */
  readonly members: readonly RunSummary[];
  /** The chosen summary value over the members that have one. */
  readonly value: Summary | null;
  /** Training seconds over the members with a test result, as `list --group` gives them. */
  readonly seconds: Summary | null;
  /** The stored repeat or sweep every member was queued in; null when they were not all in
   * the same one. */
  readonly storedGroupId: number | null;
}

export type TableRow =
  | { readonly kind: 'run'; readonly run: RunSummary; readonly member: boolean }
  | { readonly kind: 'group'; readonly group: RunGroup; readonly expanded: boolean };

/** The chosen summary value of a run, null when it has none yet. */
export const runValue = (run: RunSummary, choice: SummaryChoice): number | null =>
  summaryValue(run, choice).value;

/** What every name starts with, cut back to whole words, without a trailing separator or a
 * dangling "seed": "lr sweep · seed 1" and "lr sweep · seed 2" share "lr sweep". */
export function sharedName(names: readonly string[]): string {
  let prefix = names[0];
  for (const name of names) while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1);
  const midWord = names.some((n) => /\w/.test(n[prefix.length] ?? '') && /\w$/.test(prefix));
  if (midWord) prefix = prefix.replace(/\w+$/, '');
  const separators = /[\s·,;:(\-–]+$/;
  return prefix
    .replace(separators, '')
    .replace(/\bseed$/i, '')
    .replace(separators, '');
}

function makeGroup(key: string, members: readonly RunSummary[], choice: SummaryChoice): RunGroup {
  const values: number[] = [];
  for (const r of members) {
    const v = runValue(r, choice);
    if (v !== null) values.push(v);
  }
  const tested = members.filter((r) => r.testAccuracy !== null && r.trainSeconds !== null);
  const stored = members[0].groupId;
  const shared = sharedName(members.map((r) => r.name));
  return {
    key,
    label: shared.length >= 3 ? shared : members[0].name,
    members,
    value: summarize(values),
    seconds: summarize(tested.map((r) => r.trainSeconds as number)),
    storedGroupId: stored !== null && members.every((r) => r.groupId === stored) ? stored : null,
  };
}

/** The groups of two or more runs among `runs` (already sorted), each where its first member
 * stands; runs alone in their settings are left out. */
export function settingsGroups(runs: readonly RunSummary[], choice: SummaryChoice): RunGroup[] {
  return groupBySettings(runs)
    .filter((g) => g.n >= 2)
    .map((g) => makeGroup(g.key, g.members, choice));
}

type Entry = RunGroup | RunSummary;
const isGroup = (e: Entry): e is RunGroup => 'members' in e;

/** What a column sorts a group by: its mean for the result and the training time; for any
 * other column it keeps its first member's place, which the sorted list gave it already. */
function entryValue(e: Entry, sort: Sort, choice: SummaryChoice): number | null {
  if (sort.key === 'testAccuracy')
    return isGroup(e) ? (e.value?.mean ?? null) : runValue(e, choice);
  return isGroup(e) ? (e.seconds?.mean ?? null) : runSeconds(e);
}

/**
 * The rows for `sorted` (runs in the table's order) grouped by settings: a group's row where its
 * first member stands (by mean when sorted by result or time), followed by its members when it
 * is in `expanded`. Groups without a value go last, as runs do.
 */
export function groupedRows(
  sorted: readonly RunSummary[],
  choice: SummaryChoice,
  sort: Sort,
  expanded: ReadonlySet<string>,
): TableRow[] {
  const groups = groupBySettings(sorted);
  let entries: Entry[] = groups.map((g) =>
    g.n >= 2 ? makeGroup(g.key, g.members, choice) : g.members[0],
  );
  if (sort.key === 'testAccuracy' || sort.key === 'duration') {
    const sign = sort.direction === 'ascending' ? 1 : -1;
    const keyed = entries.map((e, i) => ({ e, i, v: entryValue(e, sort, choice) }));
    keyed.sort((a, b) => {
      if (a.v === null || b.v === null) return a.v === b.v ? a.i - b.i : a.v === null ? 1 : -1;
      return sign * (a.v - b.v) || a.i - b.i;
    });
    entries = keyed.map((k) => k.e);
  }
  const rows: TableRow[] = [];
  for (const e of entries) {
    if (!isGroup(e)) {
      rows.push({ kind: 'run', run: e, member: false });
      continue;
    }
    const open = expanded.has(e.key);
    rows.push({ kind: 'group', group: e, expanded: open });
    if (open) for (const run of e.members) rows.push({ kind: 'run', run, member: true });
  }
  return rows;
}

/** Plain rows, one per run. */
export const runRows = (sorted: readonly RunSummary[]): TableRow[] =>
  sorted.map((run) => ({ kind: 'run', run, member: false }));

/** The Compare route (router.svelte.ts) for the chosen runs and groups, each group one side (its
 * mean and spread); ids in ascending order, so the same choice is the same address whatever
 * the table's order. The router is not imported, so this stays testable outside a page. */
export function compareRoute(
  runIds: readonly number[],
  groups: readonly RunGroup[],
): { view: 'compare'; ids: number[]; groups: number[][] } {
  const ascending = (ids: number[]) => ids.sort((a, b) => a - b);
  return {
    view: 'compare',
    ids: ascending([...runIds]),
    groups: groups.map((g) => ascending(g.members.map((r) => r.id))),
  };
}

/** A summary value as the table shows it: accuracies in percent, losses to four digits. */
export function resultText(v: number | null, choice: SummaryChoice): string {
  return choice === 'min-loss' ? loss(v) : percent(v);
}

/** "97.41% ± 0.35%", or just the mean when there is one value; "–" for none. */
export function meanText(s: Summary | null, format: (x: number) => string): string {
  if (s === null) return '–';
  return s.std === null ? format(s.mean) : `${format(s.mean)} ± ${format(s.std)}`;
}
