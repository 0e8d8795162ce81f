import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { currentOwner, isOwnerAlive } from '../../../src-main/store/owner.ts';
import { Store } from '../../../src-main/store/store.ts';
import { MNIST, newRun, START, tempDir } from '../../fixtures/store/builders.ts';

/** The pid of a process that has already exited (and been reaped). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  expect(child.status).toBe(0);
  return child.pid as number;
}

describe('owners', () => {
  it('knows this process is alive', () => {
    const me = currentOwner();
    expect(me.pid).toBe(process.pid);
    expect(me.started).toMatch(/^\d+$/);
    expect(isOwnerAlive(me)).toBe(true);
  });

  it('knows an exited process is gone', () => {
    expect(isOwnerAlive({ pid: deadPid(), started: currentOwner().started })).toBe(false);
  });

  it.runIf(process.platform === 'linux')(
    'does not mistake a live process with another start time for the owner',
    () => {
      expect(isOwnerAlive({ pid: process.pid, started: '1' })).toBe(false);
    },
  );

  it('never treats pid 0 or a negative pid (process groups) as an owner', () => {
    expect(isOwnerAlive({ pid: 0, started: '1' })).toBe(false);
    expect(isOwnerAlive({ pid: -1, started: '1' })).toBe(false);
  });
});

describe('markOrphansInterrupted', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.remove());

  it('interrupts the runs of a dead owner and leaves a live owner’s runs alone', () => {
    const store = Store.open(tmp.file('orphans.sqlite'));
    const d = store.ensureDataset(MNIST);
    const me = currentOwner();
    const dead = { pid: deadPid(), started: me.started };
    const running = store.createRun(newRun(d.id, { owner: dead }));
    store.startRun(running.id, START, dead);
    const queued = store.createRun(newRun(d.id, { owner: dead }));
    const mine = store.createRun(newRun(d.id, { owner: me }));
    store.startRun(mine.id, START, me);
    const finished = store.createRun(newRun(d.id, { owner: dead }));
    store.endRun(finished.id, 'cancelled', null);

    expect(store.markOrphansInterrupted(isOwnerAlive)).toEqual([running.id, queued.id]);
    for (const id of [running.id, queued.id]) {
      const run = store.getRun(id);
      expect(run.status).toBe('interrupted');
      expect(run.error).toContain(`process ${dead.pid} ended without finishing`);
      expect(run.finishedAt).not.toBeNull();
    }
    expect(store.getRun(mine.id).status).toBe('running');
    expect(store.getRun(finished.id).status).toBe('cancelled');
    expect(store.markOrphansInterrupted(isOwnerAlive)).toEqual([]);
    store.close();
  });

  it('asks about each owner once', () => {
    const store = Store.open(tmp.file('once.sqlite'));
    const d = store.ensureDataset(MNIST);
    for (let i = 0; i < 3; i++) store.createRun(newRun(d.id));
    const asked: number[] = [];
    store.markOrphansInterrupted((o) => {
      asked.push(o.pid);
      return true;
    });
    expect(asked).toEqual([newRun(d.id).owner.pid]);
    store.close();
  });
});
