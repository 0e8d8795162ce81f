// What a query can ask about a run: every setting by its command-line flag (derived from the
// table in settings.ts, so a new setting is a field at once), then the run's results and facts.
// Each field says what type its values are; the parser checks a query's values against it.

import type { TrainConfig } from '../config.ts';
import { PRESET_NAMES } from '../presets.ts';
import { SETTING_NAMES, SETTINGS, type Fields, type Param, type Setting } from '../settings.ts';

/** What a query reads of a run; the app's RunSummary satisfies it. */
export interface QueryableRun {
  readonly id: number;
  readonly name: string;
  readonly notes: string;
  readonly tags: readonly string[];
  readonly status: string;
  /** The preset its settings started from; null for custom settings. */
  readonly preset: string | null;
  readonly config: TrainConfig;
  readonly datasetName: string;
  readonly parameters: number;
  readonly epochsDone: number;
  /** A fraction, 0–1; null until the run has a test result. */
  readonly testAccuracy: number | null;
  readonly testLoss: number | null;
  readonly trainSeconds: number | null;
  /** The repeat or sweep it was queued in; null for a run of its own. */
  readonly groupId: number | null;
}

/** A field's value in one run: null when the run has none (no result yet, a setting its
 * optimizer does not use, no preset), and then no comparison on it matches. */
export type FieldValue = number | string | readonly (number | string)[] | null;

/** The values a field holds, which decide the operators and values a query may give it. */
export type FieldType =
  /** A number; `word` is the one word it may also be (batch 'full', threads 'auto'), and a
   * `fraction` also reads as a percentage (97%). */
  | { readonly kind: 'number'; readonly word?: string; readonly fraction?: boolean }
  /** Free text, compared without regard to case; `~` finds a part of it. */
  | { readonly kind: 'text' }
  /** One of a few names. */
  | { readonly kind: 'choice'; readonly options: readonly string[] }
  /** A list of numbers or names; `perLayer` lists (activations) also equal a single value when
   * every item does, as the CLI's `--activation relu` means every layer. */
  | {
      readonly kind: 'list';
      readonly item: FieldType & { readonly kind: 'number' | 'choice' };
      readonly perLayer: boolean;
    };

export interface QueryField {
  /** As a query spells it: the CLI flag for a setting. */
  readonly name: string;
  /** What it is, for the help. */
  readonly help: string;
  /** Whether it is a setting of the run's config, or a result or fact of the run. */
  readonly section: 'settings' | 'results';
  readonly type: FieldType;
  readonly read: (run: QueryableRun) => FieldValue;
}

// --- Settings, from the table ---------------------------------------------------------------

const ON_OFF = ['off', 'on'] as const;

function typeOf(p: Param): FieldType {
  switch (p.kind) {
    case 'real':
    case 'int':
      return { kind: 'number' };
    case 'or': {
      const inner = typeOf(p.param);
      return inner.kind === 'number' ? { kind: 'number', word: p.word } : inner;
    }
    case 'choice':
      return { kind: 'choice', options: p.options };
    case 'bool':
      return { kind: 'choice', options: ['false', 'true'] };
    case 'list': {
      const item = typeOf(p.item);
      if (item.kind !== 'number' && item.kind !== 'choice')
        throw new Error(`query: a list of ${item.kind} cannot be queried`);
      return { kind: 'list', item, perLayer: p.perLayer === true };
    }
    case 'variants':
      return { kind: 'choice', options: Object.keys(p.variants) };
    case 'struct':
    case 'nullable':
      // Distortions read as on or off; their values are fields of their own (augment.rotation).
      return p.kind === 'nullable' && p.param.kind !== 'struct'
        ? typeOf(p.param)
        : { kind: 'choice', options: ON_OFF };
  }
}

/** A config's value as a field reads it: an optional setting absent (saved before it existed)
 * at its table default; a variant by its type; distortions as on or off. */
function valueOf(p: Param, v: unknown): FieldValue {
  switch (p.kind) {
    case 'real':
    case 'int':
      return v === undefined ? (p.default ?? null) : (v as number);
    case 'or':
      return v === p.word || (v === undefined && p.wordWhenAbsent === true)
        ? p.word
        : valueOf(p.param, v);
    case 'choice':
      return v as string;
    case 'bool':
      return String(v);
    case 'list':
      return v as readonly (number | string)[];
    case 'variants':
      return (v as { type: string }).type;
    case 'struct':
      return 'on';
    case 'nullable':
      if (v === null || v === undefined) return p.param.kind === 'struct' ? 'off' : null;
      return valueOf(p.param, v);
  }
}

