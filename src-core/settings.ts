// A run's settings, each described once: its type and range, the label and one-line help a
// learner reads, and the flag that sets it from the command line. Everything else is generated
// from this table: validateConfig (config.ts), the zod schema at the process boundary
// (src-main/contract/config-schema.ts), the CLI's flags and help (src-main/cli/train-options.ts),
// the New run form's inputs, their sections and order (src-renderer/views/new-run), the settings diff
// (config-diff.ts) and the README's table (scripts/settings-docs.ts). Adding a setting is one
// entry here plus its field in TrainConfig; tests fail until the two agree.
//
// The caps come from limits.ts and augment.ts; defaults come from the presets (presets.ts), so
// a setting's own `default` is only the value a field takes when it is switched on or left
// unsaid (the batch size when leaving a full batch, a cosine schedule's minimum).

import { ACTIVATIONS, type ActivationName } from './activations.ts';
import { AUGMENTATION_LIMITS, DEFAULT_AUGMENTATION, THICKNESS_LIMIT } from './augment.ts';
import { MAX_DROPOUT } from './dropout.ts';
import { INITIALIZERS } from './initializers.ts';
import { DEFAULT_INPUT, LIMITS, parameterProblem } from './limits.ts';
import { LOSSES } from './losses.ts';
import { OPTIMIZERS } from './optimizers/optimizer.ts';
import type { TrainConfig } from './config.ts';

// --- The kinds of value a setting can hold ------------------------------------------------

/** What a learner reads about one value: a label, one line of help, and its unit. */
interface Described {
  readonly label?: string;
  readonly help?: string;
  /** Plural noun the value counts, e.g. "epochs": "must be a whole number of epochs". */
  readonly unit?: string;
}

/** A decimal in [min, max], or (min, max] when `above`. */
export interface Real extends Described {
  readonly kind: 'real';
  readonly min: number;
  readonly max: number;
  readonly above?: boolean;
  readonly default?: number;
}

/** A whole number in [min, max]; max may be Infinity. */
export interface Int extends Described {
  readonly kind: 'int';
  readonly min: number;
  readonly max: number;
  readonly default?: number;
}

/** One of a few names, each with the label a learner reads in the article and the docs. */
export interface Choice<T extends string = string> extends Described {
  readonly kind: 'choice';
  readonly options: readonly T[];
  readonly labels: Readonly<Record<T, string>>;
}

export interface Flag extends Described {
  readonly kind: 'bool';
}

/** A list: at most `maxLength` items, or exactly one per hidden layer when `perLayer`. */
export interface List<P extends Param = Param> extends Described {
  readonly kind: 'list';
  readonly item: P;
  readonly maxLength?: number;
  /** What the list holds, for its messages: "hidden layer sizes", "activation". */
  readonly noun: string;
  readonly perLayer?: boolean;
}

/** A value of `param`, or the word `literal` (a batch size or 'full'). */
export interface OrWord<P extends Param = Param, W extends string = string> extends Described {
  readonly kind: 'or';
  readonly param: P;
  readonly word: W;
  /** The form's checkbox that chooses the word. */
  readonly wordLabel: string;
  /** Settings whose values choose the word: the form ticks it when they are chosen. */
  readonly wordWith?: Readonly<Record<string, string>>;
  /** An absent value (a config saved before the setting existed) means the word. */
  readonly wordWhenAbsent?: boolean;
}

export type Fields = Readonly<Record<string, Param>>;

/** An object tagged by `type`: one set of fields for each variant (a schedule). */
export interface Variants<
  V extends Readonly<Record<string, Fields>> = Readonly<Record<string, Fields>>,
> extends Described {
  readonly kind: 'variants';
  readonly variants: V;
  readonly labels: Readonly<Record<keyof V & string, string>>;
}

/** An object of named fields (the distortions); `optional` lists the fields that may be absent. */
export interface Struct<F extends Fields = Fields, O extends keyof F = keyof F> extends Described {
  readonly kind: 'struct';
  readonly fields: F;
  readonly optional: readonly O[];
  /** What it is, for its messages: "the distortions". */
  readonly noun: string;
}

