// The New run form as data: what each field holds (text as typed, so a half-typed "1e-" is kept
// and explained rather than lost), how it becomes a TrainConfig, and which field each problem
// belongs to. The rules, labels, hints and fallback values are the core's table of settings
// (src-core/settings.ts); this module only reads the typed text and points the core's
// complaints at the right input.

import type { ActivationName } from '../../../src-core/activations.ts';
import { DEFAULT_AUGMENTATION, type Augmentation } from '../../../src-core/augment.ts';
import { ConfigError, type TrainConfig } from '../../../src-core/config.ts';
import {
  checkRunFits,
  estimateRun,
  type DatasetShape,
  type RunEstimate,
} from '../../../src-core/estimate.ts';
import type { InitializerName } from '../../../src-core/initializers.ts';
import type { LossName } from '../../../src-core/losses.ts';
import type { OptimizerName } from '../../../src-core/optimizers/optimizer.ts';
import { PRESETS, PRESET_NAMES, type PresetName } from '../../../src-core/presets.ts';
import type { Schedule } from '../../../src-core/schedule.ts';
import {
  defaultAt,
  describeAt,
  SETTING_NAMES,
  SETTINGS,
  settingPaths,
  settingsProblems,
  type Param,
  type Setting,
} from '../../../src-core/settings.ts';
import { architectureOf, MNIST_IMAGE } from '../../../src-core/architecture.ts';

export const MAX_HIDDEN_LAYERS = SETTINGS.layers.param.maxLength;

export interface LayerField {
  size: string;
  activation: ActivationName;
}

export interface RunForm {
  layers: LayerField[];
  loss: LossName;
  init: InitializerName;
  optimizer: OptimizerName;
  learningRate: string;
  momentum: string;
  fullBatch: boolean;
  batchSize: string;
  epochs: string;
  l2: string;
  dropout: string;
  schedule: Schedule['type'];
  every: string;
  factor: string;
  minFactor: string;
  validation: string;
  testFraction: string;
  seed: string;
  /** Distort the training images; the distortions below apply only when on. */
  augment: boolean;
  rotation: string;
  scale: string;
  shift: string;
  shear: string;
  elastic: boolean;
  /** Largest stroke thickening; 0 leaves it out of the config (as in runs saved before it). */
  thickness: string;
}

/** The distortions with a number each, as the config and the form name them. */
export const DISTORTIONS = ['rotation', 'scale', 'shift', 'shear'] as const;

/** Problems by field, keyed by the config's own path ("layers[1]", "schedule.every", …). */
export type FieldErrors = Map<string, string>;

/** The form showing `config`. Settings a config does not use (the step factor under a cosine
 * schedule, the batch size of a full batch) keep sensible values to switch to. */
export function formFromConfig(c: TrainConfig): RunForm {
  const s = c.schedule;
  const a = c.augmentation ?? DEFAULT_AUGMENTATION;
  return {
    layers: c.layers.map((size, i) => ({ size: String(size), activation: c.activations[i] })),
    loss: c.loss,
    init: c.init,
    optimizer: c.optimizer,
    learningRate: String(c.learningRate),
    momentum: String(c.momentum),
    fullBatch: c.batchSize === 'full',
    batchSize: String(c.batchSize === 'full' ? defaultAt('batchSize') : c.batchSize),
    epochs: String(c.epochs),
    l2: String(c.l2),
    dropout: String(c.dropout ?? defaultAt('dropout')),
    schedule: s.type,
    every: String(s.type === 'step' ? s.every : defaultAt('schedule.every')),
    factor: String(s.type === 'step' ? s.factor : defaultAt('schedule.factor')),
    minFactor: String(s.type === 'cosine' ? s.minFactor : defaultAt('schedule.minFactor')),
    validation: String(c.validation),
    testFraction: String(c.testFraction),
    seed: String(c.seed),
    augment: c.augmentation !== undefined && c.augmentation !== null,
    rotation: String(a.rotation),
    scale: String(a.scale),
    shift: String(a.shift),
    shear: String(a.shear),
    elastic: a.elastic,
    thickness: String(a.thickness ?? 0),
  };
}

/** Reads a number as typed; `null` with a message when it is not one. */
function parseNumber(text: string): { value: number } | { error: string } {
  const t = text.trim();
  if (t === '') return { error: 'Enter a number.' };
  const value = Number(t);
  if (!Number.isFinite(value)) return { error: `"${t}" is not a number.` };
  return { value };
}

