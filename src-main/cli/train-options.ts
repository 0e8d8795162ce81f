// `backprop-lab train` flags → a TrainConfig. A preset gives every value; flags override it.

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ACTIVATIONS, type ActivationName } from '../../src-core/activations.ts';
import {
  AUGMENTATION_LIMITS,
  DEFAULT_AUGMENTATION,
  type Augmentation,
} from '../../src-core/augment.ts';
import { ConfigError, validateConfig, type TrainConfig } from '../../src-core/config.ts';
import { PRESET_NAMES, PRESETS, type PresetName } from '../../src-core/presets.ts';
import type { Schedule } from '../../src-core/schedule.ts';
import { UsageError } from './errors.ts';

export const TRAIN_HELP = `Usage: backprop-lab train [options]

  --preset article|quick|best   starting settings (default quick); flags below override them
  --layers 128,64               hidden layer sizes ('none' for no hidden layer)
  --activation NAME[,NAME…]     relu, sigmoid, tanh or leaky-relu; one for all or one per layer
  --loss cross-entropy|mse      mse is the blog's squared error
  --init article|xavier|he
  --optimizer gd|sgd|momentum|adam   gd = full-batch gradient descent
  --lr N                        learning rate
  --momentum N                  μ for --optimizer momentum (default 0.9)
  --batch N|full                images per step
  --epochs N
  --l2 N                        L2 weight decay λ
  --decay constant|step:EVERY:FACTOR|cosine[:MIN]   learning-rate schedule
  --validation N                images held out of training for validation (default 1000)
  --test-fraction N             share held out for testing when the data has no test part (0.1)
  --seed N
  --augment [SPEC]              distort training images at random each epoch: alone, rotate ±12°,
                                scale ±12%, shift ±2.5 px, shear ±0.15; or only those listed, e.g.
                                rotation=10,scale=0.1,shift=2,shear=0.1,elastic,thickness=0.4
                                (elastic: Simard's smooth random displacements; thickness: blend
                                each image up to that far, 0 to 1, towards its 3×3 dilation, for
                                thicker strokes). Validation and test images stay as they are.
  --no-augment                  no distortion, even if the preset has some
  --dataset mnist|PATH.csv|DIR  MNIST (default), a Kaggle-style CSV, or a folder of IDX files
  --save-model FILE             also write the trained model to a JSON file
  --name TEXT, --notes TEXT, --tags a,b   label the saved run
  --db PATH                     the database (default: the app's, or $BACKPROP_LAB_DB)
  --json                        one JSON object per line, each with the run id`;

