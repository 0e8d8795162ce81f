// The database under several processes and abrupt deaths, through the real command line.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { startAppServices } from '../../../src-main/services/app-services.ts';
import { forkSpawner } from '../../../src-main/services/spawner.ts';
import { currentOwner, HEARTBEAT_MS, OWNER_STALE_MS } from '../../../src-main/store/owner.ts';
import { Store } from '../../../src-main/store/store.ts';
import type { Owner } from '../../../src-main/contract/rows.ts';
import { datasetForRun } from '../../../src-main/services/datasets.ts';
import { smallConfig, smallCsv, tempDir } from '../services/fixtures.ts';
import { BIN, runCli } from './run-cli.ts';

let dir: string;
let csv: string;

beforeAll(() => {
  dir = tempDir('bpl-crash-');
  csv = smallCsv(dir);
});

/** Starts `backprop-lab train … --json` and resolves with its first epoch line. */
function startTraining(db: string): {
  child: ChildProcess;
  firstEpoch: Promise<Record<string, unknown>>;
} {
  const child = spawn(
    process.execPath,
    [
      BIN,
      'train',
      '--dataset',
      csv,
      '--layers',
      '32',
      '--batch',
      '4',
      '--epochs',
      '100',
      '--validation',
      '200',
      '--json',
    ],
    { env: { ...process.env, BACKPROP_LAB_DB: db }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const firstEpoch = new Promise<Record<string, unknown>>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.includes('"type":"epoch"'));
      if (line !== undefined) resolve(JSON.parse(line));
    });
    child.on('close', (code) => reject(new Error(`train exited early with ${code}: ${out}`)));
  });
  return { child, firstEpoch };
}

const closed = (child: ChildProcess) =>
  new Promise<void>((resolve) => child.on('close', () => resolve()));

/** A run saved as running under `owner`, as a supervisor leaves it while it trains. */
function runningRun(store: Store, datasetId: number, name: string, owner: Owner) {
  const run = store.createRun({ name, preset: null, config: smallConfig(), datasetId, owner });
  store.startRun(
    run.id,
    { trainCount: 1, validationCount: 1, testCount: 1, testHeldOut: true, backend: 'typescript' },
    owner,
  );
  return run;
}

describe('processes sharing one database', () => {
  it('marks a run interrupted once its killed CLI process’s heartbeat is stale, in list and show alike', async () => {
    const db = join(dir, 'parent-killed.sqlite');
    const { child, firstEpoch } = startTraining(db);
    const epoch = await firstEpoch;
    child.kill('SIGKILL');
    await closed(child);
    const killedAt = Date.now();
    // Until the heartbeat is stale the run may still read running, in every command alike.
    const status = () => runCli(['show', String(epoch.run), '--json'], db).lines()[0].status;
    while (status() === 'running' && Date.now() - killedAt < OWNER_STALE_MS + 5000)
      await new Promise((resolve) => setTimeout(resolve, 500));
    expect(Date.now() - killedAt).toBeLessThan(OWNER_STALE_MS + 5000);
    const listed = runCli(['list', '--json'], db).lines();
    const run = listed.find((r) => r.id === epoch.run);
    expect(run?.status).toBe('interrupted');
    expect(run?.error).toMatch(
      /^Backprop Lab was closed while this run was training \(its process \d+ on .+ sent no heartbeat for \d+ s\)$/,
    );
    expect(run?.epochsDone).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('serve notices a killed CLI supervisor within seconds, with no other command opening the database', async () => {
    const db = join(dir, 'serve-sees-death.sqlite');
    const services = startAppServices(db, forkSpawner());
    const events: unknown[] = [];
    services.handler.onEvent((e) => events.push(e));
    try {
      const { child, firstEpoch } = startTraining(db);
      const { run } = (await firstEpoch) as { run: number };
      expect(services.store.getRun(run).status).toBe('running');
      child.kill('SIGKILL');
      await closed(child);
      const killedAt = Date.now();
      while (services.store.getRun(run).status === 'running' && Date.now() - killedAt < 20_000)
        await new Promise((resolve) => setTimeout(resolve, 100));
      const noticed = Date.now() - killedAt;
      expect(services.store.getRun(run).status).toBe('interrupted');
      // Windows watching the run hear of it as of any other end.
      expect(events).toContainEqual({
        runId: run,
        type: 'ended',
        status: 'interrupted',
        error: services.store.getRun(run).error,
        result: null,
      });
      expect(noticed).toBeLessThan(OWNER_STALE_MS + 2 * HEARTBEAT_MS + 1000);
      console.log(`serve noticed the killed supervisor after ${noticed} ms`);
    } finally {
      await services.close();
    }
  }, 60_000);

  it('leaves running runs of a live process alone', () => {
    const db = join(dir, 'live-owner.sqlite');
    const store = Store.open(db);
    const dataset = datasetForRun(store, csv);
    const owner = currentOwner();
    const run = runningRun(store, dataset.id, 'mine', owner);
    const listed = runCli(['list', '--json'], db).lines();
    expect(listed.find((r) => r.id === run.id)?.status).toBe('running');
    store.close();
  });

  it('leaves alone the runs of a live owner whose pid means nothing here (another PID namespace)', () => {
    const db = join(dir, 'namespace.sqlite');
    const store = Store.open(db);
    const dataset = datasetForRun(store, csv);
    // serve inside a container: its pid there is no process of this namespace.
    const owner = { id: 'serve-in-container', pid: 4_194_301, host: 'container' };
    const run = runningRun(store, dataset.id, 'theirs', owner);
    const listed = runCli(['list', '--json'], db).lines();
    expect(listed.find((r) => r.id === run.id)?.status).toBe('running');
    store.close();
  });

  it('serves readers in other processes while a run is being written', async () => {
    const db = join(dir, 'readers.sqlite');
    const { child, firstEpoch } = startTraining(db);
    const { run } = await firstEpoch;
    const readers = Array.from(
      { length: 6 },
      (_, i) =>
        new Promise<{ code: number | null; out: string }>((resolve) => {
          const args = i % 2 === 0 ? ['list', '--json'] : ['show', String(run), '--json'];
          const r = spawn(process.execPath, [BIN, ...args], {
            env: { ...process.env, BACKPROP_LAB_DB: db },
          });
          let out = '';
          r.stdout.on('data', (d: Buffer) => (out += d.toString()));
          r.on('close', (code) => resolve({ code, out }));
        }),
    );
    const results = await Promise.all(readers);
    child.kill('SIGINT');
    await closed(child);
    for (const r of results) {
      expect(r.code).toBe(0);
      expect(() =>
        r.out
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l)),
      ).not.toThrow();
    }
    const shown = runCli(['show', String(run), '--json'], db).lines()[0];
    expect(shown.status).toBe('cancelled');
  });
});
