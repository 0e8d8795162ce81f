// A query's grammar, read by recursive descent straight into a predicate:
//
//   query      := or?                       (an empty query matches every run)
//   or         := and ('or' and)*
//   and        := unary ('and' unary)*
//   unary      := 'not' unary | primary
//   primary    := '(' or ')' | 'tag' ':' value | field operator values
//   values     := value (',' value)*
//   value      := number | number% | word | "quoted" | 'quoted'
//
// so `not` binds tightest and `and` before `or`, as in SQL. Keywords, field names and tag names
// are read without regard to case.

import { nearest, QueryError } from './errors.ts';
import { fieldNamed, QUERY_FIELDS, type QueryableRun } from './fields.ts';
import { tokenize, type Token } from './lexer.ts';
import { valueTest, type ValueItem } from './values.ts';

export type RunPredicate = (run: QueryableRun) => boolean;

const KEYWORDS = ['and', 'or', 'not'];
const OPERATORS = '= != < <= > >= ~';

export class Parser {
  readonly #text: string;
  readonly #tokens: readonly Token[];
  #at = 0;

  constructor(text: string) {
    this.#text = text;
    this.#tokens = tokenize(text);
  }

  /** A token as the query spells it. */
  #source(t: Token): string {
    return this.#text.slice(t.offset, t.offset + t.length);
  }

  /** ", got 'x'" for a token in the way; nothing at the end, where the position says it. */
  #got(t: Token): string {
    return t.kind === 'end' ? '' : `, got '${this.#source(t)}'`;
  }

  /** The whole query as one predicate. */
  query(): RunPredicate {
    if (this.#peek().kind === 'end') return () => true;
    const predicate = this.#or();
    const rest = this.#peek();
    if (rest.kind === ')')
      throw new QueryError('expected-join', "no '(' for this ')'", rest.offset, rest.length);
    if (rest.kind !== 'end') this.#expectedJoin(rest, "'and' or 'or'");
    return predicate;
  }

  #peek(): Token {
    return this.#tokens[this.#at];
  }

  #next(): Token {
    const t = this.#tokens[this.#at];
    if (t.kind !== 'end') this.#at++;
    return t;
  }

  #keyword(word: string): boolean {
    const t = this.#peek();
    if (t.kind !== 'word' || t.text.toLowerCase() !== word) return false;
    this.#at++;
    return true;
  }

  #expectedJoin(t: Token, expected: string): never {
    throw new QueryError(
      'expected-join',
      `expected ${expected} after the condition${this.#got(t)}`,
      t.offset,
      t.length,
    );
  }

  #or(): RunPredicate {
    const parts = [this.#and()];
    while (this.#keyword('or')) parts.push(this.#and());
    return parts.length === 1 ? parts[0] : (run) => parts.some((p) => p(run));
  }

  #and(): RunPredicate {
    const parts = [this.#unary()];
    while (this.#keyword('and')) parts.push(this.#unary());
    return parts.length === 1 ? parts[0] : (run) => parts.every((p) => p(run));
  }

  #unary(): RunPredicate {
    if (!this.#keyword('not')) return this.#primary();
    const operand = this.#unary();
    return (run) => !operand(run);
  }

  #primary(): RunPredicate {
    const t = this.#next();
    if (t.kind === '(') {
      const inner = this.#or();
      const close = this.#next();
      if (close.kind === ')') return inner;
      if (close.kind === 'end')
        throw new QueryError(
          'expected-close',
          "expected ')'",
          close.offset,
          0,
          `to close the '(' at ${t.offset + 1}`,
        );
      this.#expectedJoin(close, "'and', 'or' or ')'");
    }
    if (t.kind !== 'word' || KEYWORDS.includes(t.text.toLowerCase()))
      throw new QueryError(
        'expected-condition',
        `expected a condition (a field, tag:NAME, not or '(')${this.#got(t)}`,
        t.offset,
        t.length,
      );
    if (t.text.toLowerCase() === 'tag' && this.#peek().kind === ':') return this.#tag();
    return this.#comparison(t);
  }

  #tag(): RunPredicate {
    this.#next();
    const [item] = this.#values("'tag:'");
    const name = item.raw.trim().toLowerCase(); // as the store keeps tags: trimmed, any case
    return (run) => run.tags.some((tag) => tag.toLowerCase() === name);
  }

  #comparison(name: Token & { kind: 'word' }): RunPredicate {
    const field = fieldNamed(name.text);
    if (field === undefined) {
      const tag = ['tag', 'tags'].includes(name.text.toLowerCase());
      const near = nearest(
        name.text,
        QUERY_FIELDS.map((f) => f.name),
      );
      throw new QueryError(
        'unknown-field',
        `unknown field '${name.text}'`,
        name.offset,
        name.length,
        tag
          ? 'write tag:NAME'
          : near === null
            ? 'see the fields in the help'
            : `did you mean ${near}?`,
      );
    }
    const op = this.#next();
    if (op.kind !== 'operator')
      throw new QueryError(
        'expected-operator',
        `expected an operator (${OPERATORS}) after '${name.text}'${this.#got(op)}`,
        op.offset,
        op.length,
      );
    const test = valueTest(field, op, this.#values(`'${op.operator}'`));
    return (run) => {
      const v = field.read(run);
      return v !== null && test(v);
    };
  }

  /** The value or comma-separated values after `what` (an operator, or tag:). */
  #values(what: string): ValueItem[] {
    const items = [this.#value(what)];
    while (this.#peek().kind === ',') {
      this.#next();
      items.push(this.#value("','"));
    }
    return items;
  }

  #value(after: string): ValueItem {
    const t = this.#peek();
    const at = { offset: t.offset, length: t.length, raw: this.#source(t) };
    if (t.kind === 'number') {
      this.#next();
      return { kind: 'number', number: t.value, percent: t.percent, ...at };
    }
    if (t.kind === 'string') {
      this.#next();
      return { kind: 'string', ...at, raw: t.text };
    }
    if (t.kind === 'word' && !KEYWORDS.includes(t.text.toLowerCase())) {
      this.#next();
      return { kind: 'word', ...at };
    }
    throw new QueryError(
      'expected-value',
      `expected a value after ${after}${this.#got(t)}`,
      t.offset,
      t.length,
      t.kind === 'word' ? `quote '${t.text}' to mean the word` : '',
    );
  }
}
