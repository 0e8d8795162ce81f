// `backprop-lab train … --seeds N` and `backprop-lab sweep --lr 0.0005,0.001 --batch 32,64
// [--seeds N] …`: a repeat or a sweep, saved as one group (services/run-groups.ts) and trained
// run after run, each reported as `train` reports a run, then a table of the combinations.

import { ConfigError } from '../../src-core/config.ts';
import { estimateRun } from '../../src-core/estimate.ts';
import { SETTINGS, type SettingName } from '../../src-core/settings.ts';
import { groupBySettings } from '../../src-core/run-groups.ts';
import { combinationLabel, isSweepable, type Axis } from '../../src-core/sweep.ts';
import type { RunGroupRow, RunRow } from '../contract/rows.ts';
import { datasetForRun } from '../services/datasets.ts';
import { startGroup } from '../services/run-groups.ts';
import { openStore } from './context.ts';
import { UsageError } from './errors.ts';
import { duration, jsonLine, meanStd, percent, table } from './format.ts';
import {
  exitCode,
  flagChecked,
  jsonReporter,
  superviseRuns,
  textReporter,
  type Reporter,
} from './train.ts';
import {
  configFromFlags,
  parseFlags,
  presetName,
  settingValue,
  TRAIN_ARGS,
  type TrainFlags,
} from './train-options.ts';

export const SWEEP_HELP = `Usage: backprop-lab sweep --FLAG V1,V2,… [--FLAG V1,V2,…] [--seeds N] [train options]

Trains every combination of one or two settings' values, each over N seeds (default 1),
as one sweep: e.g. backprop-lab sweep --lr 0.0005,0.001,0.002 --batch 32,64 --seeds 3
Values are separated by commas; for hidden layers and distortions, whose values hold
commas, separate them with '/': --layers 128/256,128. Every other flag of
backprop-lab train applies to all runs (see backprop-lab train --help).`;

/** Flags whose values themselves hold commas: a sweep separates them with '/'. */
const SLASHED = new Set<SettingName>(['layers', 'activations', 'augmentation']);

/** The settings a sweep's flags give several values, as axes; every flag then holds its first
 * value, for the base config. */
export function sweepAxes(flags: TrainFlags): { axes: Axis[]; base: TrainFlags } {
  const axes: Axis[] = [];
  const base: Record<string, unknown> = { ...flags };
  for (const name of Object.keys(SETTINGS) as SettingName[]) {
    const { flag } = SETTINGS[name].cli;
    const text = flags[flag];
    if (text === undefined) continue;
    const choices = text.split(SLASHED.has(name) ? '/' : ',').map((t) => t.trim());
    if (choices.length < 2) continue;
    if (!isSweepable(name))
      throw new UsageError(`--${flag}: the seed is not swept; use --seeds N for several seeds`);
    if (name === 'activations')
      throw new UsageError('--activation: sweep the hidden layers instead, with one activation');
    axes.push({ setting: name, values: choices.map((t) => settingValue(name, t)) });
    base[flag] = choices[0];
  }
  return { axes, base: base as TrainFlags };
}

export async function sweepCommand(args: string[]): Promise<number> {
  const { values: flags, positionals } = parseFlags(args, TRAIN_ARGS);
  if (flags.help) {
    console.log(SWEEP_HELP);
    return 0;
  }
  if (positionals.length > 0)
    throw new UsageError(`sweep: unexpected argument '${positionals[0]}'`);
  const { axes, base } = sweepAxes(flags);
  if (axes.length === 0)
    throw new UsageError(
      'sweep: give one or two settings several values, e.g. --lr 0.001,0.002 --batch 32,64',
    );
  return trainGroup(base, axes);
}

/** `train --seeds N`: the same settings over seeds s, s+1, …, s+N−1. */
export function repeatCommand(flags: TrainFlags): Promise<number> {
  return trainGroup(flags, []);
}

