// Failures meant for the user (an unknown run, a database the store refuses) print their message
// alone: no JavaScript stack trace after it.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { smallCsv, tempDir } from '../services/fixtures.ts';
import { BIN, runCli } from './run-cli.ts';

let dir: string;
beforeAll(() => {
  dir = tempDir('bpl-errors-');
});

describe('known failures', () => {
  it('says a run is not found, without a stack trace', () => {
    const r = runCli(['show', '999'], join(dir, 'empty.sqlite'));
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('backprop-lab: run 999 not found\n');
  });

  it('refuses a file that is not a Backprop Lab database, without a stack trace', () => {
    const db = join(dir, 'notes.sqlite');
    writeFileSync(db, 'shopping list\n');
    const r = runCli(['list'], db);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^backprop-lab: .*notes\.sqlite is not a Backprop Lab database/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('output read only in part', () => {
  it('keeps going quietly when the reader closes the pipe (`train --json | head -1`)', () => {
    const csv = smallCsv(dir, 600);
    const db = join(dir, 'piped.sqlite');
    const train = `"${process.execPath}" "${BIN}" train --dataset "${csv}" --layers 8 --epochs 2 --validation 100 --json`;
    const r = spawnSync('bash', ['-c', `set -o pipefail; ${train} | head -1 > /dev/null`], {
      encoding: 'utf8',
      env: { ...process.env, BACKPROP_LAB_DB: db },
      timeout: 120_000,
    });
    expect(r.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(r.status).toBe(0);
    // The run was not disturbed: it trained to the end and was saved.
    expect(runCli(['list', '--json'], db).lines()[0]).toMatchObject({ status: 'completed' });
  });
});
