// The New run form as data: what each input holds (text as typed, so a half-typed "1e-" is kept
// and explained rather than lost), how it becomes a TrainConfig, and which input each problem
// belongs to. Every input, its kind, section, label, hint, rules and fallback value come from the
// core's table of settings (src-core/settings.ts), walked by the kind of each value: only the two
// per-layer lists have rows of their own (LayersEditor), so a new setting needs no edit here.

import type { ActivationName } from '../../../src-core/activations.ts';
import type { TrainConfig } from '../../../src-core/config.ts';
import {
  checkAgainstDataset,
  estimateRun,
  type DatasetShape,
  type RunEstimate,
} from '../../../src-core/estimate.ts';
import type { OptimizerName } from '../../../src-core/optimizers/optimizer.ts';
import { PRESETS, PRESET_NAMES, type PresetName } from '../../../src-core/presets.ts';
import {
  describeAt,
  isUsedWith,
  SETTING_NAMES,
  SETTINGS,
  settingPaths,
  settingsProblems,
  type Group,
  type Param,
  type Setting,
  type SettingName,
} from '../../../src-core/settings.ts';
import { architectureOf, MNIST_IMAGE } from '../../../src-core/architecture.ts';

export interface LayerField {
  size: string;
  activation: ActivationName;
}

/** What an input holds: a number's text as typed, a choice, or whether a box is ticked. */
export type FieldValue = string | boolean;

/** The form: the hidden layers, and a value for every other config path of the table of settings
 * (settingPaths): "learningRate" holds its text, "optimizer" its choice, "schedule" the variant's
 * type and "schedule.every" its text, "augmentation" whether it is on and "augmentation.rotation"
 * its text, and wordKey("batchSize") whether the batch is 'full'. */
export interface RunForm {
  layers: LayerField[];
  values: Record<string, FieldValue>;
}

/** The value of the checkbox that chooses a setting's word ('full' for the batch size). */
export const wordKey = (path: string): string => `${path}:word`;

/** Problems by field, keyed by the config's own path ("layers[1]", "schedule.every", …). */
export type FieldErrors = Map<string, string>;

/** Sets the inputs of `p` at `path` to show `v`, or the table's fallback where `v` is absent (a
 * schedule's fields when another variant is chosen, the distortions when off). */
function fill(p: Param, path: string, v: unknown, values: Record<string, FieldValue>): void {
  const o = (v ?? {}) as Record<string, unknown>;
  switch (p.kind) {
    case 'real':
    case 'int':
      values[path] = String(v ?? p.default ?? p.min);
      return;
    case 'choice':
      values[path] = v as string;
      return;
    case 'bool':
      values[path] = v === true;
      return;
    case 'or': {
      const word = v === p.word || (v === undefined && p.wordWhenAbsent === true);
      values[wordKey(path)] = word;
      return fill(p.param, path, word ? undefined : v, values);
    }
    case 'variants':
      values[path] = String(o.type);
      for (const [type, fields] of Object.entries(p.variants))
        for (const [key, f] of Object.entries(fields))
          fill(f, `${path}.${key}`, type === o.type ? o[key] : undefined, values);
      return;
    case 'struct':
      for (const [key, f] of Object.entries(p.fields)) fill(f, `${path}.${key}`, o[key], values);
      return;
    case 'nullable':
      values[path] = v !== undefined && v !== null;
      return fill(p.param, path, v ?? p.on, values);
    case 'list':
      return; // the layers' own rows (LayerField)
  }
}

/** The form showing `config`. Settings a config does not use (the step factor under a cosine
 * schedule, the batch size of a full batch) keep sensible values to switch to. */
export function formFromConfig(c: TrainConfig): RunForm {
  const values: Record<string, FieldValue> = {};
  for (const name of SETTING_NAMES) fill(SETTINGS[name].param, name, c[name], values);
  return {
    layers: c.layers.map((size, i) => ({ size: String(size), activation: c.activations[i] })),
    values,
  };
}

/** Reads a number as typed; `null` with a message when it is not one. */
export function parseNumber(text: string): { value: number } | { error: string } {
  const t = text.trim();
  if (t === '') return { error: 'Enter a number.' };
  const value = Number(t);
  if (!Number.isFinite(value)) return { error: `"${t}" is not a number.` };
  return { value };
}

