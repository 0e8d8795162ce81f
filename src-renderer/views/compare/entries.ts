// What Compare compares: entries, each a single run or a group of runs read as one (a repeat
// over seeds, a cell of a sweep, or runs the address names together). The address keeps them
// (#/compare?ids=1,2&group=3.4.5): single runs first, then groups, each in the order chosen.

import { diffConfigs } from '../../../src-core/config-diff.ts';
import type { TrainConfig } from '../../../src-core/config.ts';
import type { RunGroupRow } from '../../../src-main/contract/rows.ts';
import { MAX_RUNS } from './colors.ts';

export type CompareEntry =
  | { readonly kind: 'run'; readonly id: number }
  | { readonly kind: 'group'; readonly ids: readonly number[] };

/** The runs an entry stands for. */
export const entryIds = (e: CompareEntry): readonly number[] => (e.kind === 'run' ? [e.id] : e.ids);

/** Tells entries apart: "3" for run #3, "3.4.5" for the group of #3, #4 and #5. */
export const entryKey = (e: CompareEntry): string => entryIds(e).join('.');

/** The entries an address names: its runs, then its groups; repeats dropped, at most MAX_RUNS.
 * A group of one run is that run. */
export function entriesOf(
  ids: readonly number[],
  groups: readonly (readonly number[])[] = [],
): CompareEntry[] {
  const entries: CompareEntry[] = [
    ...ids.map((id): CompareEntry => ({ kind: 'run', id })),
    ...groups.map((g): CompareEntry =>
      g.length === 1 ? { kind: 'run', id: g[0] } : { kind: 'group', ids: [...new Set(g)] },
    ),
  ];
  const seen = new Set<string>();
  return entries
    .filter((e) => {
      const key = entryKey(e);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, MAX_RUNS);
}

/** The address's lists for `entries`, the inverse of entriesOf. */
export function routeOf(entries: readonly CompareEntry[]): { ids: number[]; groups: number[][] } {
  return {
    ids: entries.flatMap((e) => (e.kind === 'run' ? [e.id] : [])),
    groups: entries.flatMap((e) => (e.kind === 'group' ? [[...e.ids]] : [])),
  };
}

/** A set of runs the picker offers as one entry: a repeat, or one cell of a sweep. */
export interface GroupChoice {
  /** The stored group it comes from. */
  readonly groupId: number;
  /** e.g. "seeds of lr 0.001" or "my sweep: learning rate 0.002 · batch size 64". */
  readonly label: string;
  readonly ids: readonly number[];
}

/** What a listing knows of a run, enough to split a sweep into its cells. */
interface Member {
  readonly id: number;
  readonly groupId: number | null;
  readonly config: TrainConfig;
}

/** The entries the stored groups offer: a repeat whole, a sweep cell by cell (its runs with the
 * same settings, seeds apart), each labelled by the settings that set it apart. Runs no longer
 * listed are left out; a cell of fewer than two runs is not a group and is not offered. */
export function groupChoices(
  groups: readonly RunGroupRow[],
  runs: readonly Member[],
): GroupChoice[] {
  return groups.flatMap((g) => {
    const members = runs.filter((r) => r.groupId === g.id);
    const cells = new Map<string, Member[]>();
    for (const r of members) {
      const key = JSON.stringify({ ...r.config, seed: 0 });
      cells.set(key, [...(cells.get(key) ?? []), r]);
    }
    const list = [...cells.values()].sort((a, b) => a[0].id - b[0].id);
    const rows = diffConfigs(list.map((cell) => cell[0].config)).filter(
      (row) => row.differs && row.setting !== 'seed',
    );
    return list.flatMap((cell, i): GroupChoice[] => {
      if (cell.length < 2) return [];
      const parts = rows.map((row) => `${row.setting} ${row.values[i]}`);
      return [
        {
          groupId: g.id,
          label: parts.length === 0 ? g.name : `${g.name}: ${parts.join(' · ')}`,
          ids: cell.map((r) => r.id).sort((a, b) => a - b),
        },
      ];
    });
  });
}

/** How an entry is named in headings, legends and files: "#3 adam" for a run, "adam seeds
 * (3 runs)" for a group the stored groups know, "Group of #3, #4, #5" otherwise. */
export function entryLabel(
  e: CompareEntry,
  names: ReadonlyMap<number, string>,
  choices: readonly GroupChoice[],
): string {
  if (e.kind === 'run') return `#${e.id} ${names.get(e.id) ?? ''}`.trim();
  const key = sortedKey(e.ids);
  const known = choices.find((c) => sortedKey(c.ids) === key);
  if (known !== undefined) return `${known.label} (${e.ids.length} runs)`;
  return `Group of ${e.ids.map((id) => `#${id}`).join(', ')}`;
}

/** A table column for an entry: a run by its number and name, a group by its label. */
export function entryColumn(e: {
  readonly entry: CompareEntry;
  readonly label: string;
  readonly runs: readonly { readonly name: string }[];
}): { key: string; title: string; name: string } {
  const key = entryKey(e.entry);
  return e.entry.kind === 'run'
    ? { key, title: `#${e.entry.id}`, name: e.runs[0].name }
    : { key, title: 'Group', name: e.label };
}

const sortedKey = (ids: readonly number[]): string => [...ids].sort((a, b) => a - b).join('.');