/** The value may be null (off) or absent (saved before the setting existed). */
export interface Nullable<P extends Param = Param> extends Described {
  readonly kind: 'nullable';
  readonly param: P;
  /** The value a form starts from when the setting is switched on (a value of `param`). */
  readonly on: unknown;
}

export type Param = Real | Int | Choice | Flag | List | OrWord | Variants | Struct | Nullable;

/** The TypeScript type of a value a param describes. */
export type ValueOf<P> = P extends Real | Int
  ? number
  : P extends Choice<infer T>
    ? T
    : P extends Flag
      ? boolean
      : P extends List<infer I>
        ? readonly ValueOf<I>[]
        : P extends OrWord<infer I, infer W>
          ? ValueOf<I> | W
          : P extends Variants<infer V>
            ? { [T in keyof V]: Flatten<{ readonly type: T } & FieldsValue<V[T], never>> }[keyof V]
            : P extends Struct<infer F, infer O>
              ? FieldsValue<F, O>
              : P extends Nullable<infer I>
                ? ValueOf<I> | null
                : never;

type Flatten<T> = { readonly [K in keyof T]: T[K] };
type FieldsValue<F, O extends PropertyKey> = Flatten<
  { readonly [K in Exclude<keyof F, O>]: ValueOf<F[K]> } & {
    readonly [K in keyof F & O]?: ValueOf<F[K]>;
  }
>;

// --- The table ------------------------------------------------------------------------------

/** How the command line spells a setting: `--flag VALUE`, and its line of help when it says
 * more than the setting's own. */
export interface CliFlag {
  readonly flag: string;
  readonly value: string;
  /** '' when the flag and its value say it all. */
  readonly help: string;
}

/** A check across settings, run once its `needs` are valid: the problem, or null. */
export interface Rule {
  readonly needs: readonly string[];
  readonly problem: (c: TrainConfig) => string | null;
}

/** The sections of the New run form, in order, by the title each shows. */
export const GROUPS = { network: 'Network', training: 'Training', data: 'Data' } as const;
export type Group = keyof typeof GROUPS;

/** A setting shown in a section of its own under the form's grid: its title and what it does. */
export interface Part {
  readonly title: string;
  readonly text: string;
}

export interface Setting<P extends Param = Param> {
  readonly param: P;
  /** The section of the New run form it sits in; the table's order is the order within. */
  readonly group: Group;
  /** Shown in a part of its own (the distortions), rather than in the section's grid. */
  readonly part?: Part;
  /** The form's label; the diff and the README use `row`, shorter. */
  readonly label: string;
  readonly help: string;
  readonly row: string;
  readonly cli: CliFlag;
  /** Absent in configs saved before the setting existed. */
  readonly optional?: boolean;
  readonly rules?: readonly Rule[];
  /** Whether a config uses the setting at all (momentum only with its optimiser): the diff
   * shows "–" and the form hides the input when it does not. */
  readonly usedWhen?: (c: TrainConfig) => boolean;
  /** Whether a dataset of these counts uses the setting at all (the test fraction only without
   * a test part); the form then neither checks it nor stops a start for it. */
  readonly usedWith?: (counts: DataCounts) => boolean;
  /** The form's hint while the chosen dataset does not use it. */
  readonly unusedHelp?: (dataset: string) => string;
}

/** What usedWith knows of a dataset. */
export interface DataCounts {
  readonly testCount: number;
}

const real = (min: number, max: number, more: Partial<Real> = {}): Real => ({
  kind: 'real',
  min,
  max,
  ...more,
});
const int = (min: number, max: number, more: Partial<Int> = {}): Int => ({
  kind: 'int',
  min,
  max,
  ...more,
});
const choice = <T extends string>(options: readonly T[], labels: Record<T, string>): Choice<T> => ({
  kind: 'choice',
  options,
  labels,
});