/** Sentence case and a full stop: "must be …" → "Must be …." */
export function sentence(problem: string): string {
  const s = problem.charAt(0).toUpperCase() + problem.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

/** Every problem the core finds in `config`, by field. */
export function configErrors(config: TrainConfig): FieldErrors {
  return new Map(settingsProblems(config).map((p) => [p.field, sentence(p.message)]));
}

/** What the input of a setting shows, from the table: its label and hint, and for a whole
 * number a number box from its minimum. */
export function inputOf(field: string): {
  label: string;
  hint: string;
  whole: boolean;
  min: number;
} {
  const { label, help, param } = describeAt(field);
  return {
    label,
    hint: help,
    whole: param.kind === 'int',
    min: param.kind === 'int' || param.kind === 'real' ? param.min : 0,
  };
}

export interface ReadOptions {
  /** The chosen dataset: its name for the hints, its counts to check the config against
   * (checkAgainstDataset) and estimate the run. */
  readonly dataset?: DatasetShape & { readonly name?: string };
}

/** The value of `p` at `path` the form describes. A number that does not parse gets its message
 * in `errors` and a valid stand-in (the Quick preset's, else the table's) so that the other
 * fields are still checked by the core. An optional field at its default is left out, as in
 * configs saved before it existed (stroke thickening 0). */
function read(p: Param, path: string, form: RunForm, errors: FieldErrors): unknown {
  const v = form.values[path];
  switch (p.kind) {
    case 'real':
    case 'int': {
      const parsed = parseNumber(String(v));
      if ('value' in parsed) return parsed.value;
      errors.set(path, parsed.error);
      const preset: unknown = (PRESETS.quick as unknown as Record<string, unknown>)[path];
      return typeof preset === 'number' ? preset : (p.default ?? p.min);
    }
    case 'choice':
    case 'bool':
      return v;
    case 'or':
      return form.values[wordKey(path)] === true ? p.word : read(p.param, path, form, errors);
    case 'variants': {
      const fields = p.variants[String(v)] ?? {};
      return Object.fromEntries([
        ['type', v],
        ...Object.entries(fields).map(([k, f]) => [k, read(f, `${path}.${k}`, form, errors)]),
      ]);
    }
    case 'struct':
      return Object.fromEntries(
        Object.entries(p.fields)
          .map(([k, f]) => [k, f, read(f, `${path}.${k}`, form, errors)] as const)
          .filter(([k, f, value]) => !(p.optional.includes(k) && isDefault(f, value)))
          .map(([k, , value]) => [k, value]),
      );
    case 'nullable':
      return v === true ? read(p.param, path, form, errors) : null;
    case 'list': {
      // The per-layer lists are the rows of LayersEditor: a size and an activation each.
      const { item } = p;
      return item.kind === 'int'
        ? form.layers.map((l, i) => {
            const parsed = parseNumber(l.size);
            if ('value' in parsed) return parsed.value;
            errors.set(`${path}[${i}]`, parsed.error);
            return item.min;
          })
        : form.layers.map((l) => l.activation);
    }
  }
}

/** Whether `value` is what an absent optional field means: its default, or off. */
const isDefault = (p: Param, value: unknown): boolean =>
  value === null ||
  ((p.kind === 'real' || p.kind === 'int') && value === p.default) ||
  (p.kind === 'or' && p.wordWhenAbsent === true && value === p.word);

/** The config the form describes, with stand-ins for what cannot be read (whose messages go to
 * `errors`): what the view asks which settings the choices use. */
export function draftOf(form: RunForm, errors: FieldErrors = new Map()): TrainConfig {
  const entries: [string, unknown][] = [];
  for (const name of SETTING_NAMES) {
    const s: Setting = SETTINGS[name];
    const value = read(s.param, name, form, errors);
    // Off is left out, like the configs of runs saved before the setting existed.
    if (!(s.optional === true && isDefault(s.param, value))) entries.push([name, value]);
  }
  return Object.fromEntries(entries) as unknown as TrainConfig;
}

/** The config the form describes and every problem with it; `config` is null when any field
 * cannot be read or the core refuses the result. `estimate` is what the run will need, once
 * the config is valid and the dataset known. */
export function readForm(
  form: RunForm,
  options: ReadOptions = {},
): { config: TrainConfig | null; errors: FieldErrors; estimate: RunEstimate | null } {
  const errors: FieldErrors = new Map();
  const { dataset } = options;
  let config = draftOf(form, errors);
  // A setting the config or the dataset does not use is not checked, so it never stops a start:
  // one the config does not use (momentum without its optimiser) takes the Quick preset's value,
  // so that configs that train alike compare alike; one the dataset does not use (the test
  // fraction of data with its own test part) keeps what was typed unless it cannot take it.
  const problems = configErrors(config);
  for (const name of SETTING_NAMES) {
    const { usedWhen }: Setting = SETTINGS[name];
    const unusedByConfig = usedWhen !== undefined && !usedWhen(config);
    const unusedByData = dataset !== undefined && !isUsedWith(name, dataset);
    if (!unusedByConfig && !(unusedByData && (errors.has(name) || problems.has(name)))) continue;
    errors.delete(name);
    config = { ...config, [name]: PRESETS.quick[name] };
  }
  for (const [field, message] of configErrors(config))
    if (!errors.has(field)) errors.set(field, message);
  if (dataset !== undefined && errors.size === 0)
    for (const p of checkAgainstDataset(config, dataset))
      errors.set(p.field === 'dataset' ? 'datasetId' : p.field, sentence(p.message));
  const ok = errors.size === 0;
  return {
    config: ok ? config : null,
    errors,
    estimate: ok && dataset !== undefined ? estimateRun(config, dataset) : null,
  };
}

const megabytes = (bytes: number): string =>
  `${(bytes / (1024 * 1024)).toFixed(bytes < 1e8 ? 1 : 0)} MB`;

/** The estimate as the form shows it under the network. */
export function estimateText(e: RunEstimate): string {
  return (
    `Needs about ${megabytes(e.ram.total)} of memory while training; ` +
    `each checkpoint takes ${megabytes(e.disk.perCheckpoint)} of disk.`
  );
}

/** Every config path with an input, and the run's own fields. */
const FORM_FIELDS: ReadonlySet<string> = new Set([
  ...settingPaths(),
  'datasetId',
  'name',
  'notes',
  'tags',
]);

/** Where a problem the server reports belongs: "config.learningRate" → "learningRate". Fields
 * the form has no input for come back as null and are shown above the button. */
export function formField(serverField: string | undefined): string | null {
  if (serverField === undefined) return null;
  // Core checks name list items "layers[1]"; schema checks write "layers.1".
  const f = serverField.replace(/^config\./, '').replace(/^(layers|activations)\.(\d+)$/, '$1[$2]');
  if (f === 'schedule.type') return 'schedule';
  if (/^tags\.\d+$/.test(f)) return 'tags';
  if (/^(layers|activations)(\[\d+\])?$/.test(f)) return f;
  return FORM_FIELDS.has(f) ? f : null;
}

/** The message without a leading "field: " the server may put before it. */
export function problemText(message: string, serverField: string | undefined): string {
  if (serverField === undefined) return message;
  for (const prefix of [serverField, serverField.replace(/^config\./, '')])
    if (message.startsWith(`${prefix}: `)) return sentence(message.slice(prefix.length + 2));
  return sentence(message);
}

/** Whether the learner changed the input of `field` (`touched` holds input ids). A problem of
 * the whole list of layers, such as too many parameters, belongs to every layer's size. */
export function wasTouched(field: string, touched: ReadonlySet<string>): boolean {
  if (touched.has(inputId(field))) return true;
  return field === 'layers' && [...touched].some((id) => id.startsWith(`${inputId('layers')}-`));
}

/** The id of the input for a field: "layers[1]" → "field-layers-1". */
export function inputId(field: string): string {
  return `field-${field.replace(/[^A-Za-z0-9]+/g, '-').replace(/-$/, '')}`;
}

/** The preset this config is exactly, if any. */
export function presetOf(config: TrainConfig): PresetName | null {
  const key = JSON.stringify(normalized(config));
  return PRESET_NAMES.find((p) => JSON.stringify(normalized(PRESETS[p])) === key) ?? null;
}

/** Every setting in the table's order, one the config does not use as null, so two configs
 * that train alike serialise alike. */
function normalized(c: TrainConfig): unknown[] {
  return SETTING_NAMES.map((name) => {
    const s: Setting = SETTINGS[name];
    return s.usedWhen !== undefined && !s.usedWhen(c) ? null : canonical(s.param, c[name]);
  });
}

/** A value with its fields in the table's order, an absent optional number at its default
 * and an absent nullable as null (as runs saved before those settings read). */
function canonical(p: Param, v: unknown): unknown {
  const o = v as Record<string, unknown>;
  switch (p.kind) {
    case 'nullable':
      return v === undefined || v === null ? null : canonical(p.param, v);
    case 'struct':
      return Object.entries(p.fields).map(([k, f]) =>
        o[k] === undefined && (f.kind === 'real' || f.kind === 'int')
          ? f.default
          : canonical(f, o[k]),
      );
    case 'variants':
      return [
        o.type,
        ...Object.entries(p.variants[String(o.type)] ?? {}).map(([k, f]) => canonical(f, o[k])),
      ];
    default:
      return v;
  }
}

export const PRESET_TITLES: Record<PresetName, string> = {
  article: 'Article',
  quick: 'Quick',
  best: 'Best MLP',
};

const PRESET_LEADS: Record<PresetName, string> = {
  article: 'The blog’s network, faithfully',
  quick: 'Good accuracy in well under a minute',
  best: 'The best an MLP does here, in minutes',
};

const OPTIMIZER_SHORT: Record<OptimizerName, string> = {
  gd: 'full-batch gradient descent',
  sgd: 'SGD',
  momentum: 'momentum',
  adam: 'Adam',
};

/** One line per preset, its numbers read from the preset itself so they never drift. */
export function presetDescription(name: PresetName): string {
  const c = PRESETS[name];
  const sizes = architectureOf(c, MNIST_IMAGE).join('-');
  const loss = c.loss === 'mse' ? 'squared error' : 'cross-entropy';
  const distorted = c.augmentation ? ', distorted images' : '';
  return `${PRESET_LEADS[name]}: ${sizes}, ${loss}, ${OPTIMIZER_SHORT[c.optimizer]}${distorted}, ${c.epochs} epochs.`;
}

/** The activations' names a learner reads in the article and the docs. */
export const ACTIVATION_LABELS = SETTINGS.activations.param.item.labels;

/** Ticks the word a choice implies (a full batch for the article's gradient descent), after a
 * choice changed. */
export function chooseWords(form: RunForm): void {
  for (const name of SETTING_NAMES) {
    const { param }: Setting = SETTINGS[name];
    if (param.kind !== 'or' || param.wordWith === undefined) continue;
    if (Object.entries(param.wordWith).every(([k, v]) => form.values[k] === v))
      form.values[wordKey(name)] = true;
  }
}

/** The settings of a section of the form the draft config uses, in the table's order: those in
 * its grid, the lists (its layer rows) and those with a part of their own. */
export function groupSettings(
  group: Group,
  draft: TrainConfig,
): { grid: SettingName[]; lists: boolean; parts: SettingName[] } {
  const names = SETTING_NAMES.filter((name) => {
    const s: Setting = SETTINGS[name];
    return s.group === group && (s.usedWhen === undefined || s.usedWhen(draft));
  });
  const isList = (name: SettingName) => SETTINGS[name].param.kind === 'list';
  const hasPart = (name: SettingName) => (SETTINGS[name] as Setting).part !== undefined;
  return {
    grid: names.filter((n) => !isList(n) && !hasPart(n)),
    lists: names.some(isList),
    parts: names.filter(hasPart),
  };
}

/** The hint of a setting's input: the table's, or why the chosen dataset does not use it. */
export function hintOf(name: SettingName, dataset?: ReadOptions['dataset']): string | undefined {
  const { unusedHelp }: Setting = SETTINGS[name];
  if (dataset === undefined || isUsedWith(name, dataset) || unusedHelp === undefined) return;
  return unusedHelp(dataset.name ?? 'this dataset');
}
