// Which process supervises a run, and whether it still does. A pid cannot say: in a container
// (another PID namespace) the same process has another pid, so a `list` outside it found serve's
// live pid "dead"; and a killed process that its parent has not reaped yet still looks alive.
// Instead each owner writes a heartbeat row (owners.last_beat) every HEARTBEAT_MS while it holds
// the database open; an owner whose last beat is older than OWNER_STALE_MS is gone, and so are
// its queued and running runs. Every process applies this one rule, through the store's
// markOrphansInterrupted. The pid and host name stay only for messages.

import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Owner } from '../contract/rows.ts';

/** How often an owning process refreshes its heartbeat (and sweeps for dead owners). */
export const HEARTBEAT_MS = 2_000;
/** A heartbeat older than this means its process is gone: five missed beats, so a busy event
 * loop or a slow disk is not taken for a death. */
export const OWNER_STALE_MS = 10_000;

/** This process, as an owner: a random id for this run of the program, with its pid and host. */
const ME: Owner = { id: randomUUID(), pid: process.pid, host: hostname() };

export function currentOwner(): Owner {
  return ME;
}
