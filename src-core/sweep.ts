// Repeats and sweeps as lists of configs: a repeat trains one config over seeds s, s+1, …; a
// sweep trains every combination of one or two settings' values, each over those seeds. The
// same expansion serves the app's New run form, its API and `backprop-lab train --seeds` /
// `backprop-lab sweep`, so a sweep means the same runs wherever it is asked for.
//
// Runs are ordered seed by seed: every combination with seed s first, then with s+1, so a
// sweep cancelled half-way has covered every combination at least once.

import { ConfigError, validateConfig, type TrainConfig } from './config.ts';
import { configSettings } from './config-diff.ts';
import { SETTINGS, valueProblem, type SettingName } from './settings.ts';

/** The most a repeat or sweep may hold; each run is minutes of the learner's machine. */
export const GROUP_LIMITS = { seeds: 20, axes: 2, values: 12, runs: 100 } as const;

/** A setting a sweep varies, by its name in the table (settings.ts), and the values it takes. */
export interface Axis {
  readonly setting: string;
  readonly values: readonly unknown[];
}

/** One run of a group: its config, and what sets it apart from the others ("lr 0.001 ·
 * batch 32 · seed 3"). */
export interface GroupMember {
  readonly config: TrainConfig;
  readonly label: string;
}

/** Every setting but the seed may be swept (the seeds are the repeat). */
export function isSweepable(name: string): name is SettingName {
  return Object.hasOwn(SETTINGS, name) && name !== 'seed';
}

/** The configs of a repeat (`axes` empty) or a sweep, in the order they train. Throws a
 * ConfigError naming the field at fault: `seeds`, `axes`, `axes[i].setting`,
 * `axes[i].values[j]`, or the config's own field for a combination the settings refuse (its
 * message then says which combination). */
export function expandGroup(
  base: TrainConfig,
  seeds: number,
  axes: readonly Axis[],
): GroupMember[] {
  checkShape(seeds, axes);
  let combos: { config: TrainConfig; parts: string[] }[] = [{ config: base, parts: [] }];
  for (const [i, axis] of axes.entries()) {
    const name = axis.setting as SettingName;
    combos = combos.flatMap(({ config, parts }) =>
      axis.values.map((value, j) => {
        const problem = valueProblem(name, value);
        if (problem !== null) throw new ConfigError(`axes[${i}].values[${j}]`, problem);
        const next = withValue(config, name, value);
        return { config: next, parts: [...parts, valueLabel(next, name)] };
      }),
    );
  }
  const members: GroupMember[] = [];
  for (let s = 0; s < seeds; s++)
    for (const { config, parts } of combos) {
      const seeded = { ...config, seed: base.seed + s };
      try {
        validateConfig(seeded);
      } catch (error) {
        if (!(error instanceof ConfigError) || parts.length === 0) throw error;
        throw new ConfigError(
          error.field,
          `with ${parts.join(' and ')}: ${error.errors[0].message}`,
        );
      }
      members.push({ config: seeded, label: [...parts, `seed ${seeded.seed}`].join(' · ') });
    }
  return members;
}

function checkShape(seeds: number, axes: readonly Axis[]): void {
  if (!Number.isInteger(seeds) || seeds < 1 || seeds > GROUP_LIMITS.seeds)
    throw new ConfigError(
      'seeds',
      `must be a whole number of seeds from 1 to ${GROUP_LIMITS.seeds}`,
    );
  if (axes.length > GROUP_LIMITS.axes)
    throw new ConfigError('axes', `a sweep varies at most ${GROUP_LIMITS.axes} settings`);
  let runs = seeds;
  for (const [i, axis] of axes.entries()) {
    if (!isSweepable(axis.setting))
      throw new ConfigError(
        `axes[${i}].setting`,
        axis.setting === 'seed'
          ? 'the seed is not swept: ask for several seeds instead'
          : `'${axis.setting}' is not a setting`,
      );
    if (axes.findIndex((a) => a.setting === axis.setting) !== i)
      throw new ConfigError(`axes[${i}].setting`, `${axis.setting} is swept twice`);
    const n = axis.values.length;
    if (n < 1 || n > GROUP_LIMITS.values)
      throw new ConfigError(
        `axes[${i}].values`,
        `give 1 to ${GROUP_LIMITS.values} values of ${axis.setting}, not ${n}`,
      );
    const twice = axis.values.findIndex((v, j) =>
      axis.values.slice(0, j).some((w) => JSON.stringify(w) === JSON.stringify(v)),
    );
    if (twice >= 0)
      throw new ConfigError(`axes[${i}].values[${twice}]`, 'this value is given twice');
    runs *= n;
  }
  if (runs > GROUP_LIMITS.runs)
    throw new ConfigError(
      axes.length === 0 ? 'seeds' : 'axes',
      `that is ${runs} runs; a repeat or sweep holds at most ${GROUP_LIMITS.runs}`,
    );
}

/** The config with one setting changed. A sweep over hidden layers keeps one activation per
 * layer: a list of one activation repeated is stretched or cut to the new depth. */
function withValue(config: TrainConfig, name: SettingName, value: unknown): TrainConfig {
  const next = { ...config, [name]: value } as TrainConfig;
  if (name !== 'layers') return next;
  const { activations } = config;
  const same = activations.every((a) => a === activations[0]);
  if (!same || activations.length === next.layers.length || activations.length === 0) return next;
  return { ...next, activations: next.layers.map(() => activations[0]) };
}

/** What sets a run of a sweep apart from its other combinations, e.g. "lr 0.001 · batch 32";
 * '' for a repeat. */
export function combinationLabel(config: TrainConfig, axes: readonly Axis[]): string {
  return axes
    .filter((a) => isSweepable(a.setting))
    .map((a) => valueLabel(config, a.setting as SettingName))
    .join(' · ');
}

/** A setting's value in a run's label by its flag, as the settings diff shows it: "lr 0.001". */
function valueLabel(config: TrainConfig, name: SettingName): string {
  const row = SETTINGS[name].row;
  const text = configSettings(config).find(([r]) => r === row)?.[1] ?? String(config[name]);
  return `${SETTINGS[name].cli.flag} ${text}`;
}