/** What a setting's field reads when the config does not use the setting. */
const UNUSED = Symbol('unused');

/** A setting's field, then one for each value inside it: `decay.every`, `augment.rotation`. */
function settingFields(name: (typeof SETTING_NAMES)[number]): QueryField[] {
  const s: Setting = SETTINGS[name];
  const value = (run: QueryableRun): unknown =>
    s.usedWhen !== undefined && !s.usedWhen(run.config)
      ? UNUSED
      : (run.config as unknown as Record<string, unknown>)[name];
  const top: QueryField = {
    name: s.cli.flag,
    help: s.label,
    section: 'settings',
    type: typeOf(s.param),
    read: (run) => {
      const v = value(run);
      return v === UNUSED ? null : valueOf(s.param, v);
    },
  };
  return [top, ...innerFields(s.param, s.cli.flag, value)];
}

/** The fields inside a schedule (its variants' values) or the distortions (their struct's):
 * null where the run has none (a cosine schedule's `every`, distortions switched off). */
function innerFields(p: Param, flag: string, value: (run: QueryableRun) => unknown): QueryField[] {
  const inner: Fields =
    p.kind === 'variants'
      ? Object.assign({}, ...Object.values(p.variants))
      : p.kind === 'nullable' && p.param.kind === 'struct'
        ? p.param.fields
        : {};
  return Object.entries(inner).map(([key, param]) => ({
    name: `${flag}.${key}`,
    help: param.label ?? key,
    section: 'settings' as const,
    type: typeOf(param),
    read: (run) => {
      const v = value(run);
      if (typeof v !== 'object' || v === null) return null; // unused, or no distortions
      const held = v as Record<string, unknown>;
      if (p.kind === 'variants' && !Object.hasOwn(p.variants[String(held.type)] ?? {}, key))
        return null;
      return valueOf(param, held[key]);
    },
  }));
}

// --- Results and facts ----------------------------------------------------------------------

const NUMBER: FieldType = { kind: 'number' };
const TEXT: FieldType = { kind: 'text' };

const fact = (
  name: string,
  help: string,
  type: FieldType,
  read: QueryField['read'],
): QueryField => ({ name, help, section: 'results', type, read });

const FACTS: readonly QueryField[] = [
  fact('test', 'test accuracy', { kind: 'number', fraction: true }, (r) => r.testAccuracy),
  fact('test_loss', 'test loss', NUMBER, (r) => r.testLoss),
  fact('time', 'training time in seconds', NUMBER, (r) => r.trainSeconds),
  fact('status', 'the run’s status, e.g. completed or failed', TEXT, (r) => r.status),
  fact('name', 'the run’s name', TEXT, (r) => r.name),
  fact('notes', 'the run’s notes', TEXT, (r) => r.notes),
  fact('dataset', 'the dataset’s name', TEXT, (r) => r.datasetName),
  fact('params', 'weights and biases in all', NUMBER, (r) => r.parameters),
  fact(
    'preset',
    'the preset the settings started from',
    { kind: 'choice', options: PRESET_NAMES },
    (r) => r.preset,
  ),
  fact('group', 'the id of the repeat or sweep it was queued in', NUMBER, (r) => r.groupId),
  fact('epochs_done', 'epochs finished', NUMBER, (r) => r.epochsDone),
  fact('id', 'the run’s id', NUMBER, (r) => r.id),
];

/** Every field a query may name: the settings in the table's order, then results and facts. */
export const QUERY_FIELDS: readonly QueryField[] = [
  ...SETTING_NAMES.flatMap(settingFields),
  ...FACTS,
];

const BY_NAME = new Map(QUERY_FIELDS.map((f) => [f.name.toLowerCase(), f]));
if (BY_NAME.size !== QUERY_FIELDS.length)
  throw new Error('query: two fields share a name (a setting flag is also a fact’s name)');

/** The field a query names, without regard to case; undefined when there is none. */
export function fieldNamed(name: string): QueryField | undefined {
  return BY_NAME.get(name.toLowerCase());
}