const layersParam = {
  kind: 'list',
  item: int(1, LIMITS.unitsPerLayer),
  maxLength: LIMITS.hiddenLayers,
  noun: 'hidden layer sizes',
} as const satisfies List<Int>;

const activationsParam: List<Choice<ActivationName>> = {
  kind: 'list',
  item: choice(ACTIVATIONS, {
    relu: 'ReLU',
    'leaky-relu': 'Leaky ReLU',
    sigmoid: 'Sigmoid',
    tanh: 'tanh',
    identity: 'None (identity)',
  }),
  noun: 'activation',
  perLayer: true,
};

const scheduleParam = {
  kind: 'variants',
  variants: {
    constant: {},
    step: {
      every: int(1, Infinity, { default: 5, unit: 'epochs', label: 'Decay every (epochs)' }),
      factor: real(0, 1, {
        above: true,
        default: 0.5,
        label: 'Decay factor',
        help: 'The rate is multiplied by this, above 0 and at most 1.',
      }),
    },
    cosine: {
      // The Quick preset's minimum (the Best preset's is 0.01).
      minFactor: real(0, 1, {
        default: 0.05,
        label: 'Minimum factor',
        help: 'The rate at the last epoch, as a share of the first (0 to 1).',
      }),
    },
  },
  labels: {
    constant: 'Constant',
    step: 'Step: multiply every few epochs',
    cosine: 'Cosine: ease down to a minimum',
  },
} as const satisfies Variants;

const distortion = (max: number, label: string, help: string): Real =>
  real(0, max, { default: 0, label, help });

const augmentationParam = {
  kind: 'nullable',
  param: {
    kind: 'struct',
    noun: 'the distortions',
    fields: {
      rotation: distortion(
        AUGMENTATION_LIMITS.rotation,
        'Rotation (°)',
        `Largest turn either way, 0 to ${AUGMENTATION_LIMITS.rotation}°.`,
      ),
      scale: distortion(
        AUGMENTATION_LIMITS.scale,
        'Scale (±)',
        'Largest change of size either way: 0.12 draws from 88% to 112%.',
      ),
      shift: distortion(
        AUGMENTATION_LIMITS.shift,
        'Shift (px)',
        `Largest move along each axis, 0 to ${AUGMENTATION_LIMITS.shift} pixels.`,
      ),
      shear: distortion(
        AUGMENTATION_LIMITS.shear,
        'Shear',
        `Largest slant either way, 0 to ${AUGMENTATION_LIMITS.shear}.`,
      ),
      elastic: { kind: 'bool', label: 'Elastic: wobble the strokes as a hand does' } as Flag,
      // Optional: augmentation saved before stroke thickening existed has none, meaning 0.
      thickness: distortion(
        THICKNESS_LIMIT,
        'Stroke thickening',
        `Largest blend towards strokes a pixel wider on each side, 0 to ${THICKNESS_LIMIT}; drawn digits have thicker strokes than MNIST's.`,
      ),
    },
    optional: ['thickness'],
  },
  on: DEFAULT_AUGMENTATION,
} as const satisfies Nullable<Struct>;

