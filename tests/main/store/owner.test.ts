// Liveness by heartbeat: an owner is alive while its row in `owners` is fresh, whatever its pid
// means here (another PID namespace, a killed process not yet reaped).
import { hostname } from 'node:os';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startHeartbeat } from '../../../src-main/store/heartbeat.ts';
import { currentOwner, HEARTBEAT_MS, OWNER_STALE_MS } from '../../../src-main/store/owner.ts';
import { Store } from '../../../src-main/store/store.ts';
import type { Owner } from '../../../src-main/contract/rows.ts';
import { MNIST, newRun, START, useTempDir } from '../../fixtures/store/builders.ts';

/** A process in a container: pid 7 there, no such process here. */
const IN_CONTAINER: Owner = { id: 'serve-in-container', pid: 7, host: 'container-1' };
const GONE: Owner = { id: 'killed-cli', pid: 31337, host: 'box' };

/** A fresh temp folder per test, with the clock (Date and intervals) under the test's control:
 * heartbeats and staleness are about time. */
function tempFolderOnFakeClock(): { file: (name: string) => string } {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  return useTempDir();
}

describe('owners', () => {
  it('names this process by a random id, with its pid and host for messages', () => {
    const me = currentOwner();
    expect(me.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(me.pid).toBe(process.pid);
    expect(me.host).toBe(hostname());
    expect(currentOwner()).toBe(me);
  });
});

describe('markOrphansInterrupted', () => {
  const tmp = tempFolderOnFakeClock();

  it('leaves the runs of a beating owner alone, even one whose pid means nothing here', () => {
    const store = Store.open(tmp.file('namespace.sqlite'));
    const d = store.ensureDataset(MNIST);
    const run = store.createRun(newRun(d.id, { owner: IN_CONTAINER }));
    store.startRun(run.id, START, IN_CONTAINER);
    vi.advanceTimersByTime(OWNER_STALE_MS - 1000);
    expect(store.markOrphansInterrupted()).toEqual([]);
    store.beat(IN_CONTAINER);
    vi.advanceTimersByTime(OWNER_STALE_MS - 1000);
    expect(store.markOrphansInterrupted()).toEqual([]);
    expect(store.getRun(run.id).status).toBe('running');
    expect(store.getRun(run.id).owner).toEqual(IN_CONTAINER);
    store.close();
  });

  it('interrupts the queued and running runs of an owner whose heartbeat went stale', () => {
    const store = Store.open(tmp.file('stale.sqlite'));
    const d = store.ensureDataset(MNIST);
    const me = currentOwner();
    const running = store.createRun(newRun(d.id, { owner: GONE }));
    store.startRun(running.id, START, GONE);
    const queued = store.createRun(newRun(d.id, { owner: GONE }));
    const finished = store.createRun(newRun(d.id, { owner: GONE }));
    store.endRun(finished.id, 'cancelled', null);
    const mine = store.createRun(newRun(d.id, { owner: me }));
    store.startRun(mine.id, START, me);

    vi.advanceTimersByTime(OWNER_STALE_MS + 1000);
    store.beat(me);
    expect(store.markOrphansInterrupted()).toEqual([running.id, queued.id]);
    for (const id of [running.id, queued.id]) {
      const run = store.getRun(id);
      expect(run.status).toBe('interrupted');
      expect(run.error).toBe(
        'Backprop Lab was closed while this run was training ' +
          '(its process 31337 on box sent no heartbeat for 11 s)',
      );
      expect(run.finishedAt).toBe(Date.now());
    }
    expect(store.getRun(mine.id).status).toBe('running');
    expect(store.getRun(finished.id).status).toBe('cancelled');
    expect(store.markOrphansInterrupted()).toEqual([]);
    store.close();
  });

  it('forgets owners gone stale, with runs or without (each train command is one)', () => {
    const file = tmp.file('forget.sqlite');
    const store = Store.open(file);
    const d = store.ensureDataset(MNIST);
    const finished = store.createRun(newRun(d.id, { owner: GONE }));
    store.endRun(finished.id, 'cancelled', null);
    store.beat(IN_CONTAINER);
    const owners = () => {
      const db = new Database(file, { readonly: true });
      const ids = db.prepare('SELECT id FROM owners ORDER BY id').pluck().all();
      db.close();
      return ids;
    };
    expect(owners()).toEqual([GONE.id, IN_CONTAINER.id]);
    vi.advanceTimersByTime(OWNER_STALE_MS + 1);
    store.beat(IN_CONTAINER);
    expect(store.markOrphansInterrupted()).toEqual([]);
    expect(owners()).toEqual([IN_CONTAINER.id]);
    store.close();
  });

  it('applies one rule in every process: another store on the file sees the same', () => {
    const file = tmp.file('two.sqlite');
    const a = Store.open(file);
    const b = Store.open(file);
    const d = a.ensureDataset(MNIST);
    const run = a.createRun(newRun(d.id, { owner: GONE }));
    a.startRun(run.id, START, GONE);
    vi.advanceTimersByTime(OWNER_STALE_MS - 1);
    expect(b.markOrphansInterrupted()).toEqual([]);
    vi.advanceTimersByTime(2);
    expect(b.markOrphansInterrupted()).toEqual([run.id]);
    expect(a.getRun(run.id).status).toBe('interrupted');
    a.close();
    b.close();
  });
});

describe('startHeartbeat', () => {
  const tmp = tempFolderOnFakeClock();

  it('keeps its own runs alive, notices a dead owner within one beat of going stale, and stops', () => {
    const store = Store.open(tmp.file('beat.sqlite'));
    const d = store.ensureDataset(MNIST);
    const me = currentOwner();
    const mine = store.createRun(newRun(d.id, { owner: me }));
    store.startRun(mine.id, START, me);
    const theirs = store.createRun(newRun(d.id, { owner: GONE }));
    const interrupted: number[][] = [];
    const heartbeat = startHeartbeat(store, me, { onInterrupted: (ids) => interrupted.push(ids) });

    vi.advanceTimersByTime(OWNER_STALE_MS);
    expect(interrupted).toEqual([]);
    vi.advanceTimersByTime(HEARTBEAT_MS);
    expect(interrupted).toEqual([[theirs.id]]);
    vi.advanceTimersByTime(10 * OWNER_STALE_MS);
    expect(store.getRun(mine.id).status).toBe('running');

    heartbeat.stop();
    vi.advanceTimersByTime(OWNER_STALE_MS + 1);
    expect(store.markOrphansInterrupted()).toEqual([mine.id]);
    store.close();
  });

  it('reports a beat the store refuses and tries again at the next one', () => {
    const store = Store.open(tmp.file('refused.sqlite'));
    const errors: unknown[] = [];
    const heartbeat = startHeartbeat(store, currentOwner(), { onError: (e) => errors.push(e) });
    store.close();
    vi.advanceTimersByTime(2 * HEARTBEAT_MS);
    expect(errors).toHaveLength(2);
    heartbeat.stop();
  });
});
