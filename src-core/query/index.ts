// The filter language over runs, e.g.
//   optimizer = adam and lr < 0.01 and test > 97% and tag:baseline
// (its grammar is in parser.ts; QUERY_HELP explains it to a user). Parse a query once with
// compileQuery, then call the predicate on every run:
//
//   const matches = compileQuery(text);        // throws a QueryError at the part at fault
//   const shown = runs.filter(matches);
//
// The fields are every setting by its CLI flag (from settings.ts) and the run's results and
// facts (fields.ts). This file is the public face of src-core/query: other code imports from
// here only.

import { QueryError } from './errors.ts';
import { Parser, type RunPredicate } from './parser.ts';

export { pointAt, QueryError, type QueryProblem } from './errors.ts';
export {
  fieldNamed,
  QUERY_FIELDS,
  type FieldType,
  type FieldValue,
  type QueryableRun,
  type QueryField,
} from './fields.ts';
export { QUERY_HELP, valuesText } from './help.ts';
export type { RunPredicate } from './parser.ts';

/** The longest query read: a filter box's worth, far more than any real one. */
export const MAX_QUERY_LENGTH = 1000;

/** The predicate a query means; an empty (or blank) query matches every run. Throws a
 * QueryError saying what and where when it cannot be read. */
export function compileQuery(text: string): RunPredicate {
  if (text.length > MAX_QUERY_LENGTH)
    throw new QueryError(
      'too-long',
      `the query is ${text.length.toLocaleString('en-US')} characters, over the limit of ${MAX_QUERY_LENGTH.toLocaleString('en-US')}`,
      MAX_QUERY_LENGTH,
      text.length - MAX_QUERY_LENGTH,
    );
  return new Parser(text).query();
}
