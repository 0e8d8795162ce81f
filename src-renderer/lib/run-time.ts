// How long a run trained, as every view gives it (the Runs table, its scatter, Compare).

import type { RunRow } from '../../src-main/contract/rows.ts';

/** Seconds spent training: the recorded time, else the wall time between start and finish (only
 * a completed run records its training time; a cancelled or interrupted one has the wall time). */
export function runSeconds(
  r: Pick<RunRow, 'trainSeconds' | 'startedAt' | 'finishedAt'>,
): number | null {
  if (r.trainSeconds !== null) return r.trainSeconds;
  if (r.startedAt !== null && r.finishedAt !== null) return (r.finishedAt - r.startedAt) / 1000;
  return null;
}
