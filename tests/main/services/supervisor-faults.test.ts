// The supervisor when its training processes misbehave: a spawn that throws, a process that
// never starts or never answers a cancel, confirmations that arrive late. Scripted stand-in
// processes, so each case is exact and fast.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ToWorker } from '../../../src-main/contract/worker-messages.ts';
import { CLOSED_WHILE_TRAINING } from '../../../src-main/contract/rows.ts';
import { datasetForRun, sourceOf } from '../../../src-main/services/datasets.ts';
import {
  forkSpawner,
  type Spawner,
  type WorkerProcess,
} from '../../../src-main/services/spawner.ts';
import { Supervisor, type SupervisorOptions } from '../../../src-main/services/supervisor.ts';
import { currentOwner } from '../../../src-main/store/owner.ts';
import { Store } from '../../../src-main/store/store.ts';
import { sha256, trainedRun } from '../../fixtures/store/builders.ts';
import { nextEvent, smallConfig, smallCsv, tempDir } from './fixtures.ts';

let dir: string;
let csv: string;
const open: Store[] = [];

beforeAll(() => {
  dir = tempDir('bpl-faults-');
  csv = smallCsv(dir, 300);
});

afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

/** A stand-in training process the test drives: it records what it is sent, and the test
 * makes it speak (`say`) or end (`exit`). */
interface FakeProcess extends WorkerProcess {
  readonly received: ToWorker[];
  readonly killed: boolean;
  say(message: unknown): void;
  exit(code: number | null, signal?: string | null): void;
}

function fakeProcess(): FakeProcess {
  let onMessage: (m: unknown) => void = () => {};
  let onExit: (code: number | null, signal: string | null, detail: string) => void = () => {};
  let alive = true;
  const p = {
    pid: 1234567,
    received: [] as ToWorker[],
    killed: false,
    send: (m: ToWorker) => void p.received.push(m),
    kill: () => {
      p.killed = true;
      p.exit(null, 'SIGTERM');
    },
    onMessage: (l: typeof onMessage) => void (onMessage = l),
    onExit: (l: typeof onExit) => void (onExit = l),
    say: (m: unknown) => onMessage(m),
    exit: (code: number | null, signal: string | null = null) => {
      if (!alive) return;
      alive = false;
      queueMicrotask(() => onExit(code, signal, ''));
    },
  };
  return p;
}

function setup(name: string, spawn: () => WorkerProcess, options: SupervisorOptions = {}) {
  const store = Store.open(join(dir, `${name}.sqlite`));
  open.push(store);
  const owner = currentOwner();
  const spawner: Spawner = { spawn };
  const supervisor = new Supervisor(store, spawner, owner, options);
  const dataset = datasetForRun(store, csv);
  const queue = () => {
    const run = store.createRun({
      name,
      preset: null,
      config: smallConfig(),
      datasetId: dataset.id,
      owner,
    });
    supervisor.submit(run.id, sourceOf(dataset));
    return run.id;
  };
  return { store, supervisor, dataset, queue };
}

const started = (hash: string) => ({
  type: 'started',
  trainCount: 250,
  validationCount: 50,
  testCount: 0,
  testHeldOut: false,
  batchesPerEpoch: 8,
  parameters: 100,
  datasetHash: hash,
  backend: 'typescript (no WebAssembly)',
});

/** The process's word that it paused before `batch`, after a single step if `step`. */
const pausedAt = (batch: number, step = false) => ({
  type: 'paused',
  step,
  epoch: 1,
  epochs: 2,
  batch,
  batches: 8,
  loss: null,
  accuracy: null,
  lastBatchLoss: null,
  learningRate: 0.01,
  elapsedSeconds: 0.1,
});

