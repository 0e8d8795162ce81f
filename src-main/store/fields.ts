// The text a user types for a run (its name and tags), cleaned and checked before it is stored.

import { StoreError } from './errors.ts';

export function runName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw new StoreError('a run needs a name: the name given is empty');
  return trimmed;
}

/** Trimmed, without duplicates; a tag may not be empty or hold a comma (lists are comma-joined). */
export function tagList(tags: readonly string[]): string[] {
  const clean = tags.map((t) => t.trim());
  for (const [i, tag] of clean.entries()) {
    if (tag === '') throw new StoreError(`tag ${i + 1} is empty`);
    if (tag.includes(',')) throw new StoreError(`tag "${tag}" holds a comma; give tags one by one`);
  }
  return [...new Set(clean)];
}
