// `backprop-lab train` flags → a TrainConfig. A preset gives every value; flags override it.
// The flags of the settings, their help and their checks come from the table of settings
// (src-core/settings.ts); this file says only how the command line spells the values that are
// more than a number or a name.

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
import {
  defaultAt,
  SETTING_NAMES,
  SETTINGS,
  type Param,
  type SettingName,
} from '../../src-core/settings.ts';
import { UsageError } from './errors.ts';

/** More lines of help for flags whose values have a spelling of their own. */
const SPELLING: Partial<Record<SettingName, string>> = {
  schedule: `; MIN defaults to ${defaultAt('schedule.minFactor')}`,
  augmentation: ` each epoch: alone, rotate ±${DEFAULT_AUGMENTATION.rotation}°,
scale ±${DEFAULT_AUGMENTATION.scale * 100}%, shift ±${DEFAULT_AUGMENTATION.shift} px, shear ±${DEFAULT_AUGMENTATION.shear}; or only those listed, e.g.
rotation=10,scale=0.1,shift=2,shear=0.1,elastic,thickness=0.4
(elastic: Simard's smooth random displacements; thickness: blend
each image up to that far, 0 to 1, towards its 3×3 dilation, for
thicker strokes). Validation and test images stay as they are.`,
};

const HELP_COLUMN = 32;

/** `  --flag VALUE   help`, the help in a column, its further lines under it. */
function helpLine(flag: string, help: string): string {
  const left = `  ${flag}`;
  const [first, ...more] = help.split('\n');
  const pad = left.length < HELP_COLUMN ? left.padEnd(HELP_COLUMN) : `${left}   `;
  return [`${pad}${first}`.trimEnd(), ...more.map((l) => `${' '.repeat(HELP_COLUMN)}${l}`)].join(
    '\n',
  );
}

function settingHelp(name: SettingName): string {
  const { cli, param } = SETTINGS[name];
  const p: Param = param;
  const fallback = p.kind === 'real' || p.kind === 'int' ? p.default : undefined;
  const help = `${cli.help}${fallback === undefined ? '' : ` (default ${fallback})`}`;
  return helpLine(`--${cli.flag} ${cli.value}`, `${help}${SPELLING[name] ?? ''}`.trim());
}

export const TRAIN_HELP = [
  'Usage: backprop-lab train [options]',
  '',
  helpLine(
    `--preset ${PRESET_NAMES.join('|')}`,
    'starting settings (default quick); flags below override them',
  ),
  ...SETTING_NAMES.map(settingHelp),
  helpLine('--no-augment', 'no distortion, even if the preset has some'),
  helpLine(
    '--dataset mnist|PATH.csv|DIR',
    'MNIST (default), a Kaggle-style CSV, or a folder of IDX files',
  ),
  helpLine(
    '--seeds N',
    'train N runs, seeds SEED, SEED+1, …, as one repeat (see also backprop-lab sweep)',
  ),
  helpLine('--save-model FILE', 'also write the trained model to a JSON file'),
  helpLine('--name TEXT, --notes TEXT, --tags a,b', 'label the saved run'),
  helpLine('--db PATH', "the database (default: the app's, or $BACKPROP_LAB_DB)"),
  helpLine('--json', 'one JSON object per line, each with the run id'),
].join('\n');

type Table = typeof SETTINGS;
type SettingFlag = Table[SettingName]['cli']['flag'];

const SETTING_ARGS = Object.fromEntries(
  SETTING_NAMES.map((name) => [SETTINGS[name].cli.flag, { type: 'string' }]),
) as Record<SettingFlag, { type: 'string' }>;

export const TRAIN_ARGS = {
  preset: { type: 'string' },
  ...SETTING_ARGS,
  'no-augment': { type: 'boolean' },
  dataset: { type: 'string' },
  'save-model': { type: 'string' },
  seeds: { type: 'string' },
  name: { type: 'string' },
  notes: { type: 'string' },
  tags: { type: 'string' },
  db: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

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

/** A flag's text as its setting's value: numbers are read here, names pass as typed, and the
 * core's validateConfig then judges both. */
function readValue(flag: string, p: Param, text: string): unknown {
  switch (p.kind) {
    case 'real':
      return number(flag, text);
    case 'int':
      return integer(flag, text);
    case 'or':
      return text === p.word ? p.word : readValue(flag, p.param, text);
    case 'list':
      return text === 'none' || text === ''
        ? []
        : text.split(',').map((part) => readValue(flag, p.item, part.trim()));
    default:
      return text;
  }
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
    return {
      type: 'cosine',
      minFactor: a === undefined ? defaultAt('schedule.minFactor') : number('decay', a),
    };
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

/** Settings whose flag has a spelling of its own (the activations depend on the layers). */
const READERS: Partial<Record<SettingName, (text: string) => unknown>> = {
  schedule: parseDecay,
  augmentation: parseAugment,
};

/** A flag's text as the value of setting `name` (a sweep's values are read one by one). */
export function settingValue(name: SettingName, text: string): unknown {
  const reader = READERS[name];
  return reader !== undefined
    ? reader(text)
    : readValue(SETTINGS[name].cli.flag, SETTINGS[name].param, text);
}

/** The preset's config with every given flag applied, validated. */
export function configFromFlags(f: TrainFlags): TrainConfig {
  if (f.augment !== undefined && f['no-augment'] === true)
    throw new UsageError('--augment and --no-augment contradict each other; give one');
  const base = PRESETS[presetName(f.preset)];
  const given: Record<string, unknown> = {};
  for (const name of SETTING_NAMES) {
    const { flag } = SETTINGS[name].cli;
    const text = f[flag];
    if (text === undefined || name === 'activations') continue;
    given[name] = settingValue(name, text);
  }
  const layers = (given.layers as number[] | undefined) ?? base.layers;
  const activations =
    f.activation !== undefined
      ? parseActivations(f.activation, layers.length)
      : layers.length === base.layers.length
        ? base.activations
        : new Array<ActivationName>(layers.length).fill(base.activations[0] ?? 'relu');
  const config = {
    ...base,
    ...given,
    activations,
    ...(f['no-augment'] === true && { augmentation: null }),
  } as TrainConfig;
  // Switching a full-batch preset to a mini-batch optimiser (or back) without --batch means
  // the user wants that optimiser's usual batching, not a contradiction.
  const batchSize =
    f.batch === undefined && f.optimizer !== undefined
      ? config.optimizer === 'gd'
        ? 'full'
        : config.batchSize === 'full'
          ? defaultAt('batchSize')
          : config.batchSize
      : config.batchSize;
  try {
    return validateConfig({ ...config, batchSize });
  } catch (error) {
    if (error instanceof ConfigError)
      throw new UsageError(error.errors.map(flagProblem).join('\n'));
    throw error;
  }
}

/** A problem named after the flag that sets it; a part of a flag's value after the flag too:
 * "--augment rotation: …". */
function flagProblem({ field, message }: { field: string; message: string }): string {
  const top = field.split(/[.[]/)[0];
  const flag = Object.hasOwn(SETTINGS, top) ? `--${SETTINGS[top as SettingName].cli.flag}` : field;
  const part = field.startsWith(`${top}.`) ? ` ${field.slice(top.length + 1)}` : '';
  return `${flag}${part}: ${message}`;
}
