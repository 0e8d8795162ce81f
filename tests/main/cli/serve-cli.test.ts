// `backprop-lab serve` as a user runs it: it prints its address, trains through the API, and on
// Ctrl-C stops running training as interrupted (nobody cancelled it), to resume later.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../../src-core/presets.ts';
import { CLOSED_WHILE_TRAINING } from '../../../src-main/contract/rows.ts';
import { smallCsv, tempDir } from '../services/fixtures.ts';
import { BIN, runCli } from './run-cli.ts';

describe('backprop-lab serve', () => {
  it('prints its address, serves the API, and cancels running work on Ctrl-C', async () => {
    const dir = tempDir('bpl-serve-');
    const db = join(dir, 'runs.sqlite');
    const csv = smallCsv(dir);
    expect(runCli(['import-data', csv, '--name', 'small'], db).status).toBe(0);
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--db', db], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /Backprop Lab is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(
          out,
        );
        if (m) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
    });
    const { origin, searchParams } = new URL(url);
    const call = async (method: string, body: unknown) => {
      const r = await fetch(`${origin}/api/${method}`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${searchParams.get('token')}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify(body),
      });
      return (await r.json()) as {
        ok: boolean;
        value: { id: number; status: string; epochsDone: number }[] & { id: number };
      };
    };
    expect((await fetch(`${origin}/api/listRuns`, { method: 'POST', body: '{}' })).status).toBe(
      401,
    );
    const datasets = (await call('listDatasets', {})).value as unknown as {
      id: number;
      name: string;
    }[];
    const small = datasets.find((d) => d.name === 'small');
    const config = {
      ...PRESETS.quick,
      layers: [16],
      activations: ['relu'],
      batchSize: 4,
      epochs: 100,
      validation: 200,
    };
    const started = await call('startRun', { preset: null, config, datasetId: small?.id });
    expect(started.ok).toBe(true);
    const id = started.value.id;
    for (let i = 0; i < 200; i++) {
      const run = (await call('getRun', { id })).value as unknown as { epochsDone: number };
      if (run.epochsDone >= 1) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    const shown = runCli(['show', String(id), '--json'], db).lines()[0];
    expect(shown.status).toBe('interrupted');
    expect(shown.error).toBe(CLOSED_WHILE_TRAINING);
    expect(shown.epochsDone).toBeGreaterThanOrEqual(1);
  });
});
