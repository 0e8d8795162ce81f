// The filter box's query, read once per change: the predicate it means, or the error saying
// what and where it cannot read (then the table is not narrowed by it).

import { compileQuery, QueryError, type RunPredicate } from '../../../src-core/query/index.ts';

export interface ReadQuery {
  /** Null for a blank query, and for one that cannot be read. */
  readonly match: RunPredicate | null;
  readonly error: QueryError | null;
}

export function readQuery(text: string): ReadQuery {
  if (text.trim() === '') return { match: null, error: null };
  try {
    return { match: compileQuery(text), error: null };
  } catch (error) {
    if (error instanceof QueryError) return { match: null, error };
    throw error;
  }
}
