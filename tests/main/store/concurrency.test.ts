// The app, the CLI and the supervisor may each hold the database open: WAL lets readers go on
// while one connection writes.

import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Store } from '../../../src-main/store/store.ts';
import {
  epochRow,
  MNIST,
  newRun,
  START,
  OWNER,
  useTempDir,
  weights,
} from '../../fixtures/store/builders.ts';

const tmp = useTempDir();

describe('two stores on one file', () => {
  it('each sees the other’s committed writes', () => {
    const file = tmp.file('shared.sqlite');
    const writer = Store.open(file);
    const reader = Store.open(file);
    const d = writer.ensureDataset(MNIST);
    const run = writer.createRun(newRun(d.id));
    expect(reader.getRun(run.id).status).toBe('queued');
    writer.startRun(run.id, START, OWNER);
    for (let epoch = 1; epoch <= 3; epoch++) {
      writer.addEpoch(run.id, epochRow(epoch), weights(run.parameters, epoch));
      expect(reader.getEpochs(run.id)).toHaveLength(epoch);
      expect(reader.getModel(run.id)?.weights).toEqual(weights(run.parameters, epoch));
    }
    reader.renameRun(run.id, 'renamed by the other');
    expect(writer.getRun(run.id).name).toBe('renamed by the other');
    writer.close();
    reader.close();
  });

  it('reads the last committed state while the other is inside a write transaction', () => {
    const file = tmp.file('wal.sqlite');
    const writer = Store.open(file);
    const reader = Store.open(file);
    const d = writer.ensureDataset(MNIST);
    const running = writer.createRun(newRun(d.id));
    writer.startRun(running.id, START, OWNER);
    // A third connection holds a write transaction open with the run changed in it.
    const raw = new Database(file);
    raw.exec('BEGIN IMMEDIATE');
    raw.prepare(`UPDATE runs SET status = 'interrupted' WHERE id = ?`).run(running.id);
    const seenDuringWrite = [reader.getRun(running.id).status, String(reader.listRuns().length)];
    raw.exec('COMMIT');
    raw.close();
    expect(seenDuringWrite).toEqual(['running', '1']);
    expect(reader.getRun(running.id).status).toBe('interrupted');
    writer.close();
    reader.close();
  });
});
