import { writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { APPLICATION_ID, SCHEMA_VERSION } from '../../../src-main/store/migrations.ts';
import { Store } from '../../../src-main/store/store.ts';
import { MNIST, useTempDir, trainedRun } from '../../fixtures/store/builders.ts';

const tmp = useTempDir();

describe('Store.open', () => {
  it('creates the folders and a WAL database marked as ours, at the newest schema', () => {
    const file = tmp.file('a/b/c/lab.sqlite');
    Store.open(file).close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBe(9);
    db.close();
  });

  it('keeps everything across a close and a reopen', () => {
    const file = tmp.file('lab.sqlite');
    const first = Store.open(file);
    const id = trainedRun(first, 2, true);
    const before = first.getRun(id);
    first.close();
    const again = Store.open(file);
    expect(again.getRun(id)).toEqual(before);
    expect(again.getEpochs(id)).toHaveLength(2);
    expect(again.getModel(id)?.kind).toBe('final');
    again.close();
  });

  it('turns an empty file into a new store', () => {
    const file = tmp.file('empty.sqlite');
    writeFileSync(file, '');
    const store = Store.open(file);
    expect(store.ensureDataset(MNIST).name).toBe('mnist');
    store.close();
  });

  it('enforces foreign keys: a dataset in use cannot vanish', () => {
    const file = tmp.file('fk.sqlite');
    const store = Store.open(file);
    trainedRun(store, 1, false);
    store.close();
    const db = new Database(file);
    db.pragma('foreign_keys = ON');
    expect(() => db.prepare('DELETE FROM datasets').run()).toThrow(/FOREIGN KEY/);
    db.close();
  });
});
