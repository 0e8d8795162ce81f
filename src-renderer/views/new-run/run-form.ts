// The New run form as data: what each field holds (text as typed, so a half-typed "1e-" is kept
// and explained rather than lost), how it becomes a TrainConfig, and which field each problem
// belongs to. The rules themselves are the core's validateConfig; this module only reads the
// typed text and points the core's complaints at the right input.

import type { ActivationName } from '../../../src-core/activations.ts';
import { DEFAULT_AUGMENTATION, type Augmentation } from '../../../src-core/augment.ts';
import { ConfigError, validateConfig, type TrainConfig } from '../../../src-core/config.ts';
import {
  checkRunFits,
  estimateRun,
  type DatasetShape,
  type RunEstimate,
} from '../../../src-core/estimate.ts';
import type { InitializerName } from '../../../src-core/initializers.ts';
import { LIMITS } from '../../../src-core/limits.ts';
import type { LossName } from '../../../src-core/losses.ts';
import type { OptimizerName } from '../../../src-core/optimizers/optimizer.ts';
import { PRESETS, PRESET_NAMES, type PresetName } from '../../../src-core/presets.ts';
import type { Schedule } from '../../../src-core/schedule.ts';

export const MAX_HIDDEN_LAYERS = LIMITS.hiddenLayers;

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
    batchSize: c.batchSize === 'full' ? '64' : String(c.batchSize),
    epochs: String(c.epochs),
    l2: String(c.l2),
    schedule: s.type,
    every: s.type === 'step' ? String(s.every) : '5',
    factor: s.type === 'step' ? String(s.factor) : '0.5',
    minFactor: s.type === 'cosine' ? String(s.minFactor) : '0.05',
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

/** Replaces the value at a config path by one known to be valid, so the next check can look
 * past it and report the other fields' problems too. */
function repaired(c: TrainConfig, field: string): TrainConfig | null {
  const layer = /^(layers|activations)\[(\d+)\]$/.exec(field);
  if (layer !== null) {
    const i = Number(layer[2]);
    return layer[1] === 'layers'
      ? { ...c, layers: c.layers.map((n, j) => (j === i ? 1 : n)) }
      : { ...c, activations: c.activations.map((a, j) => (j === i ? 'relu' : a)) };
  }
  const valid = PRESETS.quick;
  switch (field) {
    case 'layers':
    case 'activations':
      return null; // the list itself is wrong: nothing sensible to check past it
    case 'batchSize':
      return { ...c, batchSize: c.optimizer === 'gd' ? 'full' : 64 };
    case 'schedule.every':
    case 'schedule.factor': {
      const s =
        c.schedule.type === 'step' ? c.schedule : { type: 'step' as const, every: 1, factor: 0.5 };
      return {
        ...c,
        schedule: field === 'schedule.every' ? { ...s, every: 1 } : { ...s, factor: 0.5 },
      };
    }
    case 'schedule.minFactor':
      return { ...c, schedule: { type: 'cosine', minFactor: 0 } };
    case 'schedule':
    case 'schedule.type':
      return { ...c, schedule: { type: 'constant' } };
    case 'augmentation':
      return { ...c, augmentation: null };
    case 'augmentation.rotation':
    case 'augmentation.scale':
    case 'augmentation.shift':
    case 'augmentation.shear':
    case 'augmentation.elastic':
    case 'augmentation.thickness': {
      const key = field.slice('augmentation.'.length) as keyof Augmentation;
      return {
        ...c,
        augmentation: {
          ...DEFAULT_AUGMENTATION,
          ...c.augmentation,
          [key]: DEFAULT_AUGMENTATION[key] ?? 0,
        },
      };
    }
    default:
      if (field in valid) return { ...c, [field]: valid[field as keyof TrainConfig] };
      return null;
  }
}

