// The query language explained: for `backprop-lab list --help` and the Runs table's filter box.
// Its field lines come from the fields themselves, so the help cannot name a field that is not.

import { QUERY_FIELDS, type FieldType, type QueryField } from './fields.ts';

/** What values a field takes, as the help says it: "a number or full", "adam, sgd, …". */
export function valuesText(type: FieldType): string {
  switch (type.kind) {
    case 'number':
      if (type.fraction === true) return 'a fraction or a percentage: 0.97 or 97%';
      return type.word === undefined ? 'a number' : `a number or ${type.word}`;
    case 'text':
      return 'text';
    case 'choice':
      return type.options.join(', ');
    case 'list':
      return type.item.kind === 'number'
        ? 'numbers, e.g. 128,64, or none'
        : `${valuesText(type.item)} (one for all layers, or one each)`;
  }
}

const TAG = 'tag:NAME';
const WIDTH = Math.max(TAG.length, ...QUERY_FIELDS.map((f) => f.name.length));
const line = (name: string, text: string): string => `  ${name.padEnd(WIDTH)}  ${text}`;
const fieldLine = (f: QueryField): string =>
  line(
    f.name,
    f.type.kind === 'text' || f.type.kind === 'number'
      ? `${f.help} (${valuesText(f.type)})`
      : `${f.help}: ${valuesText(f.type)}`,
  );

const settings = QUERY_FIELDS.filter((f) => f.section === 'settings');
const facts = QUERY_FIELDS.filter((f) => f.section === 'results');

export const QUERY_HELP = [
  'A filter is conditions FIELD OPERATOR VALUE joined with and, or, not and parentheses:',
  '  optimizer = adam and lr < 0.01 and test > 97% and tag:baseline',
  '',
  'Operators: = != < <= > >=, and ~ for contains (a part of the text, or an item of a list).',
  'Names and text compare without regard to case; quote a value with spaces or commas:',
  'name = "lr sweep". A run without a value (no result yet, no preset, momentum with',
  'another optimizer) matches no comparison on it, not even !=; not (test > 0.9) includes it.',
  '',
  'Settings, by their train flag:',
  ...settings.map(fieldLine),
  '',
  'Results and facts:',
  ...facts.map(fieldLine),
  line(TAG, 'runs tagged NAME'),
  '',
  'More examples:',
  '  layers = 128,64 and batch = full',
  '  activation ~ tanh or (decay = cosine and augment = on)',
  '  name ~ sweep and not status = failed and time < 60',
].join('\n');
