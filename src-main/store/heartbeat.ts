// Keeps this process's heartbeat fresh while it holds the store open, and notices other owners'
// deaths on the way: every HEARTBEAT_MS it beats, then interrupts the runs of owners gone stale
// (see owner.ts). The timer is unref'd, so it never keeps a process alive on its own.

import { HEARTBEAT_MS } from './owner.ts';
import type { Store } from './store.ts';
import type { Owner } from '../contract/rows.ts';

export interface Heartbeat {
  /** Stops beating (the owner's row then goes stale): call before closing the store. */
  stop(): void;
}

export interface HeartbeatOptions {
  /** Ids of runs just marked interrupted because their owner stopped beating. */
  readonly onInterrupted?: (runIds: number[]) => void;
  /** A beat or sweep the store refused (busy, damaged): the next one tries again. */
  readonly onError?: (error: unknown) => void;
}

export function startHeartbeat(
  store: Store,
  owner: Owner,
  options: HeartbeatOptions = {},
): Heartbeat {
  const tick = (): void => {
    try {
      store.beat(owner);
      const ended = store.markOrphansInterrupted();
      if (ended.length > 0) options.onInterrupted?.(ended);
    } catch (error) {
      options.onError?.(error);
    }
  };
  tick();
  const timer = setInterval(tick, HEARTBEAT_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