/** Every setting of a run, in the order the form, the diff and the docs show them. */
export const SETTINGS = {
  layers: {
    group: 'network',
    param: layersParam,
    label: 'Hidden layers',
    help:
      `Units in each hidden layer, ${LIMITS.parameters.toLocaleString('en-US')} parameters at ` +
      'most in all; the input and output layers come from the data.',
    row: 'hidden layers',
    cli: {
      flag: 'layers',
      value: '128,64',
      help: "hidden layer sizes ('none' for no hidden layer)",
    },
    rules: [
      {
        needs: ['layers'],
        problem: (c) => parameterProblem(c.layers, DEFAULT_INPUT, '28×28'),
      },
    ],
  },
  activations: {
    group: 'network',
    param: activationsParam,
    label: 'Activation',
    help: 'The non-linearity after each hidden layer.',
    row: 'activations',
    cli: {
      flag: 'activation',
      value: 'NAME[,NAME…]',
      help: `${ACTIVATIONS.join(', ')}; one for all or one per layer`,
    },
  },
  loss: {
    group: 'network',
    param: choice(LOSSES, {
      'cross-entropy': 'Cross-entropy',
      mse: 'Squared error (the article’s)',
    }),
    label: 'Loss',
    help: 'What training minimises: cross-entropy, or the summed squared error of the article.',
    row: 'loss',
    cli: { flag: 'loss', value: LOSSES.join('|'), help: 'mse is the blog’s summed squared error' },
  },
  init: {
    group: 'network',
    param: choice(INITIALIZERS, {
      article: 'The article’s: W ~ N(0,1)·0.5, b ~ U(0,1)·0.5',
      xavier: 'Xavier (Glorot)',
      he: 'He',
    }),
    label: 'Initialisation',
    help: 'How the weights are drawn before the first step.',
    row: 'init',
    cli: { flag: 'init', value: INITIALIZERS.join('|'), help: '' },
  },
  optimizer: {
    group: 'training',
    param: choice(OPTIMIZERS, {
      gd: 'Full-batch gradient descent (the article’s)',
      sgd: 'Mini-batch SGD',
      momentum: 'SGD with momentum',
      adam: 'Adam',
    }),
    label: 'Optimiser',
    help: 'How each step follows the gradient.',
    row: 'optimizer',
    cli: {
      flag: 'optimizer',
      value: OPTIMIZERS.join('|'),
      help: 'gd = full-batch gradient descent',
    },
  },
  learningRate: {
    group: 'training',
    param: real(0, 100, { above: true }),
    label: 'Learning rate',
    help: 'Size of each step. Adam works near 0.001; the article’s descent uses 0.5.',
    row: 'learning rate',
    cli: { flag: 'lr', value: 'N', help: 'learning rate' },
  },
  momentum: {
    group: 'training',
    param: real(0, 0.999, { default: 0.9 }),
    label: 'Momentum',
    help: 'How much of the previous step carries over, from 0 to 0.999.',
    row: 'momentum',
    cli: { flag: 'momentum', value: 'N', help: 'μ for --optimizer momentum' },
    usedWhen: (c) => c.optimizer === 'momentum',
  },
  batchSize: {
    group: 'training',
    param: {
      kind: 'or',
      param: int(1, LIMITS.batchSize, { default: 64 }),
      word: 'full',
      wordLabel: 'Full batch: every training image in each step',
      // The article's gradient descent always uses every image per step (the rule below).
      wordWith: { optimizer: 'gd' },
    },
    label: 'Batch size',
    help: 'Images per step.',
    row: 'batch',
    cli: { flag: 'batch', value: 'N|full', help: 'images per step' },
    rules: [
      {
        needs: ['optimizer', 'batchSize'],
        problem: (c) =>
          c.optimizer === 'gd' && c.batchSize !== 'full'
            ? `optimizer gd is full-batch gradient descent; use batch full, or optimizer sgd for batches of ${c.batchSize}`
            : null,
      },
    ],
  },
  epochs: {
    group: 'training',
    param: int(1, LIMITS.epochs),
    label: 'Epochs',
    help: 'Passes over the training images.',
    row: 'epochs',
    cli: { flag: 'epochs', value: 'N', help: '' },
  },
  l2: {
    group: 'training',
    param: real(0, 1),
    label: 'L2 penalty',
    help: 'λ pulls weights toward 0; 0 turns it off.',
    row: 'l2',
    cli: { flag: 'l2', value: 'N', help: 'L2 weight decay λ' },
  },
  dropout: {
    group: 'training',
    param: real(0, MAX_DROPOUT, { default: 0 }),
    label: 'Dropout',
    help: 'Share of each hidden layer’s outputs switched off at random in training; 0 turns it off.',
    row: 'dropout',
    optional: true,
    cli: { flag: 'dropout', value: 'N', help: 'dropout rate of every hidden layer, 0 to 0.9' },
  },
  schedule: {
    group: 'training',
    param: scheduleParam,
    label: 'Learning-rate decay',
    help: 'How the learning rate falls over the epochs.',
    row: 'lr decay',
    cli: {
      flag: 'decay',
      value: 'constant|step:EVERY:FACTOR|cosine[:MIN]',
      help: 'learning-rate schedule',
    },
  },
  threads: {
    group: 'training',
    param: {
      kind: 'or',
      param: int(1, 2, { default: 1 }),
      word: 'auto',
      wordLabel: 'Automatic: as many as are faster on this computer',
      wordWhenAbsent: true,
    },
    label: 'Threads',
    help: 'Threads computing each step (WebAssembly kernels only); the results are the same.',
    row: 'threads',
    optional: true,
    cli: { flag: 'threads', value: '1|2|auto', help: 'threads computing each step' },
  },
  validation: {
    group: 'data',
    param: int(0, Infinity, { default: 1000, unit: 'images' }),
    label: 'Validation images',
    help: 'Held out of training to check each epoch (the article holds out 1000).',
    row: 'validation',
    cli: { flag: 'validation', value: 'N', help: 'images held out of training for validation' },
  },
  testFraction: {
    group: 'data',
    param: real(0, 0.5, { above: true, default: 0.1 }),
    label: 'Test fraction',
    help: 'Share of the images held out for the final test.',
    row: 'test fraction',
    cli: {
      flag: 'test-fraction',
      value: 'N',
      help: 'share held out for testing when the data has no test part',
    },
    usedWith: (d) => d.testCount === 0,
    unusedHelp: (dataset) => `Used only for data without a test part; ${dataset} has its own.`,
  },
  seed: {
    group: 'data',
    param: int(0, 0xffffffff),
    label: 'Seed',
    help: 'The same seed and settings give the same weights and results.',
    row: 'seed',
    cli: { flag: 'seed', value: 'N', help: '' },
  },
  augmentation: {
    group: 'data',
    param: augmentationParam,
    label: 'Distort training images',
    help: 'Random rotation, scale, shift, shear (and stroke thickening) of each training image.',
    row: 'augmentation',
    optional: true,
    cli: { flag: 'augment', value: '[SPEC]', help: 'distort training images at random' },
    part: {
      title: 'Data augmentation',
      text:
        'Each training image is distorted at random every time it is used (turned, resized, ' +
        'moved, slanted and its strokes thickened a little), so the network learns digits drawn ' +
        'a bit differently. Validation and test images are never distorted.',
    },
  },
} as const satisfies Readonly<Record<string, Setting>>;