async function trainGroup(flags: TrainFlags, axes: Axis[]): Promise<number> {
  if (flags['save-model'] !== undefined)
    throw new UsageError('--save-model saves one run; export a run of the group instead');
  const seeds = seedCount(flags.seeds);
  const config = configFromFlags(flags);
  const json = flags.json === true;
  const store = openStore(flags.db);
  try {
    const dataset = datasetForRun(store, flags.dataset ?? 'mnist');
    let group: RunGroupRow | undefined;
    let members: RunRow[] = [];
    const perRun = new Map<number, Reporter>();
    /** Each run is reported as `train` reports one, a text report under a header of its own. */
    const reporterOf = (runId: number): Reporter => {
      let report = perRun.get(runId);
      if (report === undefined) {
        const run = members.find((r) => r.id === runId) ?? store.getRun(runId);
        if (json) report = jsonReporter(group?.id);
        else {
          console.log(
            `\n— Run ${run.id} (${members.indexOf(run) + 1} of ${members.length}): ${run.name}`,
          );
          report = textReporter(run.config, dataset, estimateRun(run.config, dataset));
        }
        perRun.set(runId, report);
      }
      return report;
    };
    const { runs, ends } = await superviseRuns(
      store,
      // Runs are queued while the group is saved, before their reporters exist: a run's
      // report starts with its header, when it starts.
      (e) => {
        if (e.type !== 'queued') reporterOf(e.runId)(e);
      },
      (starter) => {
        const started = groupChecked(() =>
          startGroup(starter, {
            name: flags.name,
            notes: flags.notes,
            tags: flags.tags?.split(','),
            preset: presetName(flags.preset),
            config,
            datasetId: dataset.id,
            seeds,
            axes,
          }),
        );
        group = started.group;
        members = started.runs;
        if (json)
          console.log(
            jsonLine({
              type: 'group',
              group: group.id,
              kind: group.kind,
              name: group.name,
              runs: members.map((r) => r.id),
            }),
          );
        else
          console.log(
            `${group.kind === 'repeat' ? 'Repeat' : 'Sweep'} ${group.id} saved: ${group.name}, ` +
              `${members.length} runs, trained one after another.`,
          );
        return members;
      },
    );
    const finished = runs.map((r) => store.getRun(r.id));
    if (group !== undefined) printSummary(group, finished, json);
    const codes = ends.map(exitCode);
    return codes.find((c) => c !== 0 && c !== 130) ?? codes.find((c) => c !== 0) ?? 0;
  } finally {
    store.close();
  }
}

function seedCount(text: string | undefined): number {
  if (text === undefined) return 1;
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isInteger(n))
    throw new UsageError(`--seeds: expected a whole number of seeds, got '${text}'`);
  return n;
}

/** The group's own fields as flags (--seeds, the swept flag); the rest as train names them. */
function groupChecked<T>(start: () => T): T {
  try {
    return start();
  } catch (error) {
    if (error instanceof ConfigError) {
      const axis = /^axes\[(\d+)\]/.exec(error.field);
      if (error.field === 'seeds') throw new UsageError(`--seeds: ${detail(error)}`);
      if (error.field === 'axes') throw new UsageError(`sweep: ${detail(error)}`);
      if (axis !== null) throw new UsageError(`sweep value: ${detail(error)}`);
    }
    return flagChecked(() => {
      throw error;
    });
  }
}

const detail = (error: ConfigError): string => error.message.slice(error.field.length + 2);

/** One row per combination of the swept values (settings but the seed): its runs' mean ± std
 * test accuracy and mean training time. */
function printSummary(group: RunGroupRow, runs: RunRow[], json: boolean): void {
  const groups = groupBySettings(runs);
  const rows = groups.map((g) => ({
    combination: combinationLabel(g.members[0].config, group.axes) || group.name,
    runs: g.members.map((r) => r.id),
    accuracy: g.accuracy,
    seconds: g.seconds,
  }));
  if (json) {
    console.log(jsonLine({ type: 'group-done', group: group.id, combinations: rows }));
    return;
  }
  console.log(`\n${group.kind === 'repeat' ? 'Repeat' : 'Sweep'} ${group.id}: ${group.name}`);
  console.log(
    table(
      ['combination', 'tested', 'test accuracy (mean ± std)', 'training (mean ± std)'],
      rows.map((r) => [
        r.combination,
        `${r.accuracy?.n ?? 0}/${r.runs.length}`,
        meanStd(r.accuracy, (x) => percent(x)),
        meanStd(r.seconds, duration),
      ]),
    ),
  );
}
