// The "Repeat and sweep" part of the New run form as data: how many seeds, which settings are
// swept and the values typed for each, read into the API's startGroup fields. Each value is
// checked by the core's table of settings (valueProblem) and the whole group by the same
// expansion the back end makes (expandGroup, checkAgainstDataset), so a sweep the form accepts
// is one the back end queues, and every problem is shown by the input it belongs to.

import { ConfigError, type TrainConfig } from '../../../src-core/config.ts';
import { checkAgainstDataset, type DatasetShape } from '../../../src-core/estimate.ts';
import {
  SETTING_NAMES,
  SETTINGS,
  valueProblem,
  type Param,
  type Setting,
  type SettingName,
} from '../../../src-core/settings.ts';
import { expandGroup, GROUP_LIMITS, isSweepable, type Axis } from '../../../src-core/sweep.ts';
import type { Request } from '../../../src-main/contract/api.ts';
import { formField, parseNumber, sentence, type FieldErrors } from './run-form.ts';

/** One swept setting as the form holds it: the values' text as typed, or the options ticked
 * (a choice, such as the optimiser). */
export interface AxisField {
  setting: SettingName;
  text: string;
  chosen: string[];
}

export interface GroupForm {
  /** The number of seeds as typed. */
  seeds: string;
  axes: AxisField[];
}

/** The seeds and axes of a startGroup request. */
export type GroupPart = Pick<Request<'startGroup'>, 'seeds' | 'axes'>;
type SweepValue = GroupPart['axes'][number]['values'][number];

/** The error keys of this part: "seeds", "axes" (the sweep as a whole) and "axes[i]" (one
 * swept setting's values). */
export const axisKey = (i: number): string => `axes[${i}]`;

/** How a setting's values are typed in a sweep: a comma list of numbers (a word such as
 * "full" among them), hidden layers one network per line or separated by ";", or the options
 * ticked. Settings of other kinds (a schedule, the distortions, per-layer activations) are
 * not offered. */
type Entry = 'numbers' | 'networks' | 'options';

function entryOf(p: Param): Entry | null {
  if (p.kind === 'real' || p.kind === 'int') return 'numbers';
  if (p.kind === 'or' && (p.param.kind === 'real' || p.param.kind === 'int')) return 'numbers';
  if (p.kind === 'list' && p.item.kind === 'int' && p.perLayer !== true) return 'networks';
  if (p.kind === 'choice') return 'options';
  return null;
}

export const entry = (name: SettingName): Entry => entryOf(SETTINGS[name].param) ?? 'numbers';

/** The settings a sweep can vary from the form, in the table's order: sweepable, typed as
 * numbers, networks or options, and used by the config (momentum only with its optimiser). */
export function sweepableSettings(draft: TrainConfig): SettingName[] {
  return SETTING_NAMES.filter((name) => {
    const s: Setting = SETTINGS[name];
    return (
      isSweepable(name) &&
      entryOf(s.param) !== null &&
      (s.usedWhen === undefined || s.usedWhen(draft))
    );
  });
}

/** What the values input of a setting says about how to type them. */
export function valuesHint(name: SettingName): string {
  const p: Param = SETTINGS[name].param;
  switch (entry(name)) {
    case 'networks':
      return 'One network per line, or separated by “;”: sizes by commas, e.g. 128,64; 256; none.';
    case 'options':
      return 'Tick each option to train.';
    case 'numbers':
      return p.kind === 'or'
        ? `Separate with commas, e.g. 32, 64, ${p.word}.`
        : 'Separate with commas, e.g. 0.001, 0.002, 0.005.';
  }
}

/** An axis starting from the config's own value, for the learner to add others to. */
export function newAxis(name: SettingName, config: TrainConfig): AxisField {
  const value = config[name] as unknown;
  const text = Array.isArray(value)
    ? value.length === 0
      ? 'none'
      : value.join(',')
    : typeof value === 'string' || typeof value === 'number'
      ? String(value)
      : '';
  return {
    setting: name,
    text: entry(name) === 'options' ? '' : text,
    chosen: entry(name) === 'options' ? [String(value)] : [],
  };
}

/** Reads one item as the param takes it: a number, or the param's word. */
function readItem(p: Param, item: string): { value: SweepValue } | { error: string } {
  if (p.kind === 'or' && item.toLowerCase() === p.word) return { value: p.word };
  return parseNumber(item);
}