export type SettingName = keyof typeof SETTINGS;
export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];

type Table = typeof SETTINGS;
type OptionalNames = {
  [K in SettingName]: Table[K] extends { optional: true } ? K : never;
}[SettingName];

/** A config as the table describes it; config.test-types.ts holds it equal to TrainConfig. */
export type SettingsValue = Flatten<
  { readonly [K in Exclude<SettingName, OptionalNames>]: ValueOf<Table[K]['param']> } & {
    readonly [K in OptionalNames]?: ValueOf<Table[K]['param']>;
  }
>;

// --- Checking a config against the table ----------------------------------------------------

export interface SettingProblem {
  /** The config path, e.g. "layers[1]" or "schedule.every". */
  readonly field: string;
  readonly message: string;
}

/** The range a param allows, as the messages and the docs say it: "above 0 to 1". */
export function rangeText(p: Real | Int): string {
  if (p.max === Infinity) return `${p.min} or more`;
  return `${p.kind === 'real' && p.above === true ? 'above' : 'from'} ${p.min} to ${p.max}`;
}

/** What a param must be, as its error message starts: "must be a number from 0 to 1". */
function mustBe(p: Param): string {
  switch (p.kind) {
    case 'real':
      return `must be a number ${rangeText(p)}`;
    case 'int':
      return p.max === Infinity
        ? `must be a whole number${p.unit === undefined ? '' : ` of ${p.unit}`}, ${rangeText(p)}`
        : `must be a whole number ${rangeText(p)}`;
    case 'choice':
      return `must be one of ${p.options.join(', ')}`;
    case 'bool':
      return 'must be true or false';
    case 'or':
      return mustBe(p.param);
    case 'list':
      return `must list at most ${p.maxLength} ${p.noun}`;
    case 'variants':
      return `must be one of ${Object.keys(p.variants).join(', ')}`;
    case 'struct':
      return `must be ${p.noun}`;
    case 'nullable':
      return `${mustBe(p.param)} or null`;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Adds every problem of `v` at `path` to `out`; `layerCount` is the number of hidden layers,
 * for the lists that need one item per layer (unknown when the layers are themselves wrong). */
function check(
  p: Param,
  v: unknown,
  path: string,
  out: SettingProblem[],
  layerCount: number | null,
): void {
  const fail = (message = mustBe(p)): void => {
    out.push({ field: path, message: `${message}, got ${String(v)}` });
  };
  switch (p.kind) {
    case 'real':
      if (typeof v !== 'number' || !Number.isFinite(v) || v < p.min || v > p.max) fail();
      else if (p.above === true && v === p.min) fail();
      return;
    case 'int':
      if (typeof v !== 'number' || !Number.isInteger(v) || v < p.min || v > p.max) fail();
      return;
    case 'choice':
      if (!(p.options as readonly unknown[]).includes(v)) fail();
      return;
    case 'bool':
      if (typeof v !== 'boolean') fail();
      return;
    case 'or':
      if (v !== p.word) check(p.param, v, path, out, layerCount);
      return;
    case 'list':
      if (p.perLayer === true) {
        if (layerCount === null) return; // the layers are wrong: no count to hold this list to
        if (!Array.isArray(v) || v.length !== layerCount)
          out.push({
            field: path,
            message: `needs one ${p.noun} per hidden layer (${layerCount}), got ${Array.isArray(v) ? v.length : String(v)}`,
          });
      } else if (!Array.isArray(v) || (p.maxLength !== undefined && v.length > p.maxLength)) {
        out.push({ field: path, message: mustBe(p) });
        return; // the list itself is wrong: nothing sensible to check past it
      }
      if (Array.isArray(v)) v.forEach((item, i) => check(p.item, item, `${path}[${i}]`, out, null));
      return;
    case 'variants': {
      if (!isObject(v)) {
        out.push({ field: path, message: 'is missing' });
        return;
      }
      const fields = Object.hasOwn(p.variants, String(v.type))
        ? p.variants[String(v.type)]
        : undefined;
      if (fields === undefined) {
        out.push({
          field: `${path}.type`,
          message: `${mustBe(p)}, got ${String(v.type)}`,
        });
        return;
      }
      for (const [key, field] of Object.entries(fields))
        check(field, v[key], `${path}.${key}`, out, null);
      return;
    }
    case 'struct':
      if (!isObject(v)) return fail();
      for (const [key, field] of Object.entries(p.fields))
        if (!(v[key] === undefined && (p.optional as readonly string[]).includes(key)))
          check(field, v[key], `${path}.${key}`, out, null);
      return;
    case 'nullable':
      if (v === null) return;
      // "must be the distortions or null": the message names both ways to be right.
      if (p.param.kind === 'struct' && !isObject(v)) return fail();
      check(p.param, v, path, out, layerCount);
  }
}

/** Every problem with `c`, in the table's order: each setting against its param, then the
 * rules across settings whose settings are valid. Empty when the config is good. */
export function settingsProblems(c: TrainConfig): SettingProblem[] {
  const out: SettingProblem[] = [];
  const bad = new Set<string>();
  const record = c as unknown as Record<string, unknown>;
  for (const name of SETTING_NAMES) {
    const s: Setting = SETTINGS[name];
    const before = out.length;
    const v = record[name];
    if (!(v === undefined && s.optional === true)) {
      const layersOk = !bad.has('layers') && Array.isArray(c.layers);
      check(s.param, v, name, out, layersOk ? c.layers.length : null);
    }
    if (out.length > before) {
      bad.add(name);
      continue;
    }
    for (const rule of s.rules ?? []) {
      if (rule.needs.some((n) => bad.has(n))) continue;
      const problem = rule.problem(c);
      if (problem !== null) {
        out.push({ field: name, message: problem });
        bad.add(name);
      }
    }
  }
  return out;
}

/** Why `value` is not a valid value of the setting `name` on its own (a learning rate changed
 * during a run, say), e.g. "must be a number above 0 to 100, got 200"; null when it is one. */
export function valueProblem(name: SettingName, value: unknown): string | null {
  const out: SettingProblem[] = [];
  check(SETTINGS[name].param, value, name, out, null);
  return out[0]?.message ?? null;
}

// --- Reading the table ----------------------------------------------------------------------

/** The param at a config path ("learningRate", "schedule.every", "augmentation.rotation",
 * "layers[1]"), or undefined when the table has none. */
export function paramAt(path: string): Param | undefined {
  const [top, ...rest] = path.replace(/\[\d+\]$/, '').split('.');
  if (!Object.hasOwn(SETTINGS, top)) return undefined;
  let p: Param = SETTINGS[top as SettingName].param;
  if (/\[\d+\]$/.test(path) && p.kind === 'list') p = p.item;
  for (const key of rest) {
    if (p.kind === 'nullable') p = p.param;
    if (p.kind === 'struct' && Object.hasOwn(p.fields, key)) p = p.fields[key];
    else if (p.kind === 'variants') {
      const found = Object.values(p.variants).find((f) => Object.hasOwn(f, key));
      if (found === undefined) return undefined;
      p = found[key];
    } else return undefined;
  }
  return p;
}

/** Every config path the table describes, lists as their name alone: "layers", "schedule",
 * "schedule.every", … (a form points problems at these). */
export function settingPaths(): string[] {
  const paths: string[] = [];
  const walk = (p: Param, path: string): void => {
    paths.push(path);
    if (p.kind === 'nullable') walk(p.param, path);
    else if (p.kind === 'struct')
      for (const [k, f] of Object.entries(p.fields)) walk(f, `${path}.${k}`);
    else if (p.kind === 'variants')
      for (const fields of Object.values(p.variants))
        for (const [k, f] of Object.entries(fields)) walk(f, `${path}.${k}`);
  };
  for (const name of SETTING_NAMES) walk(SETTINGS[name].param, name);
  return [...new Set(paths)];
}

/** The label, help and param of the value at a config path, for the input that sets it. */
export function describeAt(path: string): { label: string; help: string; param: Param } {
  const param = paramAt(path);
  if (param === undefined) throw new Error(`settings.ts has no setting ${path}`);
  const top = SETTINGS[path as SettingName] as Setting | undefined;
  return {
    label: top?.label ?? param.label ?? path,
    help: top?.help ?? param.help ?? '',
    param: param.kind === 'or' ? param.param : param,
  };
}

/** A number param's default, for a field switched on (the table always has one where used). */
export function defaultAt(path: string): number {
  const p = paramAt(path);
  const found = p?.kind === 'or' ? p.param : p;
  if ((found?.kind === 'real' || found?.kind === 'int') && found.default !== undefined)
    return found.default;
  throw new Error(`settings.ts has no default for ${path}`);
}

/** Whether a dataset of `counts` uses setting `name` (a dataset with its own test part does not
 * use the test fraction). */
export function isUsedWith(name: SettingName, counts: DataCounts): boolean {
  const { usedWith }: Setting = SETTINGS[name];
  return usedWith === undefined || usedWith(counts);
}
