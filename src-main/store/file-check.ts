// Looks at a database file before the store changes anything in it, and turns SQLite's failures
// into messages a user can act on. A file that is not ours, is newer than this code, or is
// damaged is refused and left exactly as it was: it may be someone's only copy.

import { closeSync, openSync, readSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { StoreError } from './errors.ts';
import { APPLICATION_ID, SCHEMA_VERSION, schemaVersion } from './migrations.ts';

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** Throws a StoreError unless `file` is missing, empty, or a sound Backprop Lab database that
 * this version can read. */
export function checkDatabaseFile(file: string): void {
  let size: number;
  try {
    const st = statSync(file);
    if (st.isDirectory()) throw notOurs(file, 'it is a folder');
    size = st.size;
  } catch (e) {
    if (e instanceof StoreError) throw e;
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new StoreError(`cannot read ${file} (${(e as Error).message})`);
  }
  if (size === 0) return;
  if (!readHead(file).equals(SQLITE_HEADER)) throw notOurs(file, 'it is not an SQLite file');

  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const appId = db.pragma('application_id', { simple: true }) as number;
    const version = schemaVersion(db);
    const objects = db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get() as number;
    if (appId !== APPLICATION_ID && (objects > 0 || version > 0 || appId !== 0))
      throw notOurs(
        file,
        appId === 0
          ? 'an SQLite file with tables of its own'
          : `an SQLite file of another program, application_id 0x${(appId >>> 0).toString(16)}`,
      );
    if (version > SCHEMA_VERSION)
      throw new StoreError(
        `${file} was written by a newer version of Backprop Lab ` +
          `(schema ${version}; this one reads up to ${SCHEMA_VERSION}). Update Backprop Lab to open it.`,
      );
    checkStructure(db, file);
  } catch (e) {
    throw storeErrorFor(file, e);
  } finally {
    db?.close();
  }
}

/**
 * Runs SQLite's quick_check (the b-tree structure of every table, without comparing indexes to
 * tables) so that damage shows when the file is opened, before the store writes anything: a
 * damaged page met half-way through training would otherwise take the run's end (and more)
 * as writes into a file we promised to leave alone. It reads the whole file once.
 */
export function checkStructure(db: Database.Database, file: string): void {
  const tables = db
    .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
    .pluck()
    .all() as string[];
  for (const table of tables) {
    const check = db.prepare(`PRAGMA quick_check("${table}")`).pluck().all() as string[];
    if (check.join() !== 'ok')
      throw damaged(file, `quick_check found damage in ${table}`, integrityReport(file));
  }
}

/** Whether a StoreError says the file is damaged (see `damaged`). */
export function isDamage(e: unknown): e is StoreError {
  return e instanceof DamagedFileError;
}

/** What the store throws for an error from SQLite (StoreErrors pass through as they are). */
export function storeErrorFor(file: string, e: unknown): unknown {
  if (e instanceof StoreError || !(e instanceof Database.SqliteError)) return e;
  if (e.code === 'SQLITE_NOTADB') return notOurs(file, e.message);
  if (e.code.startsWith('SQLITE_CORRUPT')) return damaged(file, e.message, integrityReport(file));
  if (e.code.startsWith('SQLITE_BUSY'))
    return new StoreError(`${file} is locked by another program and stayed locked for 5 seconds`);
  return new StoreError(`${file}: ${e.message} (${e.code})`);
}

/** A StoreError for a damaged file: once the store has seen one, it writes nothing more. */
class DamagedFileError extends StoreError {}

function damaged(file: string, problem: string, report: string[]): StoreError {
  const lines = report.flatMap((r) => r.split('\n'));
  return new DamagedFileError(
    `${file} is damaged (${problem}) and was left as it is; restore it from a backup or move it ` +
      `aside to start a new history. PRAGMA integrity_check reports:\n  ${lines.join('\n  ')}`,
  );
}

function notOurs(file: string, why: string): StoreError {
  return new StoreError(`${file} is not a Backprop Lab database (${why})`);
}

function readHead(file: string): Buffer {
  const head = Buffer.alloc(SQLITE_HEADER.length);
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    readSync(fd, head, 0, head.length, 0);
  } catch (e) {
    throw new StoreError(`cannot read ${file} (${(e as Error).message})`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return head;
}

/** `PRAGMA integrity_check` on a separate read-only connection; when it cannot run, why. */
function integrityReport(file: string): string[] {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    return db.prepare('PRAGMA integrity_check(20)').pluck().all() as string[];
  } catch (e) {
    return [`integrity_check could not run: ${(e as Error).message}`];
  } finally {
    db?.close();
  }
}
