// Files the store must refuse, each left byte for byte as it was.

import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../../../src-main/store/errors.ts';
import { SCHEMA_VERSION } from '../../../src-main/store/migrations.ts';
import { Store } from '../../../src-main/store/store.ts';
import {
  MNIST,
  newRun,
  OWNER,
  sha256,
  START,
  useTempDir,
  trainedRun,
} from '../../fixtures/store/builders.ts';

const tmp = useTempDir();

/** Store.open(file) throws a StoreError matching `message`, and the file's bytes stay the same. */
function expectRefused(file: string, message: string | RegExp): StoreError {
  const before = sha256(file);
  let error: unknown;
  try {
    Store.open(file).close();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(StoreError);
  expect((error as StoreError).message).toMatch(message);
  expect(sha256(file)).toBe(before);
  return error as StoreError;
}

function validStore(name: string): string {
  const file = tmp.file(name);
  const store = Store.open(file);
  trainedRun(store, 1, true);
  store.close();
  return file;
}

describe('refused files', () => {
  it('refuses a file written by a newer version', () => {
    const file = validStore('newer.sqlite');
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expectRefused(
      file,
      `${file} was written by a newer version of Backprop Lab ` +
        `(schema ${SCHEMA_VERSION + 1}; this one reads up to ${SCHEMA_VERSION})`,
    );
  });

  it('refuses another program’s SQLite file', () => {
    const file = tmp.file('foreign.sqlite');
    const db = new Database(file);
    db.exec("CREATE TABLE foo (x TEXT); INSERT INTO foo VALUES ('precious')");
    db.close();
    expectRefused(file, `${file} is not a Backprop Lab database (an SQLite file with tables`);
  });

  it('refuses an SQLite file marked by another application, even without tables', () => {
    const file = tmp.file('marked.sqlite');
    const db = new Database(file);
    db.pragma('application_id = 1234');
    db.close();
    expectRefused(file, /is not a Backprop Lab database \(.*application_id 0x4d2\)/);
  });

  it('refuses a file that is not SQLite at all', () => {
    const file = tmp.file('random.bin');
    writeFileSync(file, randomBytes(10_000));
    expectRefused(file, `${file} is not a Backprop Lab database (it is not an SQLite file)`);
  });

  it('refuses a file with the SQLite header and garbage after it', () => {
    const file = tmp.file('header-only.sqlite');
    writeFileSync(file, Buffer.concat([Buffer.from('SQLite format 3\0'), randomBytes(5000)]));
    expectRefused(file, `${file} is not a Backprop Lab database (`);
  });

  it('refuses a folder', () => {
    const dir = tmp.file('folder.sqlite');
    mkdirSync(dir);
    expect(() => Store.open(dir)).toThrow(`${dir} is not a Backprop Lab database (it is a folder)`);
  });
});

describe('damaged files', () => {
  /** The page numbers of `table` of `type` ('leaf', 'overflow', …), fullest first. */
  function pages(file: string, table: string, type: string): number[] {
    const db = new Database(file, { readonly: true });
    const found = db
      .prepare('SELECT pageno FROM dbstat WHERE name = ? AND pagetype = ? ORDER BY ncell DESC')
      .pluck()
      .all(table, type) as number[];
    db.close();
    return found;
  }

  it('refuses, on opening, a file with a damaged page of runs, with integrity_check’s report', () => {
    const file = tmp.file('damaged.sqlite');
    const store = Store.open(file);
    const d = store.ensureDataset(MNIST);
    for (let i = 0; i < 40; i++) store.createRun(newRun(d.id, { name: `run ${i}` }));
    store.close();
    // In the middle of a full page of runs, take the cell (one row) that starts nearest the
    // middle and set the first byte of its size to 0xFF: the row now claims to run off the page.
    const page = pages(file, 'runs', 'leaf')[0];
    const bytes = readFileSync(file);
    const pageSize = bytes.readUInt16BE(16);
    const start = (page - 1) * pageSize;
    const cells = bytes.readUInt16BE(start + 3);
    const offsets = Array.from({ length: cells }, (_, i) => bytes.readUInt16BE(start + 8 + 2 * i));
    const middle = offsets.reduce((a, b) =>
      Math.abs(b - pageSize / 2) < Math.abs(a - pageSize / 2) ? b : a,
    );
    bytes[start + middle] = 0xff;
    writeFileSync(file, bytes);

    const error = expectRefused(file, `${file} is damaged (quick_check found damage in runs)`);
    expect(error.message).toContain('PRAGMA integrity_check reports:');
    expect(error.message).toMatch(new RegExp(`Tree \\d+ page ${page} cell \\d+: `));
  });

  it('reports damage a query meets later with integrity_check’s report, writing nothing', () => {
    const file = validStore('weights.sqlite');
    const store = Store.open(file);
    // The weights are checked as they are read.
    breakModels(file);
    const before = sha256(file);

    let error: unknown;
    try {
      store.getModel(1, 'final');
      store.getModel(1, 'last');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toContain(
      `${file} is damaged (database disk image is malformed)`,
    );
    expect((error as Error).message).toMatch(
      /integrity_check reports:\n {2}\*\*\* in database main/,
    );
    expect(store.getRun(1).status).toBe('completed');
    store.close();
    expect(sha256(file)).toBe(before);
  });

  /** Points the first link of a 'models' overflow chain (a weights blob's continuation) past
   * the end of the file. */
  function breakModels(file: string): void {
    const chain = pages(file, 'models', 'overflow');
    const bytes = readFileSync(file);
    const pageSize = bytes.readUInt16BE(16);
    const link = chain.find((p) => bytes.readUInt32BE((p - 1) * pageSize) !== 0) as number;
    bytes.writeUInt32BE(0x7fffffff, (link - 1) * pageSize);
    writeFileSync(file, bytes);
  }

  it('refuses, on opening, a file whose weights (models) are damaged, before any write', () => {
    const file = validStore('models.sqlite');
    breakModels(file);
    const error = expectRefused(file, `${file} is damaged (quick_check found damage in models)`);
    expect(error.message).toContain('and was left as it is');
  });

  it('writes nothing more once damage is found: no run ends, none starts', () => {
    const file = validStore('latched.sqlite');
    const writer = Store.open(file);
    const d = writer.getDataset(MNIST.name)!;
    const running = writer.createRun(newRun(d.id));
    writer.startRun(running.id, START, OWNER);
    writer.close();
    // A store that has written nothing since it opened the sound file, which is then damaged.
    const store = Store.open(file);
    breakModels(file);
    const before = sha256(file);
    expect(() => {
      for (const kind of ['final', 'last', 'best'] as const) store.getModel(1, kind);
    }).toThrow(/is damaged/);
    // What a supervisor does next when a save fails: record the run as failed. Refused.
    expect(() => store.endRun(running.id, 'failed', 'could not save the run')).toThrow(
      `${file} is damaged`,
    );
    expect(() => store.createRun(newRun(d.id))).toThrow(/is damaged .* was left as it is/s);
    expect(() => store.beat(OWNER)).toThrow(/is damaged/);
    store.close();
    expect(sha256(file)).toBe(before);
  });

  it('refuses a file whose schema is damaged when opening it', () => {
    const file = validStore('schema.sqlite');
    // Overwrite a table's name in a CREATE statement on a page of the schema table.
    const page = pages(file, 'sqlite_schema', 'leaf')[0];
    const bytes = readFileSync(file);
    const pageSize = bytes.readUInt16BE(16);
    const start = (page - 1) * pageSize;
    const create = bytes.subarray(start, start + pageSize).indexOf('CREATE TABLE ');
    expect(create).toBeGreaterThan(0);
    bytes.fill(0xff, start + create + 13, start + create + 29);
    writeFileSync(file, bytes);
    const error = expectRefused(file, `${file} is damaged (malformed database schema`);
    expect(error.message).toContain('PRAGMA integrity_check reports:\n  ');
  });
});
