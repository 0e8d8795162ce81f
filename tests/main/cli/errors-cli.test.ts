// Failures meant for the user (an unknown run, a database the store refuses) print their message
// alone: no JavaScript stack trace after it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../services/fixtures.ts';
import { runCli } from './run-cli.ts';

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