/** Every problem the core finds in `config`, not only the first. */
export function configErrors(config: TrainConfig): FieldErrors {
  const errors: FieldErrors = new Map();
  let c: TrainConfig | null = config;
  while (c !== null) {
    try {
      validateConfig(c);
      break;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      if (errors.has(error.field)) break; // the repair did not help: stop rather than loop
      errors.set(error.field, sentence(error.message.slice(error.field.length + 2)));
      c = repaired(c, error.field);
    }
  }
  return errors;
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
          every: num('schedule.every', form.every, 1),
          factor: num('schedule.factor', form.factor, 0.5),
        }
      : form.schedule === 'cosine'
        ? { type: 'cosine', minFactor: num('schedule.minFactor', form.minFactor, 0) }
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
  const config: TrainConfig = {
    layers: form.layers.map((l, i) => num(`layers[${i}]`, l.size, 1)),
    activations: form.layers.map((l) => l.activation),
    loss: form.loss,
    init: form.init,
    optimizer: form.optimizer,
    learningRate: num('learningRate', form.learningRate, q.learningRate),
    momentum:
      form.optimizer === 'momentum' ? num('momentum', form.momentum, q.momentum) : q.momentum,
    batchSize: form.fullBatch ? 'full' : num('batchSize', form.batchSize, 64),
    epochs: num('epochs', form.epochs, q.epochs),
    l2: num('l2', form.l2, q.l2),
    schedule,
    validation: num('validation', form.validation, q.validation),
    testFraction: num('testFraction', form.testFraction, q.testFraction),
    seed: num('seed', form.seed, q.seed),
    // Off is left out rather than null, like the configs of runs saved before augmentation.
    ...(augmentation !== null && { augmentation }),
  };
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

/** Where a problem the server reports belongs: "config.learningRate" → "learningRate". Fields
 * the form has no input for come back as null and are shown above the button. */
export function formField(serverField: string | undefined): string | null {
  if (serverField === undefined) return null;
  // Core checks name list items "layers[1]"; schema checks write "layers.1".
  const f = serverField.replace(/^config\./, '').replace(/^(layers|activations)\.(\d+)$/, '$1[$2]');
  if (f === 'schedule.type') return 'schedule';
  if (/^tags\.\d+$/.test(f)) return 'tags';
  if (/^(layers|activations)(\[\d+\])?$/.test(f)) return f;
  const known = [
    'loss',
    'init',
    'optimizer',
    'learningRate',
    'momentum',
    'batchSize',
    'epochs',
    'l2',
    'schedule',
    'schedule.every',
    'schedule.factor',
    'schedule.minFactor',
    'validation',
    'testFraction',
    'seed',
    'augmentation',
    'augmentation.rotation',
    'augmentation.scale',
    'augmentation.shift',
    'augmentation.shear',
    'augmentation.elastic',
    'augmentation.thickness',
    'datasetId',
    'name',
    'notes',
    'tags',
  ];
  return known.includes(f) ? f : null;
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

/** Field order fixed, so two equal configs serialise the same way. */
function normalized(c: TrainConfig): unknown[] {
  const s = c.schedule;
  const a = c.augmentation;
  return [
    c.layers,
    c.activations,
    c.loss,
    c.init,
    c.optimizer,
    c.learningRate,
    c.optimizer === 'momentum' ? c.momentum : null,
    c.batchSize,
    c.epochs,
    c.l2,
    s.type === 'step'
      ? [s.type, s.every, s.factor]
      : s.type === 'cosine'
        ? [s.type, s.minFactor]
        : [s.type],
    c.validation,
    c.testFraction,
    c.seed,
    a === undefined || a === null
      ? null
      : [a.rotation, a.scale, a.shift, a.shear, a.elastic, a.thickness ?? 0],
  ];
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
  const sizes = [784, ...c.layers, 10].join('-');
  const loss = c.loss === 'mse' ? 'squared error' : 'cross-entropy';
  const distorted = c.augmentation ? ', distorted images' : '';
  return `${PRESET_LEADS[name]}: ${sizes}, ${loss}, ${OPTIMIZER_SHORT[c.optimizer]}${distorted}, ${c.epochs} epochs.`;
}

/** Options for the selects, with the names a learner reads in the article and the docs. */
export const ACTIVATION_LABELS: Record<ActivationName, string> = {
  relu: 'ReLU',
  'leaky-relu': 'Leaky ReLU',
  sigmoid: 'Sigmoid',
  tanh: 'tanh',
};

export const LOSS_LABELS: Record<LossName, string> = {
  'cross-entropy': 'Cross-entropy',
  mse: 'Squared error (the article’s)',
};

export const INIT_LABELS: Record<InitializerName, string> = {
  article: 'The article’s: W ~ N(0,1)·0.5, b ~ U(0,1)·0.5',
  xavier: 'Xavier (Glorot)',
  he: 'He',
};

export const OPTIMIZER_LABELS: Record<OptimizerName, string> = {
  gd: 'Full-batch gradient descent (the article’s)',
  sgd: 'Mini-batch SGD',
  momentum: 'SGD with momentum',
  adam: 'Adam',
};

export const SCHEDULE_LABELS: Record<Schedule['type'], string> = {
  constant: 'Constant',
  step: 'Step: multiply every few epochs',
  cosine: 'Cosine: ease down to a minimum',
};
