// Which process supervises a run. A pid alone is not enough: after a crash the system may give
// the same pid to an unrelated process, so each owner also carries a start-time token.

import { readFileSync } from 'node:fs';
import type { Owner } from './types.ts';

/** Field 22 of /proc/<pid>/stat: when the process started, in clock ticks since boot. */
function linuxStartTime(pid: number): string | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // Field 2 is the command name in parentheses and may itself hold spaces or ')', so count the
  // fields from after the last ')': that is field 3, which makes starttime the 20th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19] ?? null;
}

export function currentOwner(): Owner {
  const pid = process.pid;
  const linux = process.platform === 'linux' ? linuxStartTime(pid) : null;
  const started = linux ?? String(Math.round((Date.now() - process.uptime() * 1000) / 1000));
  return { pid, started };
}

export function isOwnerAlive(owner: Owner): boolean {
  // pid 0 and negative pids address process groups in kill(): never a run's owner.
  if (!Number.isInteger(owner.pid) || owner.pid <= 0) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (process.platform !== 'linux') return true;
  // Without a readable /proc (not mounted, or hidden), the pid check is all there is.
  const started = linuxStartTime(owner.pid);
  return started === null || started === owner.started;
}
