// One comparison of a query, `field OP value`, checked against the field's type and made into
// a test of the field's value in a run. Names and text compare without regard to case.

import { nearest, QueryError } from './errors.ts';
import type { FieldType, FieldValue, QueryField } from './fields.ts';
import type { Operator } from './lexer.ts';

/** A value as the query wrote it: `raw` is its source text (the string's contents for a
 * quoted one). */
export interface ValueItem {
  readonly kind: 'number' | 'word' | 'string';
  readonly raw: string;
  /** The number a number token reads as (97% reads as 97, with `percent`). */
  readonly number?: number;
  readonly percent?: boolean;
  readonly offset: number;
  readonly length: number;
}

/** Where an operator stands, for the errors that blame it. */
export interface OperatorAt {
  readonly operator: Operator;
  readonly offset: number;
  readonly length: number;
}

/** A test of a field's value; never called with null (a run without the value never matches). */
export type ValueTest = (v: Exclude<FieldValue, null>) => boolean;

const ORDER: Readonly<Record<'<' | '<=' | '>' | '>=', (a: number, b: number) => boolean>> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

/** The test `field op items` makes of a field's value, or a QueryError at the part at fault. */
export function valueTest(
  field: QueryField,
  op: OperatorAt,
  items: readonly ValueItem[],
): ValueTest {
  const type = field.type;
  switch (type.kind) {
    case 'number':
      return numberTest(field, type, op, single(field, items));
    case 'text': {
      allow(field, op, ['=', '!=', '~'], 'is text');
      const text = single(field, items).raw.toLowerCase();
      return equalityTest(op.operator, (v) => {
        const have = (v as string).toLowerCase();
        return op.operator === '~' ? have.includes(text) : have === text;
      });
    }
    case 'choice': {
      allow(field, op, ['=', '!='], `is one of ${type.options.join(', ')}`);
      const name = option(field, type, single(field, items));
      return equalityTest(op.operator, (v) => v === name);
    }
    case 'list':
      return listTest(field, type, op, items);
  }
}

/** The test of `=` (or of `~`, which brings its own): `equal`; of `!=`: its negation. */
function equalityTest(operator: Operator, equal: ValueTest): ValueTest {
  return operator === '!=' ? (v) => !equal(v) : equal;
}

function allow(
  field: QueryField,
  op: OperatorAt,
  allowed: readonly Operator[],
  what: string,
): void {
  if (allowed.includes(op.operator)) return;
  const use = `${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]}`;
  throw new QueryError(
    'bad-operator',
    op.operator === '~'
      ? `'~' finds a part of text or an item of a list, and ${field.name} ${what}`
      : `'${op.operator}' compares numbers, and ${field.name} ${what}`,
    op.offset,
    op.length,
    `use ${use}`,
  );
}

function span(items: readonly ValueItem[]): { offset: number; length: number } {
  const first = items[0];
  const last = items[items.length - 1];
  return { offset: first.offset, length: last.offset + last.length - first.offset };
}

function single(field: QueryField, items: readonly ValueItem[]): ValueItem {
  if (items.length === 1) return items[0];
  const { offset, length } = span(items);
  throw new QueryError(
    'bad-value',
    `${field.name} holds one value, not a list`,
    offset,
    length,
    'quote text that has a comma',
  );
}

function numberTest(
  field: QueryField,
  type: FieldType & { kind: 'number' },
  op: OperatorAt,
  item: ValueItem,
): ValueTest {
  const word = type.word;
  if (word !== undefined && item.kind !== 'number' && item.raw.toLowerCase() === word) {
    allow(field, op, ['=', '!='], `is '${word}' here`);
    return equalityTest(op.operator, (v) => v === word);
  }
  allow(field, op, ['=', '!=', '<', '<=', '>', '>='], 'is a number');
  const x = numberOf(field, type, item);
  switch (op.operator) {
    case '=':
      return (v) => v === x;
    case '!=':
      return (v) => v !== x;
    default: {
      const order = ORDER[op.operator as keyof typeof ORDER];
      return (v) => typeof v === 'number' && order(v, x);
    }
  }
}