export const TRAIN_ARGS = {
  preset: { type: 'string' },
  layers: { type: 'string' },
  activation: { type: 'string' },
  loss: { type: 'string' },
  init: { type: 'string' },
  optimizer: { type: 'string' },
  lr: { type: 'string' },
  momentum: { type: 'string' },
  batch: { type: 'string' },
  epochs: { type: 'string' },
  l2: { type: 'string' },
  decay: { type: 'string' },
  validation: { type: 'string' },
  'test-fraction': { type: 'string' },
  seed: { type: 'string' },
  augment: { type: 'string' },
  'no-augment': { type: 'boolean' },
  dataset: { type: 'string' },
  'save-model': { type: 'string' },
  name: { type: 'string' },
  notes: { type: 'string' },
  tags: { type: 'string' },
  db: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

/** Config field → the flag that sets it, so a ConfigError can name what the user typed. */
const FLAG_OF_FIELD: Record<string, string> = {
  layers: '--layers',
  activations: '--activation',
  loss: '--loss',
  init: '--init',
  optimizer: '--optimizer',
  learningRate: '--lr',
  momentum: '--momentum',
  batchSize: '--batch',
  epochs: '--epochs',
  l2: '--l2',
  schedule: '--decay',
  validation: '--validation',
  testFraction: '--test-fraction',
  seed: '--seed',
  augmentation: '--augment',
};

/** Flags whose value may be left out: given last or before another flag, they take this value. */
const OPTIONAL_VALUES: Record<string, string> = { augment: '' };

/** Parses argv with node's parseArgs, reporting unknown flags and missing values as usage errors. */
export function parseFlags<T extends ParseArgsConfig['options']>(args: string[], options: T) {
  // parseArgs knows no optional values: `--augment --epochs 3` would take '--epochs' as the
  // value (and refuse it). Such a bare flag becomes `--augment=` first.
  const given = args.map((arg, i) => {
    const name = arg.slice(2);
    const next = args[i + 1];
    return arg.startsWith('--') &&
      Object.hasOwn(OPTIONAL_VALUES, name) &&
      Object.hasOwn(options ?? {}, name) &&
      (next === undefined || next.startsWith('-'))
      ? `${arg}=${OPTIONAL_VALUES[name]}`
      : arg;
  });
  try {
    return parseArgs({ args: given, options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export type TrainFlags = ReturnType<typeof parseFlags<typeof TRAIN_ARGS>>['values'];

function number(flag: string, text: string): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v))
    throw new UsageError(`--${flag}: expected a number, got '${text}'`);
  return v;
}

function integer(flag: string, text: string): number {
  const v = number(flag, text);
  if (!Number.isInteger(v))
    throw new UsageError(`--${flag}: expected a whole number, got '${text}'`);
  return v;
}

function parseLayers(text: string): number[] {
  if (text === 'none' || text === '') return [];
  return text.split(',').map((part) => integer('layers', part.trim()));
}

function parseActivations(text: string, count: number): ActivationName[] {
  const names = text.split(',').map((s) => s.trim());
  for (const n of names)
    if (!(ACTIVATIONS as readonly string[]).includes(n))
      throw new UsageError(`--activation: '${n}' is not one of ${ACTIVATIONS.join(', ')}`);
  if (names.length === 1) return new Array<ActivationName>(count).fill(names[0] as ActivationName);
  if (names.length !== count)
    throw new UsageError(
      `--activation: give one activation or ${count} (one per hidden layer), got ${names.length}`,
    );
  return names as ActivationName[];
}

export function parseDecay(text: string): Schedule {
  const [kind, a, b] = text.split(':');
  if (kind === 'constant' && a === undefined) return { type: 'constant' };
  if (kind === 'cosine' && b === undefined)
    return { type: 'cosine', minFactor: a === undefined ? 0.01 : number('decay', a) };
  if (kind === 'step' && a !== undefined && b !== undefined)
    return { type: 'step', every: integer('decay', a), factor: number('decay', b) };
  throw new UsageError(
    `--decay: expected constant, step:EVERY:FACTOR or cosine[:MIN], got '${text}'`,
  );
}

/** `--augment` with no value (the default distortions) or a SPEC such as
 * `rotation=10,scale=0.1,shift=2,shear=0.1,elastic,thickness=0.4`, where what is not listed
 * stays off. An unlisted thickness is left out of the config, as in runs saved before it. */
export function parseAugment(text: string): Augmentation {
  if (text === '') return DEFAULT_AUGMENTATION;
  const numeric = [...Object.keys(AUGMENTATION_LIMITS), 'thickness'] as (
    keyof typeof AUGMENTATION_LIMITS | 'thickness'
  )[];
  const spec: { -readonly [K in keyof Augmentation]: Augmentation[K] } = {
    rotation: 0,
    scale: 0,
    shift: 0,
    shear: 0,
    elastic: false,
  };
  for (const part of text.split(',').map((p) => p.trim())) {
    const [key, value] = part.split('=');
    if (key === 'elastic' && value === undefined) spec.elastic = true;
    else if ((numeric as string[]).includes(key) && value !== undefined)
      spec[key as (typeof numeric)[number]] = number('augment', value);
    else
      throw new UsageError(
        `--augment: '${part}' is not one of ${numeric.map((d) => `${d}=N`).join(', ')}, elastic`,
      );
  }
  return spec;
}

export function presetName(text: string | undefined): PresetName {
  const name = text ?? 'quick';
  if (!(PRESET_NAMES as readonly string[]).includes(name))
    throw new UsageError(`--preset: '${name}' is not one of ${PRESET_NAMES.join(', ')}`);
  return name as PresetName;
}

/** The preset's config with every given flag applied, validated. */
export function configFromFlags(f: TrainFlags): TrainConfig {
  if (f.augment !== undefined && f['no-augment'] === true)
    throw new UsageError('--augment and --no-augment contradict each other; give one');
  const base = PRESETS[presetName(f.preset)];
  const layers = f.layers === undefined ? base.layers : parseLayers(f.layers);
  const activations =
    f.activation !== undefined
      ? parseActivations(f.activation, layers.length)
      : layers.length === base.layers.length
        ? base.activations
        : new Array<ActivationName>(layers.length).fill(base.activations[0] ?? 'relu');
  const config: TrainConfig = {
    ...base,
    layers,
    activations,
    ...(f.loss !== undefined && { loss: f.loss as TrainConfig['loss'] }),
    ...(f.init !== undefined && { init: f.init as TrainConfig['init'] }),
    ...(f.optimizer !== undefined && { optimizer: f.optimizer as TrainConfig['optimizer'] }),
    ...(f.lr !== undefined && { learningRate: number('lr', f.lr) }),
    ...(f.momentum !== undefined && { momentum: number('momentum', f.momentum) }),
    ...(f.batch !== undefined && {
      batchSize: f.batch === 'full' ? 'full' : integer('batch', f.batch),
    }),
    ...(f.epochs !== undefined && { epochs: integer('epochs', f.epochs) }),
    ...(f.l2 !== undefined && { l2: number('l2', f.l2) }),
    ...(f.decay !== undefined && { schedule: parseDecay(f.decay) }),
    ...(f.validation !== undefined && { validation: integer('validation', f.validation) }),
    ...(f['test-fraction'] !== undefined && {
      testFraction: number('test-fraction', f['test-fraction']),
    }),
    ...(f.seed !== undefined && { seed: integer('seed', f.seed) }),
    ...(f.augment !== undefined && { augmentation: parseAugment(f.augment) }),
    ...(f['no-augment'] === true && { augmentation: null }),
  };
  // Switching a full-batch preset to a mini-batch optimiser (or back) without --batch means
  // the user wants that optimiser's usual batching, not a contradiction.
  const batchSize =
    f.batch === undefined && f.optimizer !== undefined
      ? config.optimizer === 'gd'
        ? 'full'
        : config.batchSize === 'full'
          ? 64
          : config.batchSize
      : config.batchSize;
  try {
    return validateConfig({ ...config, batchSize });
  } catch (error) {
    if (error instanceof ConfigError) {
      const top = error.field.split(/[.[]/)[0];
      // A part of a flag's value is named after the flag: "--augment rotation: …".
      const part = error.field.startsWith(`${top}.`) ? ` ${error.field.slice(top.length + 1)}` : '';
      throw new UsageError(
        `${FLAG_OF_FIELD[top] ?? error.field}${part}: ${error.message.slice(error.field.length + 2)}`,
      );
    }
    throw error;
  }
}
