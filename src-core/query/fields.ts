// What a query can ask about a run: every setting by its command-line flag (derived from the
// table in settings.ts, so a new setting is a field at once), then the run's results and facts.
// Each field says what type its values are; the parser checks a query's values against it.

import type { TrainConfig } from '../config.ts';
import { PRESET_NAMES } from '../presets.ts';
import { SETTING_NAMES, SETTINGS, type Param, type Setting } from '../settings.ts';

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
      // Distortions are on or off; their own values are more than a filter needs.
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

function settingField(name: (typeof SETTING_NAMES)[number]): QueryField {
  const s: Setting = SETTINGS[name];
  const type = typeOf(s.param);
  return {
    name: s.cli.flag,
    help: s.label,
    type,
    read: (run) =>
      s.usedWhen !== undefined && !s.usedWhen(run.config)
        ? null
        : valueOf(s.param, (run.config as unknown as Record<string, unknown>)[name]),
  };
}

// --- Results and facts ----------------------------------------------------------------------

const NUMBER: FieldType = { kind: 'number' };
const TEXT: FieldType = { kind: 'text' };

const FACTS: readonly QueryField[] = [
  {
    name: 'test',
    help: 'test accuracy',
    type: { kind: 'number', fraction: true },
    read: (r) => r.testAccuracy,
  },
  { name: 'test_loss', help: 'test loss', type: NUMBER, read: (r) => r.testLoss },
  { name: 'time', help: 'training time in seconds', type: NUMBER, read: (r) => r.trainSeconds },
  {
    name: 'status',
    help: 'the run’s status, e.g. completed or failed',
    type: TEXT,
    read: (r) => r.status,
  },
  { name: 'name', help: 'the run’s name', type: TEXT, read: (r) => r.name },
  { name: 'notes', help: 'the run’s notes', type: TEXT, read: (r) => r.notes },
  { name: 'dataset', help: 'the dataset’s name', type: TEXT, read: (r) => r.datasetName },
  { name: 'params', help: 'weights and biases in all', type: NUMBER, read: (r) => r.parameters },
  {
    name: 'preset',
    help: 'the preset the settings started from',
    type: { kind: 'choice', options: PRESET_NAMES },
    read: (r) => r.preset,
  },
  {
    name: 'group',
    help: 'the id of the repeat or sweep it was queued in',
    type: NUMBER,
    read: (r) => r.groupId,
  },
  { name: 'epochs_done', help: 'epochs finished', type: NUMBER, read: (r) => r.epochsDone },
  { name: 'id', help: 'the run’s id', type: NUMBER, read: (r) => r.id },
];

/** Every field a query may name: the settings in the table's order, then results and facts. */
export const QUERY_FIELDS: readonly QueryField[] = [...SETTING_NAMES.map(settingField), ...FACTS];

const BY_NAME = new Map(QUERY_FIELDS.map((f) => [f.name, f]));
if (BY_NAME.size !== QUERY_FIELDS.length)
  throw new Error('query: two fields share a name (a setting flag is also a fact’s name)');

/** The field a query names, without regard to case; undefined when there is none. */
export function fieldNamed(name: string): QueryField | undefined {
  return BY_NAME.get(name.toLowerCase());
}
