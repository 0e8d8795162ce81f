// What goes wrong reading a query, and where: every error names the part of the query it cannot
// read by its offset and length, so the CLI can put a caret under it and the filter box can
// highlight it.

/** Each way a query can be wrong; tests and callers match on these, never on the message. */
export type QueryProblem =
  /** Longer than MAX_QUERY_LENGTH. */
  | 'too-long'
  /** A character no part of the language uses (`&`, `$`…). */
  | 'bad-character'
  /** A quoted string without its closing quote. */
  | 'unclosed-quote'
  /** Where a condition should start: a field, tag:NAME, not, or '('. */
  | 'expected-condition'
  | 'unknown-field'
  /** A field with no operator after it. */
  | 'expected-operator'
  /** An operator the field's values do not support (`optimizer < adam`). */
  | 'bad-operator'
  /** An operator, or `tag:`, with nothing after it. */
  | 'expected-value'
  /** A value the field cannot hold (`lr < adam`, `optimizer = adm`, `test > 97`). */
  | 'bad-value'
  /** A '(' left open at the end. */
  | 'expected-close'
  /** Something after a whole condition that is not and, or, or a closing ')'. */
  | 'expected-join';

/** A query that cannot be read: `problem` says which way, `offset` (0-based, in UTF-16 code
 * units as JavaScript strings count) and `length` say where; `length` is 0 at the end of the
 * query. The message reads "unknown field 'lrr' at 1–3 (did you mean lr?)", columns from 1. */
export class QueryError extends Error {
  readonly problem: QueryProblem;
  readonly offset: number;
  readonly length: number;
  constructor(problem: QueryProblem, what: string, offset: number, length: number, hint = '') {
    super(`${what} at ${columns(offset, length)}${hint === '' ? '' : ` (${hint})`}`);
    this.name = 'QueryError';
    this.problem = problem;
    this.offset = offset;
    this.length = length;
  }
}

/** "4" for one character (or the end), "1–3" for a span, counted from 1. */
function columns(offset: number, length: number): string {
  return length <= 1 ? `${offset + 1}` : `${offset + 1}–${offset + length}`;
}

/** The query on one line and a caret line under the part at fault:
 *
 *     optimizer = adm
 *                 ^^^
 *
 * Tabs and line breaks show as spaces so the carets stay under their characters. */
export function pointAt(query: string, error: QueryError): string {
  const line = query.replace(/[\t\n\r\v\f]/g, ' ');
  return `${line}\n${' '.repeat(error.offset)}${'^'.repeat(Math.max(1, error.length))}`;
}

/** The candidate nearest `word` by edit distance, when it is near enough to be a slip of the
 * keyboard (at most a third of the word's letters, and at most 2); else null. */
export function nearest(word: string, candidates: readonly string[]): string | null {
  const limit = Math.min(2, Math.floor(word.length / 3) + 1);
  let best: string | null = null;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

/** Levenshtein distance: the fewest insertions, deletions and substitutions from a to b. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(
        previous[j] + 1,
        row[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    previous = row;
  }
  return previous[b.length];
}
