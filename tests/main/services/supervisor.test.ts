import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { datasetForRun, sourceOf } from '../../../src-main/services/datasets.ts';
import { forkSpawner, type Spawner } from '../../../src-main/services/spawner.ts';
import { Supervisor } from '../../../src-main/services/supervisor.ts';
import { currentOwner } from '../../../src-main/store/owner.ts';
import { Store } from '../../../src-main/store/store.ts';
import type { DatasetRow } from '../../../src-main/contract/rows.ts';
import type { TrainConfig } from '../../../src-core/config.ts';
import { nextEvent, recordingSpawner, smallConfig, smallCsv, tempDir } from './fixtures.ts';

let dir: string;
let csv: string;
const open: Store[] = [];

beforeAll(() => {
  dir = tempDir('bpl-supervisor-');
  csv = smallCsv(dir);
});

afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

function setup(name: string, spawner: Spawner = forkSpawner()) {
  const path = join(dir, `${name}.sqlite`);
  const store = Store.open(path);
  open.push(store);
  const owner = currentOwner();
  const supervisor = new Supervisor(store, spawner, owner);
  const dataset = datasetForRun(store, csv);
  const queue = (config: TrainConfig = smallConfig()) => {
    const run = store.createRun({
      name: 'test',
      preset: null,
      config,
      datasetId: dataset.id,
      owner,
    });
    supervisor.submit(run.id, sourceOf(dataset));
    return run.id;
  };
  return { path, store, supervisor, dataset, queue };
}