/** The number an item says for a number field: a fraction field takes 97% as 0.97. */
function numberOf(
  field: QueryField,
  type: FieldType & { kind: 'number' },
  item: ValueItem,
  what = `${field.name} is a number`,
): number {
  const fail = (what: string, hint = ''): never => {
    throw new QueryError('bad-value', what, item.offset, item.length, hint);
  };
  // A quoted number is still a number: `lr < "0.01"`.
  const n = item.number ?? (item.raw.trim() === '' ? NaN : Number(item.raw));
  if (!Number.isFinite(n))
    fail(`${what}${type.word === undefined ? '' : ` or '${type.word}'`}, got '${item.raw}'`);
  if (type.fraction !== true)
    return item.percent === true ? fail(`${field.name} is not a percentage`) : n;
  if (item.percent === true) return n / 100;
  if (n > 1) fail(`${field.name} is a fraction from 0 to 1`, `write ${n / 100} or ${n}%`);
  return n;
}

/** The option an item names, as the field spells it. */
function option(
  field: QueryField,
  type: FieldType & { kind: 'choice' },
  item: ValueItem,
  list = '',
): string {
  const found = type.options.find((o) => o.toLowerCase() === item.raw.toLowerCase());
  if (found !== undefined) return found;
  const near = nearest(item.raw, type.options);
  throw new QueryError(
    'bad-value',
    `${field.name} ${list}is one of ${type.options.join(', ')}, got '${item.raw}'`,
    item.offset,
    item.length,
    near === null ? '' : `did you mean ${near}?`,
  );
}

/** `layers = 128,64` (also quoted, or `none`), `activation = relu` (every layer),
 * `layers ~ 128` (some layer). */
function listTest(
  field: QueryField,
  type: FieldType & { kind: 'list' },
  op: OperatorAt,
  items: readonly ValueItem[],
): ValueTest {
  allow(field, op, ['=', '!=', '~'], 'is a list');
  const given = items.length === 1 && items[0].kind === 'string' ? splitQuoted(items[0]) : items;
  const none =
    given.length === 1 && given[0].kind === 'word' && given[0].raw.toLowerCase() === 'none';
  if (op.operator === '~' && (given.length !== 1 || none)) {
    const { offset, length } = span(items);
    throw new QueryError('bad-value', `'~' finds one item in ${field.name}`, offset, length);
  }
  const wanted: (number | string)[] = none
    ? []
    : given.map((item) =>
        type.item.kind === 'number'
          ? numberOf(field, type.item, item, `${field.name} lists numbers`)
          : option(field, type.item, item, 'lists names that each '),
      );
  if (op.operator === '~') return (v) => (v as readonly unknown[]).includes(wanted[0]);
  const equal: ValueTest = (v) => {
    const have = v as readonly (number | string)[];
    if (type.perLayer && wanted.length === 1 && have.length > 0)
      return have.every((x) => x === wanted[0]);
    return have.length === wanted.length && have.every((x, i) => x === wanted[i]);
  };
  return equalityTest(op.operator, equal);
}

/** A quoted list, "128,64", as the items it holds, each pointed at where it stands. */
function splitQuoted(item: ValueItem): ValueItem[] {
  const parts: ValueItem[] = [];
  let at = item.offset + 1;
  for (const part of item.raw.split(',')) {
    const raw = part.trim();
    const offset = at + part.indexOf(raw);
    const n = raw === '' ? NaN : Number(raw);
    parts.push(
      Number.isFinite(n)
        ? { kind: 'number', raw, number: n, offset, length: raw.length }
        : { kind: 'word', raw, offset, length: raw.length },
    );
    at += part.length + 1;
  }
  return parts;
}
