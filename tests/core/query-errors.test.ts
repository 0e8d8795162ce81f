// Every way a query can be wrong, each pointing at the part it cannot read.
import { describe, expect, it } from 'vitest';
import {
  compileQuery,
  MAX_QUERY_LENGTH,
  pointAt,
  QueryError,
  type QueryProblem,
} from '../../src-core/query/index.ts';
import { Rng } from '../../src-core/rng.ts';
import { testRun } from '../fixtures/core/runs.ts';

/** The error a query raises (the test fails when it raises none). */
function errorOf(query: string): QueryError {
  try {
    compileQuery(query);
  } catch (error) {
    if (error instanceof QueryError) return error;
    throw error;
  }
  throw new Error(`'${query}' was read without an error`);
}

/** [query, offset, length, message]: every problem has its cases (the type insists on it). */
const CASES: Record<QueryProblem, [string, number, number, string][]> = {
  'too-long': [
    [
      `name ~ ${'a'.repeat(MAX_QUERY_LENGTH)}`,
      MAX_QUERY_LENGTH,
      7,
      'the query is 1,007 characters, over the limit of 1,000 at 1001–1007',
    ],
  ],
  'bad-character': [
    ['lr < 1 && test > 0.9', 7, 1, "unexpected '&' at 8 (join conditions with and, or, not)"],
    ['name = $x', 7, 1, "unexpected '$' at 8"],
    ['lr < -', 5, 1, "unexpected '-' at 6"],
  ],
  'unclosed-quote': [['name = "my run', 7, 7, 'no closing " for the string at 8–14']],
  'expected-condition': [
    ['and lr < 1', 0, 3, "expected a condition (a field, tag:NAME, not or '('), got 'and' at 1–3"],
    ['lr < 1 and', 10, 0, "expected a condition (a field, tag:NAME, not or '(') at 11"],
    ['()', 1, 1, "expected a condition (a field, tag:NAME, not or '('), got ')' at 2"],
    [
      'lr < 1 or 0.5',
      10,
      3,
      "expected a condition (a field, tag:NAME, not or '('), got '0.5' at 11–13",
    ],
  ],
  'unknown-field': [
    ['lrr < 0.01', 0, 3, "unknown field 'lrr' at 1–3 (did you mean lr?)"],
    ['optimiser = adam', 0, 9, "unknown field 'optimiser' at 1–9 (did you mean optimizer?)"],
    [
      'test > 0.9 and accuracy > 0.9',
      15,
      8,
      "unknown field 'accuracy' at 16–23 (see the fields in the help)",
    ],
    ['tag = baseline', 0, 3, "unknown field 'tag' at 1–3 (write tag:NAME)"],
  ],
  'expected-operator': [
    ['lr 0.01', 3, 4, "expected an operator (= != < <= > >= ~) after 'lr', got '0.01' at 4–7"],
    ['test', 4, 0, "expected an operator (= != < <= > >= ~) after 'test' at 5"],
  ],
  'bad-operator': [
    [
      'optimizer < adam',
      10,
      1,
      "'<' compares numbers, and optimizer is one of gd, sgd, momentum, adam at 11 (use = or !=)",
    ],
    [
      'lr ~ 0.01',
      3,
      1,
      "'~' finds a part of text or an item of a list, and lr is a number at 4 (use =, !=, <, <=, > or >=)",
    ],
    ['name >= b', 5, 2, "'>=' compares numbers, and name is text at 6–7 (use =, != or ~)"],
    ['batch < full', 6, 1, "'<' compares numbers, and batch is 'full' here at 7 (use = or !=)"],
    ['layers > 64', 7, 1, "'>' compares numbers, and layers is a list at 8 (use =, != or ~)"],
  ],
  'expected-value': [
    ['lr < ', 5, 0, "expected a value after '<' at 6"],
    ['lr <', 4, 0, "expected a value after '<' at 5"],
    [
      'name = and',
      7,
      3,
      "expected a value after '=', got 'and' at 8–10 (quote 'and' to mean the word)",
    ],
    ['tag:', 4, 0, "expected a value after 'tag:' at 5"],
    ['layers = 128,', 13, 0, "expected a value after ',' at 14"],
    ['lr < (1)', 5, 1, "expected a value after '<', got '(' at 6"],
  ],
  'bad-value': [
    ['lr < adam', 5, 4, "lr is a number, got 'adam' at 6–9"],
    ['batch = lots', 8, 4, "batch is a number or 'full', got 'lots' at 9–12"],
    [
      'optimizer = adm',
      12,
      3,
      "optimizer is one of gd, sgd, momentum, adam, got 'adm' at 13–15 (did you mean adam?)",
    ],
    ['test > 97', 7, 2, 'test is a fraction from 0 to 1 at 8–9 (write 0.97 or 97%)'],
    ['lr < 1%', 5, 2, 'lr is not a percentage at 6–7'],
    ['lr = 1,2', 5, 3, 'lr holds one value, not a list at 6–8 (quote text that has a comma)'],
    ['layers = 128,x', 13, 1, "layers lists numbers, got 'x' at 14"],
    ['layers = "128,6x4"', 14, 3, "layers lists numbers, got '6x4' at 15–17"],
    [
      'activation = relu,tahn',
      18,
      4,
      "activation lists names that each is one of relu, sigmoid, tanh, leaky-relu, identity, got 'tahn' at 19–22 (did you mean tanh?)",
    ],
    ['layers ~ 128,64', 9, 6, "'~' finds one item in layers at 10–15"],
    ['augment = yes', 10, 3, "augment is one of off, on, got 'yes' at 11–13"],
  ],
  'expected-close': [['(lr < 1 or tag:x', 16, 0, "expected ')' at 17 (to close the '(' at 1)"]],
  'expected-join': [
    ['lr < 1 test > 0.5', 7, 4, "expected 'and' or 'or' after the condition, got 'test' at 8–11"],
    ['lr < 1)', 6, 1, "no '(' for this ')' at 7"],
    ['(lr < 1 tag:x)', 8, 3, "expected 'and', 'or' or ')' after the condition, got 'tag' at 9–11"],
  ],
};