describe('Supervisor with a real training process', () => {
  it('saves a full short run: every epoch, progress, the final model and the confusion matrix', async () => {
    const { store, supervisor, queue } = setup('full');
    const id = queue(smallConfig({ epochs: 3 }));
    const started = nextEvent(supervisor, 'started', id);
    const ended = await nextEvent(supervisor, 'ended', id);
    // The initial weights go to the store, not to every window.
    expect(Object.keys(await started)).not.toContain('weights');
    await supervisor.idle();
    expect(ended.status).toBe('completed');
    const run = store.getRun(id);
    expect(run.status).toBe('completed');
    expect(run.epochsDone).toBe(3);
    expect(run.testAccuracy).toBeGreaterThan(0.6);
    expect(run.trainCount).toBe(1150);
    expect(run.backend).toBe('wasm-simd, 1 thread');
    expect(run.testHeldOut).toBe(true);
    expect(store.getEpochs(id).map((e) => e.epoch)).toEqual([1, 2, 3]);
    const confusion = store.getConfusion(id);
    expect(confusion?.flat().reduce((a, b) => a + b, 0)).toBe(150);
    const model = store.getModel(id, 'final');
    expect(model?.sizes).toEqual([784, 32, 10]);
    expect(model?.weights.length).toBe(784 * 32 + 32 + 32 * 10 + 10);
    expect(store.getModel(id, 'last')?.epoch).toBe(3);
    // The loss landscape's start and path: the weights before training, then each epoch's.
    const initial = store.getModel(id, 'initial');
    expect(initial?.epoch).toBe(0);
    expect(initial?.weights).not.toEqual(model?.weights);
    const path = store.getTrajectory(id);
    expect(path.map((p) => p.epoch)).toEqual([0, 1, 2, 3]);
    const last = path[3].weights;
    for (let i = 0; i < last.length; i += 997)
      expect(Math.abs(last[i] - model!.weights[i])).toBeLessThanOrEqual(Math.abs(last[i]) / 1024);
  });

  it('trains on the TypeScript kernels where WebAssembly has no relaxed SIMD, and records why', async () => {
    const entry = fileURLToPath(
      new URL('../../fixtures/worker/no-relaxed-simd-worker.ts', import.meta.url),
    );
    const { store, supervisor, queue } = setup('no-simd', forkSpawner(entry));
    const id = queue(smallConfig({ epochs: 1 }));
    const ended = await nextEvent(supervisor, 'ended', id);
    await supervisor.idle();
    expect(ended.status).toBe('completed');
    expect(store.getRun(id).backend).toBe('typescript (no relaxed SIMD)');
  });

  it('computes on two threads when the run asks for them, and records it', async () => {
    const { store, supervisor, queue } = setup('two-threads');
    const id = queue(smallConfig({ epochs: 1, threads: 2 }));
    const ended = await nextEvent(supervisor, 'ended', id);
    await supervisor.idle();
    expect(ended.status).toBe('completed');
    expect(store.getRun(id).backend).toBe('wasm-simd, 2 threads');
    expect(store.getRun(id).config.threads).toBe(2);
  });

  it('cancels a running run after its batch and keeps what it had', async () => {
    const { store, supervisor, queue } = setup('cancel');
    const id = queue(smallConfig({ epochs: 200, batchSize: 8 }));
    await nextEvent(supervisor, 'epoch', id);
    expect(supervisor.cancel(id)).toBe(true);
    const ended = await nextEvent(supervisor, 'ended', id);
    await supervisor.idle();
    expect(ended.status).toBe('cancelled');
    const run = store.getRun(id);
    expect(run.status).toBe('cancelled');
    expect(run.epochsDone).toBeGreaterThanOrEqual(1);
    expect(run.epochsDone).toBeLessThan(200);
    expect(store.getModel(id)?.kind).toBe('last');
  });

  it('cancels a queued run at once, and runs queued work one after another', async () => {
    const { store, supervisor, queue } = setup('queue');
    const first = queue(smallConfig({ epochs: 1 }));
    const second = queue(smallConfig({ epochs: 1 }));
    const third = queue(smallConfig({ epochs: 1 }));
    expect(supervisor.cancel(second)).toBe(true);
    expect(store.getRun(second).status).toBe('cancelled');
    await supervisor.idle();
    expect(store.getRun(first).status).toBe('completed');
    expect(store.getRun(third).status).toBe('completed');
  });

  it('marks the run failed when the training process is killed with SIGKILL, keeping earlier epochs', async () => {
    const spawner = recordingSpawner();
    const { path, store, supervisor, queue } = setup('kill9', spawner);
    const id = queue(smallConfig({ epochs: 200, batchSize: 8 }));
    await nextEvent(supervisor, 'epoch', id);
    process.kill(spawner.started[0].pid as number, 'SIGKILL');
    const ended = await nextEvent(supervisor, 'ended', id);
    await supervisor.idle();
    expect(ended.status).toBe('failed');
    const run = store.getRun(id);
    expect(run.status).toBe('failed');
    expect(run.error).toContain('SIGKILL');
    expect(run.epochsDone).toBeGreaterThanOrEqual(1);
    expect(store.getEpochs(id).length).toBe(run.epochsDone);
    expect(store.getModel(id, 'last')?.epoch).toBe(run.epochsDone);
    const db = new Database(path, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('ends a diverging run as failed with the diverged message', async () => {
    const { store, supervisor, queue } = setup('diverge');
    const id = queue(
      smallConfig({
        activations: ['leaky-relu'],
        optimizer: 'sgd',
        learningRate: 100,
        init: 'article',
        batchSize: 8,
        epochs: 3,
      }),
    );
    const ended = await nextEvent(supervisor, 'ended', id);
    await supervisor.idle();
    expect(ended.status).toBe('failed');
    expect(store.getRun(id).error).toMatch(/diverged.*epoch \d+, batch \d+/);
  });

  it('reports a dataset that fails to load in the worker as a failed run', async () => {
    const { store, supervisor, dataset } = setup('missing-data');
    const owner = currentOwner();
    const run = store.createRun({
      name: 'x',
      preset: null,
      config: smallConfig(),
      datasetId: dataset.id,
      owner,
    });
    const source = { ...sourceOf(dataset as DatasetRow), path: join(dir, 'gone.csv') };
    supervisor.submit(run.id, source);
    await nextEvent(supervisor, 'ended', run.id);
    await supervisor.idle();
    expect(store.getRun(run.id).status).toBe('failed');
    expect(store.getRun(run.id).error).toContain('gone.csv');
  });

  it('refuses a dataset file replaced by a FIFO at once instead of waiting on it forever', async () => {
    const { store, supervisor, dataset } = setup('fifo');
    const fifo = join(dir, 'fifo.csv');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const run = store.createRun({
      name: 'fifo',
      preset: null,
      config: smallConfig(),
      datasetId: dataset.id,
      owner: currentOwner(),
    });
    supervisor.submit(run.id, { ...sourceOf(dataset), path: fifo });
    const ended = await nextEvent(supervisor, 'ended', run.id);
    await supervisor.idle();
    expect(ended.status).toBe('failed');
    expect(store.getRun(run.id).error).toContain(`${fifo}: not a regular file`);
  }, 20_000);

  it('fails a run on a CSV that changed on disk since it was registered, naming the file', async () => {
    const { store, supervisor } = setup('changed-csv');
    const changed = join(dir, 'changed.csv');
    copyFileSync(csv, changed);
    const registered = datasetForRun(store, changed);
    mkdirSync(join(dir, 'other'), { recursive: true });
    copyFileSync(smallCsv(join(dir, 'other'), 400), changed);
    const run = store.createRun({
      name: 'changed',
      preset: null,
      config: smallConfig(),
      datasetId: registered.id,
      owner: currentOwner(),
    });
    supervisor.submit(run.id, sourceOf(registered));
    const ended = await nextEvent(supervisor, 'ended', run.id);
    await supervisor.idle();
    expect(ended.status).toBe('failed');
    expect(store.getRun(run.id).error).toContain(`the data in ${changed} changed`);
    expect(store.getEpochs(run.id)).toEqual([]);
  }, 20_000);
});

describe('Supervisor against a misbehaving process', () => {
  /** A stand-in process that answers `start` with whatever the test scripts. */
  function fakeSpawner(
    reply: (send: (m: unknown) => void, exit: (code: number) => void) => void,
  ): Spawner {
    return {
      spawn() {
        let onMessage: (m: unknown) => void = () => {};
        let onExit: (code: number | null, signal: string | null, detail: string) => void = () => {};
        let alive = true;
        const exit = (code: number) => {
          if (!alive) return;
          alive = false;
          queueMicrotask(() => onExit(code, null, ''));
        };
        return {
          pid: 1234567,
          send: (m) => {
            if (m.type === 'start') queueMicrotask(() => reply((x) => onMessage(x), exit));
          },
          kill: () => exit(0),
          onMessage: (l) => void (onMessage = l),
          onExit: (l) => void (onExit = l),
        };
      },
    };
  }

  it('fails the run when the process sends a message that breaks the contract', async () => {
    const { store, supervisor, queue } = setup(
      'garbage',
      fakeSpawner((send) => send({ type: 'epoch', epoch: 'one' })),
    );
    const id = queue();
    const ended = await nextEvent(supervisor, 'ended', id);
    expect(ended.status).toBe('failed');
    expect(store.getRun(id).error).toContain('invalid message');
  });

  it('fails the run when the process exits without a word', async () => {
    const { store, supervisor, queue } = setup(
      'silent',
      fakeSpawner((_send, exit) => exit(3)),
    );
    const id = queue();
    await nextEvent(supervisor, 'ended', id);
    expect(store.getRun(id).error).toContain('exited with code 3');
  });
});