/** Sentence case and a full stop: "must be …" → "Must be …." */
function sentence(problem: string): string {
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
  /** The chosen dataset, to check the config against (checkRunFits) and estimate the run. */
  readonly dataset?: DatasetShape;
}

/** The config the form describes and every problem with it; `config` is null when any field
 * cannot be read or the core refuses the result. `estimate` is what the run will need, once
 * the config is valid and the dataset known. */
export function readForm(
  form: RunForm,
  options: ReadOptions = {},
): { config: TrainConfig | null; errors: FieldErrors; estimate: RunEstimate | null } {
  const errors: FieldErrors = new Map();
  // A value that does not parse is replaced by a valid stand-in so that the other fields still
  // get checked by the core; its own message comes from here.
  const num = (field: string, text: string, standIn: number): number => {
    const parsed = parseNumber(text);
    if ('error' in parsed) {
      errors.set(field, parsed.error);
      return standIn;
    }
    return parsed.value;
  };
  const q = PRESETS.quick;
  const schedule: Schedule =
    form.schedule === 'step'
      ? {
          type: 'step',
          every: num('schedule.every', form.every, defaultAt('schedule.every')),
          factor: num('schedule.factor', form.factor, defaultAt('schedule.factor')),
        }
      : form.schedule === 'cosine'
        ? {
            type: 'cosine',
            minFactor: num('schedule.minFactor', form.minFactor, defaultAt('schedule.minFactor')),
          }
        : { type: 'constant' };
  // No thickening is left out rather than 0, like the augmentation of runs saved before it.
  const thickness = form.augment ? num('augmentation.thickness', form.thickness, 0) : 0;
  const augmentation: Augmentation | null = form.augment
    ? {
        rotation: num('augmentation.rotation', form.rotation, DEFAULT_AUGMENTATION.rotation),
        scale: num('augmentation.scale', form.scale, DEFAULT_AUGMENTATION.scale),
        shift: num('augmentation.shift', form.shift, DEFAULT_AUGMENTATION.shift),
        shear: num('augmentation.shear', form.shear, DEFAULT_AUGMENTATION.shear),
        elastic: form.elastic,
        ...(thickness !== 0 && { thickness }),
      }
    : null;
  const dropout = num('dropout', form.dropout, defaultAt('dropout'));
  let config: TrainConfig = {
    layers: form.layers.map((l, i) => num(`layers[${i}]`, l.size, 1)),
    activations: form.layers.map((l) => l.activation),
    loss: form.loss,
    init: form.init,
    optimizer: form.optimizer,
    learningRate: num('learningRate', form.learningRate, q.learningRate),
    momentum: num('momentum', form.momentum, q.momentum),
    batchSize: form.fullBatch ? 'full' : num('batchSize', form.batchSize, defaultAt('batchSize')),
    epochs: num('epochs', form.epochs, q.epochs),
    l2: num('l2', form.l2, q.l2),
    // Off is left out, like the configs of runs saved before dropout existed.
    ...(dropout !== 0 && { dropout }),
    schedule,
    validation: num('validation', form.validation, q.validation),
    testFraction: num('testFraction', form.testFraction, q.testFraction),
    seed: num('seed', form.seed, q.seed),
    // Off is left out rather than null, like the configs of runs saved before augmentation.
    ...(augmentation !== null && { augmentation }),
  };
  // A setting the config does not use (momentum without its optimiser) is not read at all.
  for (const name of SETTING_NAMES) {
    const { usedWhen }: Setting = SETTINGS[name];
    if (usedWhen === undefined || usedWhen(config)) continue;
    errors.delete(name);
    config = { ...config, [name]: q[name] };
  }
  for (const [field, message] of configErrors(config))
    if (!errors.has(field)) errors.set(field, message);
  const { dataset } = options;
  if (dataset !== undefined && errors.size === 0) {
    try {
      checkRunFits(config, dataset);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const field = error.field === 'dataset' ? 'datasetId' : error.field;
      errors.set(field, sentence(error.message.slice(error.field.length + 2)));
    }
  }
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

/** Options for the selects, with the names a learner reads in the article and the docs. */
export const ACTIVATION_LABELS = SETTINGS.activations.param.item.labels;
export const LOSS_LABELS = SETTINGS.loss.param.labels;
export const INIT_LABELS = SETTINGS.init.param.labels;
export const OPTIMIZER_LABELS = SETTINGS.optimizer.param.labels;
export const SCHEDULE_LABELS = SETTINGS.schedule.param.labels;