describe('Supervisor when spawning fails', () => {
  it('fails the run whose process could not start and goes on with the queue', async () => {
    const good = fakeProcess();
    let calls = 0;
    const { store, supervisor, queue } = setup('spawn-throws', () => {
      calls++;
      if (calls === 1) throw new Error('spawn ENOMEM');
      return good;
    });
    const first = queue();
    const second = queue();
    expect(store.getRun(first).status).toBe('failed');
    expect(store.getRun(first).error).toContain('could not start the training process');
    expect(store.getRun(first).error).toContain('spawn ENOMEM');
    expect(supervisor.activeRuns()).toEqual([second]);
    expect(good.received[0]).toMatchObject({ type: 'start', runId: second });
    supervisor.cancel(second);
    good.say({ type: 'cancelled', epoch: 1, batch: 0, tested: null });
    await supervisor.idle();
    expect(store.getRun(second).status).toBe('cancelled');
  });
});

describe('forkSpawner when the process cannot be started', () => {
  it('reports the error as the run’s failure instead of throwing it at the app', async () => {
    const spawner = forkSpawner(undefined, join(dir, 'no-such-node'));
    const { store, supervisor, queue } = setup('no-node', () => spawner.spawn());
    const id = queue();
    const ended = await nextEvent(supervisor, 'ended', id);
    await supervisor.idle();
    expect(ended.status).toBe('failed');
    expect(store.getRun(id).error).toMatch(/training process .* before finishing: .*ENOENT/);
  });
});

describe('Supervisor with late confirmations', () => {
  it('records what the process says: a step confirmed after a resume is a step', async () => {
    const p = fakeProcess();
    const { store, supervisor, dataset, queue } = setup('step-then-resume', () => p);
    const id = queue();
    p.say(started(dataset.hash));
    expect(supervisor.pause(id)).toBe(true);
    p.say(pausedAt(0));
    expect(supervisor.step(id)).toBe(true);
    expect(supervisor.resume(id)).toBe(true);
    // The process took the step before it read the resume: the step's confirmation comes first.
    p.say(pausedAt(1, true));
    p.say({ type: 'resumed', epoch: 1, batch: 1 });
    expect(store.getRunEvents(id).map((e) => e.kind)).toEqual(['paused', 'step', 'resumed']);
    supervisor.cancel(id);
    p.say({ type: 'cancelled', epoch: 1, batch: 1, tested: null });
    await supervisor.idle();
  });
});

describe('Supervisor when a process hangs', () => {
  it('kills a process that does not start in time and fails its run, then goes on', async () => {
    const stuck = fakeProcess();
    const next = fakeProcess();
    const spawned = [stuck, next];
    const { store, supervisor, queue } = setup('never-starts', () => spawned.shift()!, {
      startTimeoutMs: 150,
    });
    const first = queue();
    const second = queue();
    const ended = await nextEvent(supervisor, 'ended', first);
    expect(ended.status).toBe('failed');
    expect(stuck.killed).toBe(true);
    expect(store.getRun(first).error).toMatch(/did not start within 0 s \(loading .*\.csv\)/);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(next.received[0]).toMatchObject({ type: 'start', runId: second });
    supervisor.cancel(second);
    next.say({ type: 'cancelled', epoch: 1, batch: 0, tested: null });
    await supervisor.idle();
  });

  it('cancels a run whose process does not answer the cancel (it is loading): killed, saved cancelled', async () => {
    const p = fakeProcess();
    const { store, supervisor, queue } = setup('deaf', () => p, { cancelGraceMs: 100 });
    const id = queue();
    expect(supervisor.cancel(id)).toBe(true);
    expect(p.received.map((m) => m.type)).toEqual(['start', 'cancel']);
    const t0 = Date.now();
    await supervisor.idle();
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(p.killed).toBe(true);
    expect(store.getRun(id).status).toBe('cancelled');
    expect(supervisor.activeRuns()).toEqual([]);
    expect(supervisor.cancel(id)).toBe(false);
  });
});

