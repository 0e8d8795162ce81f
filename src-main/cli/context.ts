// What most commands start with: the database (from --db, BACKPROP_LAB_DB or the app's folder),
// with runs left 'running' by processes that died (no heartbeat, see store/owner.ts) marked
// 'interrupted'.

import { resolveDatabasePath } from '../store/paths.ts';
import { Store } from '../store/store.ts';
import { UsageError } from './errors.ts';

export function openStore(dbFlag: string | undefined): Store {
  const store = Store.open(resolveDatabasePath(dbFlag, process.env));
  store.markOrphansInterrupted();
  return store;
}

/** A run id argument: a positive whole number. */
export function runId(text: string | undefined, what = 'RUN'): number {
  if (text === undefined) throw new UsageError(`missing ${what} (a run id, see backprop-lab list)`);
  const id = Number(text);
  if (!Number.isInteger(id) || id < 1)
    throw new UsageError(`'${text}' is not a run id (a whole number, see backprop-lab list)`);
  return id;
}