describe('query errors', () => {
  for (const [problem, cases] of Object.entries(CASES))
    for (const [query, offset, length, message] of cases)
      it(`${problem}: ${query.slice(0, 40)}`, () => {
        const error = errorOf(query);
        expect(error).toMatchObject({ problem, offset, length, message });
      });

  it('reads a query of the greatest length', () => {
    const query = `name ~ ${'a'.repeat(MAX_QUERY_LENGTH - 7)}`;
    expect(query.length).toBe(MAX_QUERY_LENGTH);
    expect(() => compileQuery(query)).not.toThrow();
  });

  it('puts a caret under the part at fault, and one at the end for what is missing', () => {
    expect(pointAt('optimizer = adm', errorOf('optimizer = adm'))).toBe(
      'optimizer = adm\n            ^^^',
    );
    expect(pointAt('lr <', errorOf('lr <'))).toBe('lr <\n    ^');
    expect(pointAt('lr\t<', errorOf('lr\t<'))).toBe('lr <\n    ^');
  });
});

describe('any text', () => {
  // Pieces of queries, right and wrong, strung together at random: whatever the text, the
  // query is read or refused with a QueryError pointing inside it, never another error.
  const PIECES = [
    ...['lr', 'test', 'optimizer', 'layers', 'batch', 'name', 'decay.every', 'augment', 'tag:'],
    ...['and', 'or', 'not', '(', ')', ',', '=', '!=', '<', '>=', '~', '==', '!', '&'],
    ...['0.01', '97%', '-1', '1e-3', 'adam', 'full', 'none', '"a b"', "'x", '"', '128,64', 'é'],
    ...[' ', ' ', '  ', '\t'],
  ];
  const rng = new Rng(13);
  const run = testRun(1, { tags: ['x'] });

  it('is read, or refused with an error inside it', () => {
    let read = 0;
    for (let i = 0; i < 3000; i++) {
      const count = 1 + rng.int(12);
      const query = Array.from({ length: count }, () => PIECES[rng.int(PIECES.length)]).join('');
      try {
        expect(typeof compileQuery(query)(run), query).toBe('boolean');
        read++;
      } catch (error) {
        expect(error, query).toBeInstanceOf(QueryError);
        const { offset, length } = error as QueryError;
        expect(offset, query).toBeGreaterThanOrEqual(0);
        expect(offset + length, query).toBeLessThanOrEqual(query.length);
      }
    }
    // Both ways were tried: some texts are queries, most are not.
    expect(read).toBeGreaterThan(30);
    expect(read).toBeLessThan(2000);
  });
});