/** The values an axis holds, or why one cannot be read: the first bad value, by its place. */
export function readAxis(axis: AxisField): { values: SweepValue[] } | { error: string } {
  const name = axis.setting;
  const p: Param = SETTINGS[name].param;
  const kind = entry(name);
  if (kind === 'options') {
    const options = p.kind === 'choice' ? p.options : [];
    const values = options.filter((o) => axis.chosen.includes(o));
    return values.length === 0 ? { error: 'Tick at least one option.' } : { values };
  }
  const items = axis.text
    .split(kind === 'networks' ? /[;\n]/ : ',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  if (items.length === 0) return { error: 'Enter at least one value.' };
  const values: SweepValue[] = [];
  for (const [j, item] of items.entries()) {
    const read: { value: SweepValue } | { error: string } =
      kind === 'networks' ? readNetwork(item) : readItem(p, item);
    if ('error' in read) return { error: `Value ${j + 1}: ${read.error}` };
    const problem = valueProblem(name, read.value);
    if (problem !== null) return { error: `Value ${j + 1} (${item}): ${sentence(problem)}` };
    values.push(read.value);
  }
  return { values };
}

/** Hidden layer sizes as typed, "128,64" or "none" for no hidden layer (as the CLI takes them). */
function readNetwork(item: string): { value: number[] } | { error: string } {
  if (item.toLowerCase() === 'none') return { value: [] };
  const sizes: number[] = [];
  for (const size of item.split(/[,\s]+/).filter((t) => t !== '')) {
    const read = parseNumber(size);
    if ('error' in read) return read;
    sizes.push(read.value);
  }
  return { value: sizes };
}

/** The number of seeds typed, or why it is not one. */
export function readSeeds(text: string): { seeds: number } | { error: string } {
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(n) || n < 1 || n > GROUP_LIMITS.seeds)
    return { error: `Enter a whole number of seeds from 1 to ${GROUP_LIMITS.seeds}.` };
  return { seeds: n };
}

/** How many runs the group holds, and what they are: "12 runs: 3 lr × 2 batch × 2 seeds". */
export function runCountText(seeds: number, axes: readonly Axis[]): { runs: number; text: string } {
  const runs = axes.reduce((n, a) => n * a.values.length, seeds);
  const parts = [
    ...axes.map((a) => `${a.values.length} ${SETTINGS[a.setting as SettingName].cli.flag}`),
    `${seeds} seed${seeds === 1 ? '' : 's'}`,
  ];
  return { runs, text: `${runs} run${runs === 1 ? '' : 's'}: ${parts.join(' × ')}` };
}

export interface ReadGroup {
  /** The request's seeds and axes; null when any part cannot be read or is refused. */
  readonly group: GroupPart | null;
  readonly runs: number | null;
  /** "12 runs: 3 lr × 2 batch × 2 seeds", once seeds and values can be read. */
  readonly countText: string | null;
  readonly errors: FieldErrors;
}

/** Reads the part and, given the rest of the form's valid config, checks the whole group as
 * the back end will: every combination's settings and its fit to the dataset. */
export function readGroup(
  form: GroupForm,
  config: TrainConfig | null,
  dataset?: DatasetShape,
): ReadGroup {
  const errors: FieldErrors = new Map();
  const seeds = readSeeds(form.seeds);
  if ('error' in seeds) errors.set('seeds', seeds.error);
  const axes: GroupPart['axes'] = [];
  for (const [i, axis] of form.axes.entries()) {
    const read = readAxis(axis);
    if ('error' in read) errors.set(axisKey(i), read.error);
    else axes.push({ setting: axis.setting, values: read.values });
  }
  if (errors.size > 0 || !('seeds' in seeds))
    return { group: null, runs: null, countText: null, errors };
  const { runs, text } = runCountText(seeds.seeds, axes);
  if (config !== null) {
    const problem = groupProblem(config, seeds.seeds, axes, dataset);
    if (problem !== null) errors.set(fieldOfGroup(problem.field, form) ?? 'axes', problem.message);
  }
  return {
    group: errors.size === 0 && config !== null ? { seeds: seeds.seeds, axes } : null,
    runs,
    countText: text,
    errors,
  };
}

/** The first problem of the group's runs, as the back end would find it. */
function groupProblem(
  config: TrainConfig,
  seeds: number,
  axes: readonly Axis[],
  dataset?: DatasetShape,
): { field: string; message: string } | null {
  try {
    const members = expandGroup(config, seeds, axes);
    if (dataset === undefined) return null;
    for (const m of members) {
      const [problem] = checkAgainstDataset(m.config, dataset);
      if (problem !== undefined)
        return {
          field: problem.field,
          message: sentence(axes.length > 0 ? `${m.label}: ${problem.message}` : problem.message),
        };
    }
    return null;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { field: error.field, message: sentence(error.errors[0].message) };
  }
}

/** Where a problem of the group belongs in the form, by the field the core or the API names:
 * "seeds"; "axes[1].values[2]" (or the schema's "axes.1.values.2") → that setting's values;
 * a setting a sweep varies → its values; any other config field → its own input (formField);
 * null for a field with no input. */
export function fieldOfGroup(field: string | undefined, form: GroupForm): string | null {
  if (field === undefined) return null;
  if (field === 'seeds') return 'seeds';
  const axis = /^axes(?:\[(\d+)\]|\.(\d+))/.exec(field);
  if (axis !== null) return axisKey(Number(axis[1] ?? axis[2]));
  if (field === 'axes') return 'axes';
  if (field === 'dataset') return 'datasetId';
  const top = field.replace(/^config\./, '').split(/[.[]/)[0];
  const swept = form.axes.findIndex((a) => a.setting === top);
  return swept >= 0 ? axisKey(swept) : formField(field);
}
