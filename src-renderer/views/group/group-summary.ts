// A repeat or sweep as its view shows it: how far it has got and how long the rest may take,
// and its runs gathered into cells, one per combination of the swept values, each with the
// mean and spread of the chosen summary value over its seeds.

import type { TrainConfig } from '../../../src-core/config.ts';
import { configSettings } from '../../../src-core/config-diff.ts';
import { SETTINGS, type SettingName } from '../../../src-core/settings.ts';
import { summaryValue, type SummaryChoice } from '../../../src-core/summary-value.ts';
import type { RunGroupRow, RunStatus, RunSummary } from '../../../src-main/contract/rows.ts';
import { runSeconds } from '../../lib/run-time.ts';

export type Progress = Readonly<Record<RunStatus, number>> & { readonly total: number };

export function progressOf(runs: readonly RunSummary[]): Progress {
  const counts: Record<RunStatus, number> = {
    queued: 0,
    running: 0,
    completed: 0,
    cancelled: 0,
    failed: 0,
    interrupted: 0,
  };
  for (const r of runs) counts[r.status]++;
  return { ...counts, total: runs.length };
}

/** Seconds until the group's queued and running runs are done, one at a time as the back end
 * trains them: each takes the mean time of the completed ones, a running one less what it has
 * had. Null before any run completed, or with nothing left to train. */
export function etaSeconds(runs: readonly RunSummary[], now: number): number | null {
  const times = runs
    .filter((r) => r.status === 'completed')
    .map(runSeconds)
    .filter((s) => s !== null);
  const left = runs.filter((r) => r.status === 'queued' || r.status === 'running');
  if (times.length === 0 || left.length === 0) return null;
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  return left.reduce(
    (sum, r) =>
      sum +
      (r.status === 'running' && r.startedAt !== null
        ? Math.max(0, mean - (now - r.startedAt) / 1000)
        : mean),
    0,
  );
}

export interface Spread {
  readonly n: number;
  readonly mean: number | null;
  /** Sample standard deviation (n − 1); null below two values. */
  readonly std: number | null;
}

export function spreadOf(values: readonly number[]): Spread {
  const n = values.length;
  if (n === 0) return { n, mean: null, std: null };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { n, mean, std: null };
  const square = values.reduce((a, v) => a + (v - mean) ** 2, 0);
  return { n, mean, std: Math.sqrt(square / (n - 1)) };
}

/** One combination of the swept values (the whole group for a repeat). */
export interface Cell {
  /** The index of its value on each axis. */
  readonly at: readonly number[];
  /** "lr 0.001 · batch 32"; the group's name for a repeat. */
  readonly label: string;
  readonly runs: readonly RunSummary[];
  /** The runs that have the summary value, by id: what a comparison of this cell takes. */
  readonly valued: readonly number[];
  readonly values: readonly number[];
  readonly spread: Spread;
}

export interface SweptAxis {
  readonly setting: SettingName;
  /** "lr": the setting's CLI flag, as run labels say it. */
  readonly short: string;
  readonly label: string;
  /** The values as the settings diff writes them, in the order shown (numbers ascending). */
  readonly texts: readonly string[];
}

export interface GroupCells {
  readonly axes: readonly SweptAxis[];
  readonly cells: readonly Cell[];
  /** Whether a larger summary value is better. */
  readonly higherIsBetter: boolean;
}

/** How a config writes a setting in the settings diff ("128-64", "full", "0.001"). */
function settingText(config: TrainConfig, name: SettingName): string {
  const row = SETTINGS[name].row;
  return configSettings(config).find(([r]) => r === row)?.[1] ?? String(config[name]);
}

/** The runs of `group` in cells, one per combination of its axes' values, in the axes' order
 * (the first axis slowest), each with the spread of its runs' summary values. */
export function cellsOf(
  group: RunGroupRow,
  runs: readonly RunSummary[],
  choice: SummaryChoice,
): GroupCells {
  const base = runs[0]?.config;
  const axes: SweptAxis[] = group.axes.map((a) => {
    const setting = a.setting as SettingName;
    const ordered = a.values.every((v) => typeof v === 'number')
      ? [...(a.values as number[])].sort((x, y) => x - y)
      : a.values;
    return {
      setting,
      short: SETTINGS[setting].cli.flag,
      label: SETTINGS[setting].label,
      texts: ordered.map((v) =>
        base === undefined
          ? String(v)
          : settingText({ ...base, [setting]: v } as TrainConfig, setting),
      ),
    };
  });
  const higherIsBetter = summaryValue(
    { testAccuracy: 0, bestEpoch: 0, bestValidationAccuracy: 0, minLoss: 0, minLossEpoch: 0 },
    choice,
  ).higherIsBetter;
  let combos: number[][] = [[]];
  for (const axis of axes) combos = combos.flatMap((c) => axis.texts.map((_, j) => [...c, j]));
  const cells = combos.map((at): Cell => {
    const members = runs.filter((r) =>
      axes.every((axis, i) => settingText(r.config, axis.setting) === axis.texts[at[i]]),
    );
    const valued = members.flatMap((r) => {
      const { value } = summaryValue(r, choice);
      return value === null ? [] : [{ id: r.id, value }];
    });
    const values = valued.map((v) => v.value);
    return {
      at,
      label:
        axes.length === 0
          ? group.name
          : axes.map((axis, i) => `${axis.short} ${axis.texts[at[i]]}`).join(' · '),
      runs: members,
      valued: valued.map((v) => v.id),
      values,
      spread: spreadOf(values),
    };
  });
  return { axes, cells, higherIsBetter };
}

/** The cells with the best and the worst mean, when two cells have one. */
export function bestAndWorst(g: GroupCells): { best: Cell; worst: Cell } | null {
  const ranked = g.cells
    .filter((c) => c.spread.mean !== null)
    .sort((a, b) => ((b.spread.mean ?? 0) - (a.spread.mean ?? 0)) * (g.higherIsBetter ? 1 : -1));
  if (ranked.length < 2) return null;
  return { best: ranked[0], worst: ranked[ranked.length - 1] };
}

/** What sets a run apart within its group: "lr 0.001 · batch 32 · seed 3". */
export function memberLabel(run: RunSummary, axes: readonly SweptAxis[]): string {
  return [
    ...axes.map((axis) => `${axis.short} ${settingText(run.config, axis.setting)}`),
    `seed ${run.seed}`,
  ].join(' · ');
}
