// `backprop-lab resume RUN` as a user runs it: a run cancelled with Ctrl-C goes on from its last
// checkpoint to the end; runs that cannot go on are refused, saying why.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { smallCsv, tempDir } from '../services/fixtures.ts';
import { BIN, runCli } from './run-cli.ts';

let csv: string;
let db: string;
const cli = (args: string[]) => runCli(args, db);
const small = ['--layers', '16', '--lr', '0.01', '--validation', '200', '--dataset'];

beforeAll(() => {
  const dir = tempDir('bpl-resume-cli-');
  csv = smallCsv(dir, 1000);
  db = join(dir, 'runs.sqlite');
});

/** Enough epochs that the Ctrl-C sent after the first lands before the run ends, however fast
 * the kernels and however late the first epoch's line arrives on a loaded machine. */
const EPOCHS = 20;

describe('backprop-lab resume', () => {
  it('goes on with a cancelled run from its last checkpoint to the end', async () => {
    const child = spawn(
      process.execPath,
      [BIN, 'train', ...small, csv, '--batch', '4', '--epochs', String(EPOCHS), '--json'],
      { env: { ...process.env, BACKPROP_LAB_DB: db } },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('"type":"epoch"')) child.kill('SIGINT');
    });
    expect(await new Promise((resolve) => child.on('close', resolve))).toBe(130);
    const { run } = JSON.parse(out.trim().split('\n').at(-1) ?? '') as { run: number };
    const stoppedAfter = (cli(['show', String(run), '--json']).lines()[0].epochs as []).length;
    expect(stoppedAfter).toBeLessThan(EPOCHS);

    const r = cli(['resume', String(run), '--json']);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.lines();
    const epochs = lines.filter((l) => l.type === 'epoch').map((l) => l.epoch);
    expect(epochs).toEqual(
      Array.from({ length: EPOCHS - stoppedAfter }, (_, i) => stoppedAfter + 1 + i),
    );
    expect(lines.at(-1)).toMatchObject({ type: 'done', run });
    expect(cli(['show', String(run), '--json']).lines()[0]).toMatchObject({
      status: 'completed',
      epochsDone: EPOCHS,
    });
  }, 120_000);

  it('refuses a completed run, an unknown one and a missing id, saying why', () => {
    const done = cli(['train', ...small, csv, '--batch', '64', '--epochs', '1', '--json']);
    const run = done.lines().at(-1)?.run as number;
    const again = cli(['resume', String(run)]);
    expect(again.status).toBe(1);
    expect(again.stderr).toBe(`backprop-lab: run ${run} cannot be resumed: it completed\n`);
    const unknown = cli(['resume', '999']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toBe('backprop-lab: run 999 not found\n');
    const missing = cli(['resume']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('missing RUN');
  }, 60_000);

  it('explains itself with --help and in the command list', () => {
    const help = cli(['resume', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: backprop-lab resume RUN');
    expect(help.stdout).toContain('last saved checkpoint');
    expect(cli(['--help']).stdout).toMatch(/resume RUN +go on with a cancelled or interrupted run/);
  });
});