describe('Supervisor cancelling a long batch', () => {
  it('waits while the process still reports the batch in flight (a full batch takes seconds), then keeps its test result', async () => {
    const p = fakeProcess();
    const { store, supervisor, dataset, queue } = setup('long-batch', () => p, {
      cancelGraceMs: 100,
    });
    const id = queue();
    p.say(started(dataset.hash));
    expect(supervisor.cancel(id)).toBe(true);
    // The full batch goes on in chunks for three graces, each chunk reported.
    for (let chunk = 1; chunk <= 6; chunk++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      p.say({
        type: 'progress',
        epoch: 1,
        epochs: 2,
        batch: 0,
        batches: 1,
        images: chunk * 40,
        loss: 2.3,
        accuracy: 0.1,
        samplesPerSecond: 800,
        elapsedSeconds: chunk * 0.05,
      });
    }
    expect(p.killed).toBe(false);
    const confusion = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
    p.say({
      type: 'cancelled',
      epoch: 1,
      batch: 1,
      tested: { testLoss: 0.5, testAccuracy: 0.875, confusion },
    });
    await supervisor.idle();
    expect(store.getRun(id)).toMatchObject({ status: 'cancelled', testAccuracy: 0.875 });
  });
});

describe('Supervisor shutting down', () => {
  it('is done within the cancel grace even when a process ignores the stop (Ctrl-C on serve)', async () => {
    const p = fakeProcess();
    const { store, supervisor, queue } = setup('shutdown-deaf', () => p, { cancelGraceMs: 200 });
    const loading = queue();
    const waiting = queue();
    const t0 = Date.now();
    await supervisor.shutdown();
    expect(Date.now() - t0).toBeLessThan(2000);
    // Nobody cancelled them: the app closed, and they may be resumed.
    for (const id of [loading, waiting])
      expect(store.getRun(id)).toMatchObject({
        status: 'interrupted',
        error: CLOSED_WHILE_TRAINING,
      });
  });
});

describe('Supervisor checking the data a process read', () => {
  it('fails the run, naming the file, when the data read is not the data registered', async () => {
    const p = fakeProcess();
    const { store, supervisor, queue } = setup('changed-data', () => p);
    const id = queue();
    p.say(started('ab'.repeat(32)));
    await supervisor.idle();
    const run = store.getRun(id);
    expect(run.status).toBe('failed');
    expect(run.startedAt).toBeNull();
    expect(run.error).toContain(`the data in ${csv} changed since it was registered`);
    expect(p.killed).toBe(true);
  });
});

describe('Supervisor on a database damaged while open', () => {
  it('refuses to start a run, starts no process, and leaves the file as it was', async () => {
    const file = join(dir, 'damaged-later.sqlite');
    const first = Store.open(file);
    trainedRun(first, 1, true);
    const dataset = datasetForRun(first, csv);
    const run = first.createRun({
      name: 'queued before the damage',
      preset: null,
      config: smallConfig(),
      datasetId: dataset.id,
      owner: currentOwner(),
    });
    first.close();
    const store = Store.open(file);
    open.push(store);
    // Damage a weights page on disk behind the open store's back (a failing disk, a bad copy).
    const raw = new Database(file, { readonly: true });
    const page = raw
      .prepare(`SELECT pageno FROM dbstat WHERE name = 'models' AND pagetype = 'overflow'`)
      .pluck()
      .get() as number;
    raw.close();
    const bytes = readFileSync(file);
    const pageSize = bytes.readUInt16BE(16);
    bytes.fill(0xff, (page - 1) * pageSize, page * pageSize);
    writeFileSync(file, bytes);
    const before = sha256(file);

    let spawned = 0;
    const supervisor = new Supervisor(
      store,
      {
        spawn: () => {
          spawned++;
          return fakeProcess();
        },
      },
      currentOwner(),
    );
    const ended = nextEvent(supervisor, 'ended', run.id);
    supervisor.submit(run.id, sourceOf(dataset));
    const e = await ended;
    expect(spawned).toBe(0);
    expect(e.status).toBe('failed');
    expect(e.error).toContain(`${file} is damaged`);
    expect(e.error).toContain('was left as it is');
    expect(() => store.createRun({ ...store.getRun(run.id), owner: currentOwner() })).toThrow(
      /is damaged/,
    );
    expect(sha256(file)).toBe(before);
  });
});
